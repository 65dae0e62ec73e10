package io.stripesync.examples.quarkus;

import org.apache.camel.builder.RouteBuilder;

/** Every customer, then every change: one log line per exchange. Options come from application.properties. */
public class CustomerStream extends RouteBuilder {

    @Override
    public void configure() {
        from("stripe-sync:customer").routeId("customers")
                .log("${header.CamelStripeSyncOperation} ${header.CamelStripeSyncObjectId} ${header.CamelStripeSyncEventType}");
    }
}
