package io.stripesync.camel.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.google.gson.JsonObject;
import io.stripesync.camel.LogCapture;
import io.stripesync.camel.StripeSyncConsumer;
import io.stripesync.camel.TestComponents;
import io.stripesync.camel.position.Phase;
import io.stripesync.camel.simulator.StripeSimulator;
import io.stripesync.camel.simulator.WebhookSender;
import io.stripesync.camel.simulator.Workload;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks as Stripe sends them (at least once, out of order, retried) with 20 % dropped and 20 % sent twice, a route
 * that fails now and then and is stopped and started again while changes go on: the replica equals the source and
 * every change after the CDC start reached the route exactly once, whether a webhook or the backstop poll brought it.
 */
class WebhookReplicaTest {

    /** One seed in the build; the soak profile runs more (webhook.seeds). */
    static java.util.stream.LongStream seeds() {
        return java.util.Arrays.stream(System.getProperty("webhook.seeds", "73").split(",")).mapToLong(Long::parseLong);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyChangeOnceWithDroppedDuplicatedAndReorderedWebhooksAcrossRestarts(long seed) throws Exception {
        try (StripeSimulator sim = StripeSimulator.start(seed);
             LogCapture quiet = new LogCapture(StripeSyncConsumer.class)) {
            sim.seed("customer", 100, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("name", "c" + i));
            sim.webhooks().dropRate(0.2).duplicateRate(0.2).maxDelay(Duration.ofMillis(200))
                    .retries(6, Duration.ofMillis(100));
            MemoryStateRepository state = new MemoryStateRepository();
            Replica replica = new Replica();
            int port = WebhookRoute.freePort();
            Workload workload = new Workload(sim, "customer", seed);
            // a route failing on one exchange in 25 answers 500 (Stripe sends it again) or fails a polled record
            java.util.Random dice = new java.util.Random(seed);
            long webhookDeliveries = 0;
            long failures = 0;

            WebhookRoute first = new WebhookRoute(sim, "customer", "delay=1000", state, port).into(replica).start();
            first.failWhen.set(e -> e.getIn().getHeader("CamelStripeSyncEventId") != null && dice.nextInt(25) == 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> first.consumer() != null && first.consumer().getPosition() != null
                                                              && TestComponents.inPhase(first.consumer(), Phase.CDC));
            long cdcStart = first.consumer().getPosition().cdcStart();
            workload.run(150, 3);
            webhookDeliveries += first.consumer().getWebhookDeliveries();
            failures += first.consumer().getWebhookFailures();
            first.stop();

            // changes while the route is down: their webhooks fail and are retried, the dropped ones only the poll has
            workload.run(50, 3);

            WebhookRoute second = new WebhookRoute(sim, "customer", "delay=1000", state, port).into(replica).start();
            second.failWhen.set(e -> e.getIn().getHeader("CamelStripeSyncEventId") != null && dice.nextInt(25) == 0);
            workload.run(150, 3);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(
                    () -> assertThat(replica.differenceFrom(sim.objects("customer"))).isEmpty());
            Set<String> expected = sim.events().stream()
                    .filter(e -> e.get("created").getAsLong() >= cdcStart)
                    .filter(e -> "customer".equals(e.getAsJsonObject("data").getAsJsonObject("object").get("object").getAsString()))
                    .map(e -> e.get("id").getAsString()).collect(Collectors.toSet());
            await().atMost(Duration.ofSeconds(30)).until(() -> delivered(replica).keySet().containsAll(expected));
            webhookDeliveries += second.consumer().getWebhookDeliveries();
            failures += second.consumer().getWebhookFailures();
            second.stop();

            Map<String, Long> perEvent = delivered(replica);
            assertThat(perEvent.keySet()).as("changes after the CDC start").containsAll(expected);
            assertThat(perEvent.entrySet()).as("events delivered more than once")
                    .filteredOn(e -> e.getValue() > 1).isEmpty();
            List<WebhookSender.Attempt> attempts = sim.webhooks().attempts();
            Set<String> dropped = attempts.stream().filter(a -> a.status() == -1).map(WebhookSender.Attempt::eventId)
                    .collect(Collectors.toSet());
            long twice = attempts.stream().filter(a -> a.attempt() == 1).collect(Collectors.groupingBy(
                    a -> a.eventId() + a.endpointId(), Collectors.counting())).values().stream().filter(n -> n > 1).count();
            assertThat(dropped).as("some webhooks were dropped").isNotEmpty();
            assertThat(perEvent.keySet()).as("dropped webhooks' events, delivered by the poll").containsAll(
                    dropped.stream().filter(expected::contains).toList());
            assertThat(webhookDeliveries).as("events delivered by webhook").isPositive();
            System.out.printf("webhook replica seed " + seed + ": %d changes after the CDC start, %d webhooks dropped, %d sent twice, %d"
                              + " delivered by webhook, %d by the poll, %d route failures, 0 duplicates%n", expected.size(),
                    dropped.size(), twice, webhookDeliveries, expected.size() - webhookDeliveries, failures);
        }
    }

    /** How often each event reached the route. */
    private static Map<String, Long> delivered(Replica replica) {
        Map<String, Long> perEvent = new HashMap<>();
        replica.seen().stream().filter(s -> s.eventId() != null).forEach(s -> perEvent.merge(s.eventId(), 1L, Long::sum));
        return perEvent;
    }
}
