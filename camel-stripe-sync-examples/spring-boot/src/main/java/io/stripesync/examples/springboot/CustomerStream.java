package io.stripesync.examples.springboot;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** Every customer, then every change: one log line per exchange. Options come from application.yml. */
@Component
public class CustomerStream extends RouteBuilder {

    @Override
    public void configure() {
        from("stripe-sync:customer").routeId("customers")
                .log("${header.CamelStripeSyncOperation} ${header.CamelStripeSyncObjectId}"
                     + " ${header.CamelStripeSyncEventType}");
    }
}
