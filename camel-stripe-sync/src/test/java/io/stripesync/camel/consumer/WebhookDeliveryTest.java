package io.stripesync.camel.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.stripesync.camel.StripeSyncConsumer;
import io.stripesync.camel.simulator.Simulated;
import io.stripesync.camel.simulator.StripeSimulator;
import io.stripesync.camel.simulator.WebhookSender;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code from("webhook:stripe-sync:customer")}: the route registers its Stripe webhook endpoint, takes the snapshot by
 * polling, then receives each change by webhook at once, while the poll (every minute by default) is the backstop.
 */
class WebhookDeliveryTest {

    @Simulated(seed = 71)
    private StripeSimulator sim;

    private final MemoryStateRepository state = new MemoryStateRepository();

    @BeforeEach
    void start() {
        sim.seed("customer", 30, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("name", "c" + i));
    }

    /**
     * An account at an older API version than stripe-java's, its endpoint registered at the account's version: JSON
     * bodies are streamed at that version, so a pushed change is delivered as pushed, with no read.
     */
    @Test
    void pushesAtTheAccountsOlderVersionAreDeliveredWithoutARead() throws Exception {
        sim.accountApiVersion("2024-06-20");
        sim.create("product", Map.of("name", "the account's version shows in its newest event"));
        try (WebhookRoute route = new WebhookRoute(sim, "customer", "", state).start()) {
            WebhookRoute.awaitFollowingAndIdle(route, sim);
            assertThat(sim.objects("webhook_endpoint")).singleElement()
                    .satisfies(endpoint -> assertThat(endpoint.get("api_version")).as("the account's").isNull());
            long requestsBefore = sim.counters().total();
            for (int i = 0; i < 3; i++) {
                // a second apart: each newer than what the reads passed, so none is of uncertain order
                sim.clock().advance(Duration.ofSeconds(1));
                sim.create("customer", Map.of("name", "pushed " + i));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> route.replica.count("create") == 3);
            assertThat(route.consumer().getWebhookDeliveries()).isEqualTo(3);
            assertThat(sim.counters().requests().subList((int) requestsBefore, (int) sim.counters().total()))
                    .as("no read: pushed at the stream's version").isEmpty();
        }
    }

    /** Several resources: one Stripe webhook endpoint with the union of their types, each push to its resource. */
    @Test
    void anEndpointOfSeveralResourcesRegistersTheirTypesOnceAndTakesPushesOfEach() throws Exception {
        try (WebhookRoute route = new WebhookRoute(sim, "customer,coupon", "", state).start()) {
            WebhookRoute.awaitFollowingAndIdle(route, sim);
            assertThat(sim.objects("webhook_endpoint")).singleElement().satisfies(endpoint ->
                    assertThat(endpoint.getAsJsonArray("enabled_events").toString())
                            .contains("customer.created", "customer.deleted", "coupon.created", "coupon.deleted")
                            .doesNotContain("invoice."));
            assertThat(route.replica.count("snapshot")).isEqualTo(30);
            sim.clock().advance(Duration.ofSeconds(1));
            String customer = sim.create("customer", Map.of("name", "pushed")).get("id").getAsString();
            sim.clock().advance(Duration.ofSeconds(1));
            String coupon = sim.create("coupon", Map.of("name", "pushed")).get("id").getAsString();
            await().atMost(Duration.ofSeconds(5)).until(() -> route.replica.count("create") == 2);
            assertThat(route.consumer().getWebhookDeliveries()).isEqualTo(2);
            assertThat(route.replica.rows()).containsKeys(customer, coupon);
        }
    }

