package io.stripesync.examples.springboot;

import java.util.Map;

import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application with stripe.webhooks.enabled on its real web server: the route registers its webhook endpoint with
 * the simulator, which posts each change to Spring MVC (platform-http); the backstop poll would wait a minute.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = {"stripe-simulator.customers=20", "stripe-simulator.change-every-millis=0", "spring.main.banner-mode=off", "logging.level.root=WARN",
                              "stripe.webhooks.enabled=true",
                              "stripe.webhooks.public-url=http://127.0.0.1:${local.server.port}"})
@UseAdviceWith
class WebhookStreamTest {

    @Autowired
    CamelContext camel;

    @Autowired
    StripeSimulator simulator;

    @Autowired
    org.springframework.boot.actuate.health.HealthEndpoint health;

    @Test
    void changesArriveByWebhookThroughSpringMvc() throws Exception {
        AdviceWith.adviceWith(camel, "customers", route -> route.weaveAddLast().to("mock:customers"));
        MockEndpoint customers = camel.getEndpoint("mock:customers", MockEndpoint.class);
        camel.start();
        for (int waited = 0; customers.getReceivedCounter() < 20 && waited < 300; waited++) {
            Thread.sleep(100);
        }
        assertThat(simulator.objects("webhook_endpoint")).singleElement().satisfies(
                e -> assertThat(e.get("url").getAsString()).endsWith("/stripe/customers"));
        io.stripesync.camel.StripeSyncConsumer stream = io.stripesync.camel.WebhookTestAccess.consumer(camel, "customers");
        for (int waited = 0; waited < 100 && (stream.getPosition() == null
                                              || stream.getPosition().phase() != io.stripesync.camel.position.Phase.CDC); waited++) {
            Thread.sleep(100);
        }
        // the snapshot's last polls are over (no request for half a second): the backstop waits a minute now
        for (long seen = -1; seen != simulator.counters().total(); ) {
            seen = simulator.counters().total();
            Thread.sleep(500);
        }
        String created = simulator.create("customer", Map.of("email", "pushed@example.com")).get("id").getAsString();
        for (int waited = 0; waited < 50 && customers.getReceivedExchanges().stream().noneMatch(
                e -> created.equals(e.getIn().getHeader("CamelStripeSyncObjectId"))); waited++) {
            Thread.sleep(100);
        }
        assertThat(customers.getReceivedExchanges()).anySatisfy(e -> {
            assertThat(e.getIn().getHeader("CamelStripeSyncOperation")).isEqualTo("create");
            assertThat(e.getIn().getHeader("CamelStripeSyncObjectId")).isEqualTo(created);
        });
        // the simulator records an attempt once it has the answer, which follows the exchange
        for (int waited = 0; waited < 50 && simulator.webhooks().attempts().isEmpty(); waited++) {
            Thread.sleep(100);
        }
        assertThat(simulator.webhooks().attempts()).isNotEmpty().allMatch(a -> a.status() == 200);
        assertThat(stream.getWebhookDeliveries()).as("delivered by webhook, not by the backstop poll").isEqualTo(1);

        // the stream's health check, although camel-webhook's HTTP consumer is the route's
        var camelHealth = (org.springframework.boot.actuate.health.Health) health.healthForPath("camelHealth");
        assertThat(camelHealth.getDetails()).containsEntry("stripe-sync:customers", "UP");
        assertThat(String.valueOf(camelHealth.getDetails().get("stripe-sync:customers.data")))
                .contains("endpoint.uri=stripe-sync://customer");
    }
}
