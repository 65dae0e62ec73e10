package io.stripesync.camel.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;
import io.stripesync.camel.LogCapture;
import io.stripesync.camel.catalog.StripeCatalog;
import io.stripesync.camel.simulator.Simulated;
import io.stripesync.camel.simulator.StripeSimulator;
import io.stripesync.camel.webhook.WebhookRegistration;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * camel-webhook's webhookAutoRegister: the route makes its Stripe webhook endpoint through the API with exactly the
 * resource's event types, keeps one per URL across restarts, and deletes it on stop when asked.
 */
class WebhookRegistrationTest {

    @Simulated(seed = 74)
    private StripeSimulator sim;

    private final MemoryStateRepository state = new MemoryStateRepository();

    @BeforeEach
    void start() {
        sim.seed("customer", 3, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("name", "c" + i));
    }

    private List<JsonObject> endpoints() {
        return sim.objects("webhook_endpoint");
    }

    private static List<String> types(JsonObject endpoint) {
        List<String> types = new java.util.ArrayList<>();
        endpoint.getAsJsonArray("enabled_events").forEach(t -> types.add(t.getAsString()));
        return types;
    }

    @Test
    void oneEndpointPerUrlWithTheResourcesTypesReplacedWithoutItsSecretDeletedWhenAsked() throws Exception {
        int port = WebhookRoute.freePort();
        String first;
        try (LogCapture log = new LogCapture(WebhookRegistration.class, org.apache.logging.log4j.Level.INFO);
             WebhookRoute route = new WebhookRoute(sim, "invoice", "", state, port).start()) {
            assertThat(endpoints()).singleElement().satisfies(e -> {
                assertThat(e.get("url").getAsString()).isEqualTo(route.url());
                assertThat(types(e)).containsExactlyInAnyOrderElementsOf(
                        StripeCatalog.defaultCatalog().require("invoice").eventTypes());
                // JSON bodies stream at the account's version: an endpoint made without api_version gets its events so
                assertThat(e.get("api_version")).as("the account's version").isNull();
                assertThat(e.get("status").getAsString()).isEqualTo("enabled");
            });
            first = endpoints().get(0).get("id").getAsString();
            assertThat(log.text()).contains("INFO stripe-sync:invoice registered Stripe webhook endpoint " + first + " at "
                                            + route.url() + " for " + types(endpoints().get(0)).size() + " event types");
        }
        // kept while the route was down (Stripe retries into it); the next start cannot know its secret: replaced
        assertThat(endpoints()).extracting(e -> e.get("id").getAsString()).containsExactly(first);
        try (WebhookRoute route = new WebhookRoute(sim, "invoice", "webhookDeleteOnStop=true&apiVersion=pinned", state,
                port).start()) {
            assertThat(endpoints()).singleElement().satisfies(e -> {
                assertThat(e.get("id").getAsString()).isNotEqualTo(first);
                assertThat(e.get("api_version").getAsString()).as("a stream at the pinned version")
                        .isEqualTo(com.stripe.Stripe.API_VERSION);
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> route.consumer() != null);
        }
        assertThat(endpoints()).as("deleted on stop (webhookDeleteOnStop=true)").isEmpty();
    }

    @Test
    void anEndpointWhoseSecretIsGivenIsKept() throws Exception {
        int port = WebhookRoute.freePort();
        String url = "http://127.0.0.1:" + port + WebhookRoute.PATH;
        // made through the API, as a user (or an earlier start) would: the same types, its secret given to the route
        com.stripe.StripeClient client = com.stripe.StripeClient.builder().setApiKey("sk_test_webhooks")
                .setApiBase(sim.baseUrl()).build();
        com.google.gson.JsonObject made = com.google.gson.JsonParser.parseString(client.rawRequest(
                com.stripe.net.ApiResource.RequestMethod.POST, "/v1/webhook_endpoints",
                com.stripe.net.FormEncoder.createQueryString(Map.of("url", url, "enabled_events",
                        StripeCatalog.defaultCatalog().require("customer").eventTypes()))).body()).getAsJsonObject();
        try (WebhookRoute route = new WebhookRoute(sim, "customer", "", state, port)
                .withWebhookSecret(made.get("secret").getAsString()).start()) {
            assertThat(endpoints()).extracting(e -> e.get("id").getAsString()).containsExactly(made.get("id").getAsString());
            WebhookRoute.awaitFollowingAndIdle(route, sim);
            sim.create("customer", Map.of("name", "through the kept endpoint"));
            await().atMost(Duration.ofSeconds(5)).until(() -> route.consumer().getWebhookDeliveries() == 1);
        }
    }

    @Test
    void typesStripeRetiredAreLeftToThePoll() throws Exception {
        int port = WebhookRoute.freePort();
        try (LogCapture log = new LogCapture(WebhookRegistration.class, org.apache.logging.log4j.Level.INFO);
             WebhookRoute route = new WebhookRoute(sim, "transfer", "", state, port).start()) {
            // stripe-java's enabled_events enum lacks transfer.paid and transfer.failed (API versions before 2017-04-06)
            assertThat(endpoints()).singleElement().satisfies(e -> assertThat(types(e))
                    .containsExactlyInAnyOrder("transfer.created", "transfer.reversed", "transfer.updated"));
            assertThat(log.text()).contains("INFO stripe-sync:transfer: Stripe no longer takes [transfer.failed,"
                                            + " transfer.paid] for webhook endpoints; the poll still reads them");
        }
    }
}
