package io.stripesync.camel.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.stripesync.camel.TestComponents;
import io.stripesync.camel.simulator.Simulated;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Changes no event shows, found by reading a resource again while its changes go on: on a schedule (only what differs
 * from what was delivered, then what went away as deletions) and on demand (a whole new round, never an older state
 * of an object after a newer one).
 */
class RereadsTest {

    private static final long DAY = Duration.ofDays(1).toMillis();

    @Simulated(seed = 261)
    private StripeSimulator sim;
    private final MemoryStateRepository state = new MemoryStateRepository();
    /** Added to the consumer's wall clock: a day passes at once. */
    private final AtomicLong later = new AtomicLong();

    private SyncRoute start(String uri) throws Exception {
        SyncRoute route = new SyncRoute(sim, uri, state).start();
        TestComponents.wallClock(route.consumer(), () -> System.currentTimeMillis() + later.get());
        return route;
    }

    @Test
    void invoiceItemsUpdatedWithoutEventsAreFoundByTheDailyReadAndAReadOverUnchangedDataEmitsNothing() throws Exception {
        sim.seed("invoiceitem", 230, Instant.parse("2025-12-31T00:00:00Z"),
                i -> Map.of("customer", "cus_seed", "amount", String.valueOf(100 + i), "currency", "usd"));
        try (SyncRoute route = start("invoiceitem?roundMarkers=true&batchSize=50")) {
            route.awaitMarkers(1);
            assertThat(route.replica.markers().get(0)).endsWith(" 230 applied deleted=0");
            // Stripe sends no invoiceitem.updated: these changes reach no event
            List<String> ids = sim.objects("invoiceitem").stream().map(o -> o.get("id").getAsString()).toList();
            for (int i : new int[] {3, 77, 150}) {
                sim.update("invoiceitem", ids.get(i), Map.of("description", "changed without an event " + i));
            }
            assertThat(sim.events()).noneMatch(e -> e.get("type").getAsString().equals("invoiceitem.updated"));
            assertThat(route.replica.differenceFrom(sim.objects("invoiceitem"))).startsWith("3 differences");

            long listsBefore = sim.counters().route("GET /v1/invoiceitems");
            later.addAndGet(DAY);
            route.awaitMarkers(2);
            long pages = sim.counters().route("GET /v1/invoiceitems") - listsBefore;
            List<Replica.Seen> pass = route.replica.seen().subList(231, route.replica.seen().size());
            assertThat(pass).extracting(Replica.Seen::operation).containsExactly("update", "update", "update",
                    "snapshot-complete");
            assertThat(pass.subList(0, 3)).extracting(Replica.Seen::objectId)
                    .containsExactlyInAnyOrder(ids.get(3), ids.get(77), ids.get(150));
            assertThat(pass).extracting(Replica.Seen::eventId).containsOnlyNulls();
            String second = route.replica.markers().get(1);
            assertThat(second).endsWith(" 3 applied deleted=0");
            assertThat(route.replica.differenceFrom(sim.objects("invoiceitem"))).isEmpty();
            assertThat(pages).as("one list request per page of 50 (230 objects)").isEqualTo(5);
            System.out.printf("daily read of 230 invoice items: %d list requests, 3 records (the changed ones)%n", pages);

            // a day later, nothing changed: the read emits nothing but its marker
            int seen = route.replica.seen().size();
            later.addAndGet(DAY);
            route.awaitMarkers(3);
            assertThat(route.replica.seen().subList(seen, route.replica.seen().size()))
                    .extracting(Replica.Seen::operation).containsExactly("snapshot-complete");
            assertThat(route.replica.markers().get(2)).endsWith(" 0 applied deleted=0");
            assertThat(route.replica.seen()).as("the snapshot, its marker, three updates, two markers").hasSize(236);
        }
    }

    @Test
    void aResourceWithoutEventsIsReadAgainAndWhatWentAwayComesAsADeletion() throws Exception {
        sim.seed("shipping_rate", 12, Instant.parse("2025-12-31T00:00:00Z"),
                i -> Map.of("display_name", "rate " + i, "type", "fixed_amount", "fixed_amount[amount]", "500",
                        "fixed_amount[currency]", "usd"));
        try (SyncRoute route = start("shipping_rate?roundMarkers=true")) {
            route.awaitMarkers(1);
            List<String> ids = sim.objects("shipping_rate").stream().map(o -> o.get("id").getAsString()).toList();
            sim.update("shipping_rate", ids.get(4), Map.of("active", "false"));
            String made = sim.create("shipping_rate", Map.of("display_name", "new rate", "type", "fixed_amount",
                    "fixed_amount[amount]", "900", "fixed_amount[currency]", "usd")).get("id").getAsString();
            sim.delete("shipping_rate", ids.get(9));
            later.addAndGet(DAY);
            route.awaitMarkers(2);
            List<Replica.Seen> pass = route.replica.seen().subList(13, route.replica.seen().size());
            assertThat(pass).extracting(s -> s.operation() + " " + s.objectId()).containsExactlyInAnyOrder(
                    "update " + ids.get(4), "update " + made, "delete " + ids.get(9), "snapshot-complete null");
            assertThat(pass.get(pass.size() - 1).operation()).isEqualTo("snapshot-complete");
            assertThat(route.replica.differenceFrom(sim.objects("shipping_rate"))).isEmpty();
        }
    }

