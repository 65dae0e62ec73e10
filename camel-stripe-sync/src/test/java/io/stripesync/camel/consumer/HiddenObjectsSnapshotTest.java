package io.stripesync.camel.consumer;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.stripesync.camel.TestComponents;
import io.stripesync.camel.position.Phase;
import io.stripesync.camel.simulator.Request;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The snapshot reads objects its list hides unless asked: in test mode, customers, subscriptions and quotes on test
 * clocks (a pass per clock) and subscription schedules of customers on clocks (a pass per such customer); custom
 * payment methods (type=custom).
 */
class HiddenObjectsSnapshotTest {

    private static List<Request> lists(StripeSimulator sim, String path) {
        return sim.counters().requests().stream().filter(r -> r.method().equals("GET") && r.path().equals(path)).toList();
    }

    @Test
    void testModeSnapshotsIncludeObjectsOnTestClocks() throws Exception {
        try (StripeSimulator sim = StripeSimulator.start(31)) {
            String clock1 = sim.create("test_helpers.test_clock", Map.of("frozen_time", 1)).get("id").getAsString();
            String clock2 = sim.create("test_helpers.test_clock", Map.of("frozen_time", 2)).get("id").getAsString();
            sim.create("customer", Map.of("email", "plain@x.io"));
            String onClock1 = sim.create("customer", Map.of("test_clock", clock1)).get("id").getAsString();
            String onClock2 = sim.create("customer", Map.of("test_clock", clock2)).get("id").getAsString();
            sim.create("subscription", Map.of("customer", onClock1, "test_clock", clock1, "status", "active"));
            sim.create("subscription", Map.of("customer", "cus_plain", "status", "active"));
            sim.create("subscription_schedule", Map.of("customer", onClock2));
            sim.create("subscription_schedule", Map.of("customer", "cus_plain"));
            sim.clock().advance(Duration.ofSeconds(5));
            for (String resource : List.of("customer", "subscription", "subscription_schedule")) {
                sim.counters().reset();
                try (SyncRoute route = new SyncRoute(sim, resource, new MemoryStateRepository()).start()) {
                    await().atMost(Duration.ofSeconds(10)).until(() -> TestComponents.inPhase(route.consumer(), Phase.CDC));
                    assertThat(route.replica.differenceFrom(sim.objects(resource))).as(resource).isEmpty();
                    assertThat(route.replica.count("snapshot")).as(resource).isEqualTo(sim.objects(resource).size());
                }
                assertThat(lists(sim, "/v1/test_helpers/test_clocks")).as(resource).hasSize(1);
            }
            sim.counters().reset();
            try (SyncRoute route = new SyncRoute(sim, "customer?stateKey=again", new MemoryStateRepository()).start()) {
                await().atMost(Duration.ofSeconds(10)).until(() -> TestComponents.inPhase(route.consumer(), Phase.CDC));
            }
            assertThat(lists(sim, "/v1/customers")).extracting(r -> r.params().get("test_clock"))
                    .containsExactlyInAnyOrder(null, clock1, clock2);
        }
    }

    @Test
    void customPaymentMethodsAreReadInAPassOfTheirOwnAndLiveKeysAskForNoClock() throws Exception {
        try (StripeSimulator sim = StripeSimulator.start(32)) {
            sim.create("payment_method", Map.of("type", "card"));
            sim.create("payment_method", Map.of("type", "custom"));
            sim.clock().advance(Duration.ofSeconds(5));
            try (SyncRoute route = new SyncRoute(sim, "payment_method", new MemoryStateRepository()).start()) {
                await().atMost(Duration.ofSeconds(10)).until(() -> TestComponents.inPhase(route.consumer(), Phase.CDC));
                assertThat(route.replica.count("snapshot")).isEqualTo(2);
            }
            assertThat(lists(sim, "/v1/payment_methods")).extracting(r -> r.params().get("type"))
                    .containsExactlyInAnyOrder(null, "custom");
            sim.counters().reset();
            try (SyncRoute live = new SyncRoute(sim, "customer?apiKey=sk_live_hidden1234", new MemoryStateRepository())
                    .start()) {
                await().atMost(Duration.ofSeconds(10)).until(() -> TestComponents.inPhase(live.consumer(), Phase.CDC));
            }
            assertThat(lists(sim, "/v1/test_helpers/test_clocks")).as("live mode has no test clocks").isEmpty();
        }
    }
}
