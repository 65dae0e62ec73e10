package io.stripesync.camel.simulator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpServer;
import io.stripesync.camel.client.ClientSettings;
import io.stripesync.camel.client.StripeClients;
import io.stripesync.camel.client.StripeGateway;
import io.stripesync.camel.webhook.WebhookVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The simulator's webhook deliveries as Stripe makes them: signed (checked by the component's verifier, which uses
 * stripe-java), at least once, out of order, retried while the endpoint fails, and with the faults a webhook-only
 * system suffers when asked for.
 */
class SimulatorWebhooksTest {

    @Simulated(seed = 61)
    private StripeSimulator sim;
    private HttpServer receiver;
    /** Event ids in the order they arrived verified; refusals by reason. */
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    /** How many of the next requests the receiver answers 500 (a failing endpoint). */
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile WebhookVerifier verifier;

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        receiver.createContext("/stripe", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status;
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                status = 500;
            } else {
                try {
                    JsonObject event = verifier.verify(body, exchange.getRequestHeaders().getFirst("Stripe-Signature"));
                    received.add(event.get("id").getAsString());
                    status = 200;
                } catch (WebhookVerifier.Refused e) {
                    refused.add(e.reason().name());
                    status = 400;
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/stripe";
    }

    private void register(String... events) {
        String secret = sim.webhooks().register(url(), List.of(events)).getValue();
        verifier = new WebhookVerifier(secret, WebhookVerifier.DEFAULT_TOLERANCE_SECONDS, Clock.systemUTC(), null, false);
    }

    private List<String> eventIds(String type) {
        List<String> ids = new ArrayList<>();
        sim.events().forEach(e -> {
            if (e.get("type").getAsString().equals(type)) {
                ids.add(e.get("id").getAsString());
            }
        });
        return ids;
    }

    @Test
    void everyEventOfTheRegisteredTypesArrivesSignedOnce() {
        register("customer.created", "customer.updated");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(sim.create("customer", Map.of("name", "c" + i)).get("id").getAsString());
        }
        sim.update("customer", ids.get(0), Map.of("name", "renamed"));
        sim.delete("customer", ids.get(1));
        List<String> expected = new ArrayList<>(eventIds("customer.created"));
        expected.addAll(eventIds("customer.updated"));

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= expected.size());
        assertThat(received).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(refused).isEmpty();
        assertThat(sim.webhooks().attempts()).extracting(WebhookSender.Attempt::status).containsOnly(200);
    }

    @Test
    void dropsDuplicatesAndDelaysAsAsked() {
        register("*");
        sim.webhooks().dropRate(0.2).duplicateRate(0.2).maxDelay(Duration.ofMillis(200));
        for (int i = 0; i < 200; i++) {
            sim.create("customer", Map.of("name", "c" + i));
        }
        List<String> created = eventIds("customer.created");
        long dropped = sim.webhooks().attempts().stream().filter(a -> a.status() == -1).count();
        await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().distinct().count() == created.size() - dropped
                                                          && sim.webhooks().attempts().size() == received.size() + dropped);
        Map<String, Integer> times = new HashMap<>();
        received.forEach(id -> times.merge(id, 1, Integer::sum));
        long twice = times.values().stream().filter(n -> n == 2).count();
        System.out.printf("webhooks: %d events, %d dropped, %d delivered twice%n", created.size(), dropped, twice);
        assertThat(dropped).isBetween(20L, 60L);
        assertThat(twice).isBetween(20L, 60L);
        assertThat(times.values()).allMatch(n -> n <= 2);
        assertThat(received.stream().distinct().toList()).as("reordered by the delays").isNotEqualTo(
                created.stream().filter(times::containsKey).toList());
    }

    @Test
    void aFailingEndpointIsRetriedUntilItAnswers2xx() {
        register("customer.created");
        sim.webhooks().retries(4, Duration.ofMillis(50));
        failNext.set(2);
        String id = sim.create("customer", Map.of("name", "retried")).get("id").getAsString();
        String event = eventIds("customer.created").get(0);

        await().atMost(Duration.ofSeconds(10)).until(() -> received.contains(event));
        assertThat(sim.webhooks().attempts()).extracting(WebhookSender.Attempt::attempt, WebhookSender.Attempt::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 500), org.assertj.core.groups.Tuple.tuple(2, 500),
                        org.assertj.core.groups.Tuple.tuple(3, 200));
        assertThat(id).startsWith("cus_");
    }

    @Test
    void endpointsRegisteredThroughTheApiGetTheirSecretOnceAndStopWhenDeleted() throws Exception {
        StripeClients clients = new StripeClients();
        StripeGateway gateway = clients.gateway(new ClientSettings("sk_test_hooks", sim.baseUrl(), null, null, null,
                10_000, 10_000, 0, 0), 0);
        Map<String, Object> params = new HashMap<>();
        // Stripe requires the url and the event types
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> gateway.call("POST", "/v1/webhook_endpoints",
                Map.of("enabled_events", List.of("customer.created")), null, null)))
                .isInstanceOf(com.stripe.exception.InvalidRequestException.class)
                .hasMessageStartingWith("Missing required param: url.");
        // and only types of its enabled_events enum: a retired one is refused
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> gateway.call("POST", "/v1/webhook_endpoints",
                Map.of("url", url(), "enabled_events", List.of("customer.created", "transfer.paid")), null, null)))
                .isInstanceOf(com.stripe.exception.InvalidRequestException.class)
                .hasMessageStartingWith("Invalid enabled_events: transfer.paid is not a valid event type.");
        params.put("url", url());
        params.put("enabled_events", List.of("customer.created"));
        JsonObject endpoint = gateway.call("POST", "/v1/webhook_endpoints", params, null, null).body();
        String secret = endpoint.get("secret").getAsString();
        assertThat(secret).startsWith("whsec_");
        assertThat(gateway.get("/v1/webhook_endpoints/" + endpoint.get("id").getAsString(), Map.of()).has("secret"))
                .as("answered once, at creation").isFalse();
        verifier = new WebhookVerifier(secret, WebhookVerifier.DEFAULT_TOLERANCE_SECONDS, Clock.systemUTC(), null, false);

        sim.create("customer", Map.of("name", "hooked"));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        gateway.call("DELETE", "/v1/webhook_endpoints/" + endpoint.get("id").getAsString(), Map.of(), null, null);
        sim.create("customer", Map.of("name", "after the delete"));
        Thread.sleep(300);
        assertThat(received).hasSize(1);
        clients.closeAll();
    }
}