    @Test
    void aReSnapshotOfACreatedRangeDeliversItsObjectsAndItsPartialMarkerDropsNothingElse() throws Exception {
        sim.seed("customer", 40, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("name", "c" + i));
        try (SyncRoute route = start("customer?roundMarkers=true&batchSize=7")) {
            route.awaitMarkers(1);
            List<Long> created = sim.objects("customer").stream().map(o -> o.get("created").getAsLong()).sorted().toList();
            long gte = created.get(10);
            long lt = created.get(25);
            List<String> inRange = sim.objects("customer").stream()
                    .filter(o -> o.get("created").getAsLong() >= gte && o.get("created").getAsLong() < lt)
                    .map(o -> o.get("id").getAsString()).toList();
            assertThat(route.consumer().resnapshotCreated("customer", gte, lt)).isEqualTo("A new snapshot round of"
                    + " customer created in [" + gte + ", " + lt + ") begins at the next poll of customer");
            route.awaitMarkers(2);
            List<Replica.Seen> round = route.replica.seen().subList(41, route.replica.seen().size());
            assertThat(round.subList(0, round.size() - 1)).extracting(Replica.Seen::objectId)
                    .containsExactlyInAnyOrderElementsOf(inRange);
            assertThat(round.get(round.size() - 1).operation()).isEqualTo("snapshot-complete");
            assertThat(route.replica.markers().get(1)).as("partial: the rows outside the range stand")
                    .endsWith(" " + inRange.size() + " applied deleted=0");
            assertThat(route.replica.differenceFrom(sim.objects("customer"))).isEmpty();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> route.consumer().resnapshotCreated("customer", lt, gte))
                    .hasMessage("The created range [" + lt + ", " + gte + ") of customer is empty");
        }
    }

    @Test
    void aReSnapshotAskedForUnderAWorkloadNeverDeliversAnOlderStateAfterANewer() throws Exception {
        sim.seed("customer", 600, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("metadata[seq]", "0"));
        // the events are read every 300 ms while the re-read's pages go in between: a change of a listed object made
        // after the last read of the events, and before the listing, is read after the re-read delivered its object
        try (SyncRoute route = start("customer?roundMarkers=true&batchSize=10&resnapshotInterval=0&delay=300")) {
            route.awaitMarkers(1);
            // customers the re-read lists halfway (newest first), well after a read of the events
            List<String> ids = sim.objects("customer").stream()
                    .sorted(java.util.Comparator.comparingLong((com.google.gson.JsonObject o) -> o.get("created").getAsLong())
                            .reversed())
                    .map(o -> o.get("id").getAsString()).skip(300).limit(3).toList();
            Thread workload = new Thread(() -> {
                java.util.Random random = new java.util.Random(26);
                for (int seq = 1; seq <= 300 && !Thread.currentThread().isInterrupted(); seq++) {
                    // a second apart: each change comes from its event as it is, none is read again for sharing a
                    // second with another of its object; a change made just before a re-read listed its object is
                    // then read after the re-read delivered it
                    sim.clock().advance(Duration.ofSeconds(1));
                    sim.update("customer", ids.get(random.nextInt(ids.size())), Map.of("metadata[seq]", String.valueOf(seq)));
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            // 60 pages of 10, 10 ms an answer: the events are read three or four times while the re-read runs
            sim.faults().latency(Duration.ofMillis(10), Duration.ZERO);
            workload.start();
            Thread.sleep(100);
            assertThat(route.consumer().resnapshot("customer"))
                    .isEqualTo("A new snapshot round of customer begins at the next poll of customer");
            route.awaitMarkers(2);
            workload.join();
            await().atMost(Duration.ofSeconds(15)).until(
                    () -> route.replica.differenceFrom(sim.objects("customer")).isEmpty());
            long readAgain = sim.counters().route("GET /v1/customers/{id}");
            System.out.printf("re-snapshot of 600 customers under 300 updates: %d changes read again by id%n", readAgain);
            assertThat(readAgain).as("changes of objects the re-read had delivered, read again (without the re-read,"
                                     + " each change comes from its event as it is: none)").isPositive();
            assertThat(route.replica.wentBack("seq")).as("no object delivered older after newer").isEmpty();
            assertThat(route.replica.markers().get(1)).as("every object, as a whole round")
                    .endsWith(" 600 applied deleted=0");
            assertThat(route.replica.count("snapshot")).isEqualTo(1200);
        }
    }
}
