package io.stripesync.camel.consumer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.google.gson.JsonObject;
import io.stripesync.camel.LogCapture;
import io.stripesync.camel.StripeSyncConsumer;
import io.stripesync.camel.simulator.Simulated;
import io.stripesync.camel.simulator.StripeSimulator;
import io.stripesync.camel.simulator.WebhookSender;
import io.stripesync.camel.webhook.WebhookVerifier.Reason;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that are not this endpoint's events: each answered 400 (a replay of a delivered one 200), counted by
 * reason, no exchange, one log line that holds neither the secret nor the body.
 */
class WebhookSecurityTest {

    private static final String SECRET = "whsec_camelStripeSyncTestSecret0123456789";
    private static final String MARKER = "body-marker-7f3a";

    @Simulated(seed = 72)
    private StripeSimulator sim;
    private WebhookRoute route;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        sim.seed("customer", 5, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("name", "c" + i));
        // the user registered the endpoint and gives its secret (on the component, as from a placeholder or vault)
        route = new WebhookRoute(sim, "customer", "webhookAutoRegister=false", new MemoryStateRepository())
                .withWebhookSecret(SECRET).start();
        // the changes this test makes must reach the route only through its requests: the backstop waits a minute
        WebhookRoute.awaitFollowingAndIdle(route, sim);
    }

    @AfterEach
    void stop() {
        route.close();
    }

    private int post(String body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(route.url())).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("Stripe-Signature", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String signed(String body, String secret, long t) {
        return WebhookSender.signatureHeader(body, secret, t);
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    /** A real customer.created event of the simulator, made after the stream's CDC start, with a marker in its body. */
    private JsonObject newEvent() {
        String id = sim.create("customer", Map.of("name", MARKER)).get("id").getAsString();
        return sim.events().stream()
                .filter(e -> e.get("type").getAsString().equals("customer.created")
                             && e.getAsJsonObject("data").getAsJsonObject("object").get("id").getAsString().equals(id))
                .findFirst().orElseThrow();
    }

    @Test
    void requestsThatAreNotThisEndpointsEventsAreRefusedCountedAndLeaveNoExchange() throws Exception {
        StripeSyncConsumer consumer = route.consumer();
        String event = newEvent().toString();
        JsonObject otherAccount = newEvent();
        otherAccount.addProperty("account", "acct_1Other");
        JsonObject live = newEvent();
        live.addProperty("livemode", true);
        String thin = "{\"id\":\"evt_thin1\",\"object\":\"v2.core.event\",\"type\":\"v1.billing.meter.no_meter_found\","
                      + "\"created\":\"2026-01-01T00:00:00.000Z\",\"livemode\":false,\"related_object\":{\"id\":\"" + MARKER
                      + "\",\"type\":\"billing.meter\",\"url\":\"/v1/billing/meters/x\"}}";
        String oversize = "{\"pad\":\"" + MARKER + "x".repeat(1024 * 1024) + "\"}";
        try (LogCapture log = new LogCapture(StripeSyncConsumer.class)) {
            assertThat(post(event, signed(event, "whsec_anotherEndpointsSecret000000000", now()))).isEqualTo(400);
            // signed with the right secret, then changed on the way
            assertThat(post(event.replace(MARKER, MARKER + "-changed"), signed(event, SECRET, now()))).isEqualTo(400);
            assertThat(post(event, null)).isEqualTo(400);
            assertThat(post(event, signed(event, SECRET, now() - 301))).isEqualTo(400);
            assertThat(post("not json " + MARKER, signed("not json " + MARKER, SECRET, now()))).isEqualTo(400);
            assertThat(post("{\"object\":\"customer\",\"id\":\"" + MARKER + "\"}",
                    signed("{\"object\":\"customer\",\"id\":\"" + MARKER + "\"}", SECRET, now()))).isEqualTo(400);
            assertThat(post(oversize, signed(oversize, SECRET, now()))).isEqualTo(400);
            assertThat(post(otherAccount.toString(), signed(otherAccount.toString(), SECRET, now()))).isEqualTo(400);
            assertThat(post(live.toString(), signed(live.toString(), SECRET, now()))).isEqualTo(400);
            assertThat(post(thin, signed(thin, SECRET, now()))).isEqualTo(400);

            assertThat(consumer.webhookRefusals(Reason.BAD_SIGNATURE)).isEqualTo(2);
            assertThat(consumer.webhookRefusals(Reason.MISSING_SIGNATURE)).isEqualTo(1);
            assertThat(consumer.webhookRefusals(Reason.STALE_TIMESTAMP)).isEqualTo(1);
            assertThat(consumer.webhookRefusals(Reason.NOT_AN_EVENT)).isEqualTo(2);
            assertThat(consumer.webhookRefusals(Reason.TOO_LARGE)).isEqualTo(1);
            assertThat(consumer.webhookRefusals(Reason.OTHER_ACCOUNT)).isEqualTo(1);
            assertThat(consumer.webhookRefusals(Reason.OTHER_MODE)).isEqualTo(1);
            assertThat(consumer.webhookRefusals(Reason.THIN_EVENT)).isEqualTo(1);
            assertThat(consumer.getWebhookRefusals()).isEqualTo(10);
            assertThat(route.replica.seen()).as("exchanges after the snapshot").allMatch(s -> s.eventId() == null);

            String lines = log.text();
            assertThat(lines.lines().filter(l -> l.contains("refused a webhook request"))).hasSize(10);
            assertThat(lines).doesNotContain(SECRET).doesNotContain("whsec_another").doesNotContain(MARKER)
                    .contains("(BAD_SIGNATURE)", "(MISSING_SIGNATURE)", "(STALE_TIMESTAMP)", "(NOT_AN_EVENT)",
                            "(TOO_LARGE)", "(OTHER_ACCOUNT)", "(OTHER_MODE)", "(THIN_EVENT)");
        }

        // a valid event is delivered once; the same request replayed (within the tolerance) is answered 200, not again
        String header = signed(event, SECRET, now());
        assertThat(post(event, header)).isEqualTo(200);
        assertThat(post(event, header)).isEqualTo(200);
        assertThat(route.replica.seen()).filteredOn(s -> s.eventId() != null).extracting(Replica.Seen::operation)
                .containsExactly("create");
        assertThat(consumer.getWebhookDeliveries()).isEqualTo(1);
        assertThat(consumer.getWebhookDuplicates()).isEqualTo(1);
    }
}
