package io.stripesync.camel.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.stripesync.camel.TestComponents;
import io.stripesync.camel.position.Phase;
import io.stripesync.camel.simulator.StripeSimulator;
import io.stripesync.camel.simulator.Workload;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Event types Stripe's spec named and stripe-java dropped (invoiceitem.updated) still reach the route where an account
 * receives them, and a resource read by wildcard delivers types the catalog does not know at all.
 */
class EventTypesBeyondStripeJavaTest {

    @Test
    void invoiceItemUpdatesReachTheReplicaAcrossARestart() throws Exception {
        try (StripeSimulator sim = StripeSimulator.start(21)) {
            sim.legacyEvents(true);
            Workload workload = new Workload(sim, "invoiceitem", 21);
            sim.seed("invoiceitem", 150, Instant.parse("2025-12-31T00:00:00Z"), i -> workload.fields());
            CrashableState state = new CrashableState();
            try (SyncRoute route = new SyncRoute(sim, "invoiceitem?batchSize=10", state).start()) {
                workload.run(150, 0);
                await().atMost(Duration.ofSeconds(30)).until(() -> TestComponents.inPhase(route.consumer(), Phase.CDC));
                route.restart();
                workload.run(150, 0);
                await().atMost(Duration.ofSeconds(30)).untilAsserted(
                        () -> assertThat(route.replica.differenceFrom(sim.objects("invoiceitem"))).isEmpty());
                System.out.printf("invoiceitem with legacy events: %s; %d exchanges, %d updates delivered%n", workload,
                        route.replica.seen().size(), route.replica.count("update"));
                assertThat(workload.toString()).doesNotContain(" 0 updates");
                assertThat(route.replica.seen()).filteredOn(s -> "update".equals(s.operation()))
                        .isNotEmpty().allSatisfy(s -> assertThat(s.eventType()).isEqualTo("invoiceitem.updated"));
                // every event read is by the wildcard, except the start anchor on the newest event of any type, taken
                // when the start finds no invoiceitem event yet (the seed makes none)
                assertThat(sim.counters().requests()).filteredOn(r -> r.path().equals("/v1/events"))
                        .filteredOn(r -> !r.params().equals(java.util.Map.of("limit", "1")))
                        .isNotEmpty()
                        .allSatisfy(r -> assertThat(r.params()).containsEntry("type", "invoiceitem.*")
                                .doesNotContainKey("types"));
                assertThat(route.replica.duplicates()).isZero();
            }
        }
    }

    @Test
    void aTypeTheCatalogDoesNotKnowIsDeliveredOnceThroughTheWildcard() throws Exception {
        try (StripeSimulator sim = StripeSimulator.start(22)) {
            String item = sim.create("invoiceitem", Map.of("amount", 5, "currency", "usd")).get("id").getAsString();
            try (SyncRoute wildcard = new SyncRoute(sim, "invoiceitem?stateKey=wildcard", new MemoryStateRepository()).start();
                 SyncRoute exact = new SyncRoute(sim, "invoiceitem?stateKey=exact&eventFilter=exact",
                         new MemoryStateRepository()).start()) {
                await().atMost(Duration.ofSeconds(10)).until(() -> TestComponents.inPhase(wildcard.consumer(), Phase.CDC)
                                                                   && TestComponents.inPhase(exact.consumer(), Phase.CDC));
                sim.clock().advance(Duration.ofSeconds(1));
                sim.emitEvent("invoiceitem.reconciled", Map.of("object", "invoiceitem", "id", item, "amount", 5,
                        "currency", "usd", "description", "reconciled"));
                sim.emitEvent("invoiceitem.reconciled", Map.of("object", "invoice", "id", "in_other"));
                sim.clock().advance(Duration.ofSeconds(1));
                sim.create("invoiceitem", Map.of("amount", 7, "currency", "usd"));
                await().atMost(Duration.ofSeconds(10)).until(() -> wildcard.replica.count("create") == 1
                                                                   && exact.replica.count("create") == 1);
                // several polls more: the look-back window must not deliver it again
                Thread.sleep(300);
                assertThat(wildcard.replica.seen()).filteredOn(s -> "invoiceitem.reconciled".equals(s.eventType()))
                        .singleElement().satisfies(s -> {
                            assertThat(s.operation()).isEqualTo("update");
                            assertThat(s.objectId()).isEqualTo(item);
                        });
                assertThat(exact.replica.seen()).extracting(Replica.Seen::eventType).doesNotContain("invoiceitem.reconciled");
            }
        }
    }

    @Test
    void eventFilterAllReadsEveryEventAndKeepsTheResources() throws Exception {
        try (StripeSimulator sim = StripeSimulator.start(23)) {
            try (SyncRoute route = new SyncRoute(sim, "customer?eventFilter=all", new MemoryStateRepository()).start()) {
                await().atMost(Duration.ofSeconds(10)).until(() -> TestComponents.inPhase(route.consumer(), Phase.CDC));
                sim.counters().reset();
                Workload customers = new Workload(sim, "customer", 1);
                Workload items = new Workload(sim, "invoiceitem", 2);
                Workload subscriptions = new Workload(sim, "subscription", 3);
                for (int i = 0; i < 100; i++) {
                    customers.step();
                    items.step();
                    subscriptions.step();
                }
                String id = sim.objects("customer").get(0).get("id").getAsString();
                sim.emitEvent("customer.tagged", Map.of("object", "customer", "id", id, "email", "t@x.io"));
                sim.emitEvent("customer.discount.created", Map.of("object", "discount", "id", "di_1"));
                sim.clock().advance(Duration.ofSeconds(1));
                await().atMost(Duration.ofSeconds(20)).until(() -> route.replica.seen().stream()
                        .anyMatch(s -> "customer.tagged".equals(s.eventType())));
                Thread.sleep(300);
                long customerEvents = sim.events().stream().filter(e -> e.getAsJsonObject("data").getAsJsonObject("object")
                        .get("object").getAsString().equals("customer")).count();
                Map<String, Long> served = sim.counters().eventsServed();
                long others = served.entrySet().stream().filter(e -> !e.getKey().equals("customer"))
                        .mapToLong(Map.Entry::getValue).sum();
                System.out.printf("eventFilter=all on customer: %d customer events delivered; events transferred by"
                                  + " object type %s: %d of other objects, %.2f per customer event transferred%n",
                        route.replica.seen().size(), served, others, others / (double) served.get("customer"));
                assertThat(route.replica.seen()).hasSize((int) customerEvents);
                assertThat(route.replica.seen()).extracting(Replica.Seen::eventType).doesNotContain("customer.discount.created");
                assertThat(others).isGreaterThan(customerEvents);
                assertThat(sim.counters().requests()).filteredOn(r -> r.path().equals("/v1/events"))
                        .allSatisfy(r -> assertThat(r.params()).doesNotContainKeys("type", "types"));
            }
        }
    }
}