    @Test
    void changesArriveByWebhookOnceWhileTheBackstopWaits() throws Exception {
        try (WebhookRoute route = new WebhookRoute(sim, "customer", "", state).start()) {
            WebhookRoute.awaitFollowingAndIdle(route, sim);
            assertThat(sim.objects("webhook_endpoint")).singleElement().satisfies(endpoint -> {
                assertThat(endpoint.get("url").getAsString()).isEqualTo(route.url());
                assertThat(endpoint.getAsJsonArray("enabled_events").toString())
                        .contains("customer.created", "customer.updated", "customer.deleted")
                        .doesNotContain("customer.subscription", "customer.discount");
            });
            long requestsBefore = sim.counters().total();
            String made = sim.create("customer", Map.of("name", "pushed")).get("id").getAsString();
            sim.update("customer", made, Map.of("name", "pushed again"));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(
                    () -> assertThat(route.replica.differenceFrom(sim.objects("customer"))).isEmpty());
            StripeSyncConsumer consumer = route.consumer();
            assertThat(consumer.getWebhookDeliveries()).isEqualTo(2);
            // its figures in JMX, although camel-webhook's HTTP consumer is the route's
            javax.management.MBeanServer jmx = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            java.util.Set<javax.management.ObjectName> consumers = jmx.queryNames(new javax.management.ObjectName(
                    "org.apache.camel:context=" + route.context().getManagementName() + ",type=consumers,*"), null);
            assertThat(consumers.stream().filter(n -> {
                try {
                    return Long.valueOf(2).equals(jmx.getAttribute(n, "WebhookDeliveries"))
                           && "CDC".equals(jmx.getAttribute(n, "Phase"));
                } catch (Exception e) {
                    return false;
                }
            })).hasSize(1);
            // (its health check in the registry: the Spring Boot example's WebhookStreamTest, where camel-health runs)
            assertThat(route.replica.count("create")).isEqualTo(1);
            assertThat(route.replica.count("update")).isEqualTo(1);
            // the simulator records an attempt once it has the answer, which follows the exchange
            await().atMost(Duration.ofSeconds(5)).until(() -> sim.webhooks().attempts().size() == 2);
            assertThat(sim.webhooks().attempts()).extracting(WebhookSender.Attempt::status).containsOnly(200);
            // no poll ran (the backstop waits a minute); the update, made in the create's second, may have reached the
            // route first, so it carries the customer as read now
            assertThat(sim.counters().requests().subList((int) requestsBefore, (int) sim.counters().total()))
                    .extracting(r -> r.method() + " " + r.path()).containsExactly("GET /v1/customers/" + made);
        }
    }

    @Test
    void aRouteFailureIsAnswered500AndStripesRetryDeliversItOnce() throws Exception {
        sim.webhooks().retries(3, Duration.ofMillis(50));
        try (WebhookRoute route = new WebhookRoute(sim, "customer", "", state).start();
             io.stripesync.camel.LogCapture log = new io.stripesync.camel.LogCapture(
                     org.apache.camel.processor.errorhandler.DefaultErrorHandler.class)) {
            WebhookRoute.awaitFollowingAndIdle(route, sim);
            java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger();
            route.failWhen.set(e -> "create".equals(e.getIn().getHeader("CamelStripeSyncOperation"))
                                    && refusals.getAndIncrement() == 0);
            io.stripesync.camel.position.Position before = route.consumer().getPosition();
            String made = sim.create("customer", Map.of("name", "fails once")).get("id").getAsString();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(
                    () -> assertThat(route.replica.differenceFrom(sim.objects("customer"))).isEmpty());
            String eventId = route.replica.seen().stream().filter(s -> made.equals(s.objectId())).findFirst().orElseThrow()
                    .eventId();
            await().atMost(Duration.ofSeconds(5)).until(() -> sim.webhooks().attempts().stream()
                    .filter(a -> a.eventId().equals(eventId)).count() == 2);
            assertThat(sim.webhooks().attempts()).filteredOn(a -> a.eventId().equals(eventId))
                    .extracting(WebhookSender.Attempt::attempt, WebhookSender.Attempt::status)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 500), org.assertj.core.groups.Tuple.tuple(2, 200));
            assertThat(route.replica.seen()).filteredOn(s -> made.equals(s.objectId())).hasSize(1);
            assertThat(route.consumer().getWebhookFailures()).isEqualTo(1);
            assertThat(route.consumer().getPosition().delivered()).containsKey(eventId);
            assertThat(before.delivered()).doesNotContainKey(eventId);
            assertThat(route.consumer().getPosition().cursors()).as("a push never moves the reads' cursor")
                    .isEqualTo(before.cursors());
            assertThat(log.text()).contains("downstream refused " + made);
        }
    }

}
