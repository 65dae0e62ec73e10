package io.stripesync.examples;

import java.util.Map;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * The producer chained as a new user writes it: create a customer, update it, retrieve it, list customers, delete it.
 * Each step takes the body the previous one left; a Stripe object (or a list of them) in the body is never sent as
 * parameters, so only create and update set a body of fields. Same route in YAML: routes/customer-lifecycle.camel.yaml.
 */
public class CustomerLifecycleRoute extends RouteBuilder {

    @Override
    public void configure() {
        from("timer:lifecycle?repeatCount=1").routeId("customer-lifecycle-java")
                .setBody(constant(Map.of("email", "ann@example.com")))
                .to("stripe-sync:customer?operation=create")
                .setBody(constant(Map.of("description", "vip")))
                .to("stripe-sync:customer?operation=update")
                .to("stripe-sync:customer?operation=retrieve")
                .log(LoggingLevel.INFO, "lifecycle", "retrieved ${header.CamelStripeSyncObjectId}")
                .setHeader("CamelStripeSyncLimit", constant(10))
                .to("stripe-sync:customer?operation=list")
                .to("stripe-sync:customer?operation=delete")
                .log(LoggingLevel.INFO, "lifecycle", "deleted ${header.CamelStripeSyncObjectId}");
    }
}
