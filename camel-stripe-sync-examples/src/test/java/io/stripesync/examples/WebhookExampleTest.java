package io.stripesync.examples;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.stripesync.camel.catalog.StripeCatalog;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.Exchange;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook example (webhooks/stripe-sync-webhooks.camel.yaml) in camel-main with its embedded HTTP server, against
 * the simulator: the snapshot by polling, then each change pushed by the simulator's webhooks, long before the backstop
 * poll (every 60 s) would bring it. Once with the endpoint the route registers, once with one the user registered and
 * whose secret comes from a property.
 */
class WebhookExampleTest {

    private final List<String> delivered = new CopyOnWriteArrayList<>();

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path positions;

    /** camel-main's management server: the dev consoles. */
    private int managementPort;

    private Main app(StripeSimulator sim, int port, Map<String, String> overrides) throws Exception {
        Main main = new Main();
        managementPort = freePort();
        main.addOverrideProperty("camel.management.port", String.valueOf(managementPort));
        main.addOverrideProperty("camel.management.host", "127.0.0.1");
        main.addOverrideProperty("camel.component.stripe-sync.state-file", positions.resolve("positions.dat").toString());
        main.setDefaultPropertyPlaceholderLocation("classpath:webhooks/application.properties");
        main.addOverrideProperty("camel.server.port", String.valueOf(port));
        main.addOverrideProperty("camel.server.host", "127.0.0.1");
        main.addOverrideProperty("camel.component.stripe-sync.api-key", "sk_test_webhook_example");
        main.addOverrideProperty("camel.component.stripe-sync.api-base", sim.baseUrl());
        main.addOverrideProperty("stripe.webhook.public-url", "http://127.0.0.1:" + port);
        main.addOverrideProperty("stripe.sink", "bean:delivered");
        overrides.forEach(main::addOverrideProperty);
        main.bind("delivered", (org.apache.camel.Processor) (Exchange e) -> delivered.add(
                e.getIn().getHeader("CamelStripeSyncOperation") + " " + e.getIn().getHeader("CamelStripeSyncObjectId")));
        return main;
    }

    private static int freePort() throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    private void await(java.util.function.BooleanSupplier done, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("in time").isLessThan(end);
            Thread.sleep(20);
        }
    }

    private void changesArriveByWebhook(StripeSimulator sim, Main app) throws Exception {
        app.start();
        try {
            await(() -> delivered.size() == 10, Duration.ofSeconds(30));
            // the snapshot is through; the backstop poll waits a minute, so what arrives now was pushed
            Thread.sleep(300);
            String id = sim.create("customer", Map.of("name", "pushed")).get("id").getAsString();
            await(() -> delivered.contains("create " + id), Duration.ofSeconds(5));
            sim.delete("customer", id);
            await(() -> delivered.contains("delete " + id), Duration.ofSeconds(5));
            // the simulator records an attempt once it has the answer, which follows the exchange
            await(() -> sim.webhooks().attempts().size() == 2, Duration.ofSeconds(5));
            // the stripe-sync dev console on the management server: the stream with what webhooks brought
            java.net.http.HttpResponse<String> console = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + managementPort
                                                                             + "/q/dev/stripe-sync")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(console.statusCode()).isEqualTo(200);
            assertThat(console.body()).contains("Route: customers (stripe-sync:customer, state key ")
                    .contains("Phase: CDC").contains("Records: 10 snapshot, 1 create, 0 update, 1 delete")
                    .contains("Webhooks: 2 requests, 2 delivered, 0 duplicates, 0 refused, 0 failed");
        } finally {
            app.stop();
        }
        assertThat(delivered).filteredOn(d -> d.startsWith("snapshot ")).hasSize(10);
        assertThat(sim.webhooks().attempts()).isNotEmpty().allMatch(a -> a.status() == 200);
    }

    @Test
    void theRouteRegistersItsEndpointAndChangesArriveByWebhook() throws Exception {
        try (StripeSimulator sim = StripeSimulator.start(31)) {
            sim.seed("customer", 10, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("name", "c" + i));
            int port = freePort();
            changesArriveByWebhook(sim, app(sim, port, Map.of()));
            assertThat(sim.objects("webhook_endpoint")).singleElement().satisfies(e -> assertThat(
                    e.get("url").getAsString()).isEqualTo("http://127.0.0.1:" + port + "/stripe/customers"));
        }
    }

    @Test
    void anEndpointRegisteredByTheUserWithItsSecretFromAProperty() throws Exception {
        try (StripeSimulator sim = StripeSimulator.start(32)) {
            sim.seed("customer", 10, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("name", "c" + i));
            int port = freePort();
            com.stripe.StripeClient client = com.stripe.StripeClient.builder().setApiKey("sk_test_webhook_example")
                    .setApiBase(sim.baseUrl()).build();
            String secret = com.google.gson.JsonParser.parseString(client.rawRequest(
                    com.stripe.net.ApiResource.RequestMethod.POST, "/v1/webhook_endpoints",
                    com.stripe.net.FormEncoder.createQueryString(Map.of(
                            "url", "http://127.0.0.1:" + port + "/stripe/customers",
                            "enabled_events", StripeCatalog.defaultCatalog().require("customer").eventTypes()))).body())
                    .getAsJsonObject().get("secret").getAsString();
            // as STRIPE_WEBHOOK_SECRET would give it
            changesArriveByWebhook(sim, app(sim, port, Map.of("stripe.webhook.auto-register", "false",
                    "camel.component.stripe-sync.webhook-secret", secret)));
            assertThat(sim.objects("webhook_endpoint")).hasSize(1);
        }
    }
}
