package io.stripesync.examples.springboot;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Every customer, then every change: one log line per exchange. Options come from application.yml. With
 * {@code stripe.webhooks.enabled=true} the changes come by webhook to this application's web server (the route
 * registers its Stripe webhook endpoint at {@code stripe.webhooks.public-url}), the Events API polled as the backstop.
 */
@Component
public class CustomerStream extends RouteBuilder {

    private final boolean webhooks;

    public CustomerStream(@Value("${stripe.webhooks.enabled:false}") boolean webhooks) {
        this.webhooks = webhooks;
    }

    @Override
    public void configure() {
        String from = webhooks
                ? "webhook:stripe-sync:customer?webhookExternalUrl={{stripe.webhooks.public-url}}"
                  + "&webhookPath=/stripe/customers&webhookComponentName=platform-http"
                : "stripe-sync:customer";
        from(from).routeId("customers")
                .log("${header.CamelStripeSyncOperation} ${header.CamelStripeSyncObjectId}"
                     + " ${header.CamelStripeSyncEventType}");
    }
}
