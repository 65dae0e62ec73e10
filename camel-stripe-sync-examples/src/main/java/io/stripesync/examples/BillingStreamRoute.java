package io.stripesync.examples;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * Customers, subscriptions and invoices from one endpoint (one events read and one position for the three), split by
 * the resource each record names: each goes to a route of its own, here a log line on a logger per resource.
 */
public class BillingStreamRoute extends RouteBuilder {

    @Override
    public void configure() {
        from("stripe-sync:customer,subscription,invoice?batchSize=100&delay=1000").routeId("billing-java")
                .choice()
                    .when(header("CamelStripeSyncResource").isEqualTo("invoice")).to("direct:invoices")
                    .when(header("CamelStripeSyncResource").isEqualTo("subscription")).to("direct:subscriptions")
                    .otherwise().to("direct:customers")
                .end();
        from("direct:invoices").routeId("invoices").log(LoggingLevel.INFO, "invoices", CustomerStreamRoute.LINE);
        from("direct:subscriptions").routeId("subscriptions")
                .log(LoggingLevel.INFO, "subscriptions", CustomerStreamRoute.LINE);
        from("direct:customers").routeId("customers").log(LoggingLevel.INFO, "customers", CustomerStreamRoute.LINE);
    }
}
