package io.stripesync.examples;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * Every existing customer, then every change, one line each. The key, base URL and state file come from the
 * component's properties, so the URI stays free of secrets.
 */
public class CustomerStreamRoute extends RouteBuilder {

    /** Operation and object id, then the event type for a change (a snapshot record has none: no trailing blank). */
    static final String LINE = "${trim(${header.CamelStripeSyncOperation} ${header.CamelStripeSyncObjectId}"
                               + " ${header.CamelStripeSyncEventType})}";

    @Override
    public void configure() {
        from("stripe-sync:customer?batchSize=100&delay=1000").routeId("customers-java")
                .log(LoggingLevel.INFO, "demo", LINE);
    }
}
