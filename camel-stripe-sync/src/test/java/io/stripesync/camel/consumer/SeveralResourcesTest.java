package io.stripesync.camel.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import com.google.gson.JsonObject;
import io.stripesync.camel.StripeSyncComponent;
import io.stripesync.camel.TestComponents;
import io.stripesync.camel.catalog.StripeCatalog;
import io.stripesync.camel.position.Phase;
import io.stripesync.camel.position.Position;
import io.stripesync.camel.simulator.Request;
import io.stripesync.camel.simulator.StripeSimulator;
import io.stripesync.camel.simulator.Workload;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * One endpoint following several resources: one events read for all of them, their snapshots side by side, one
 * position, resources added and removed while it runs.
 */
class SeveralResourcesTest {

    private static final List<String> FIVE = List.of("customer", "invoice", "subscription", "invoiceitem", "product");

    /**
     * Five resources (invoices with more lines than Stripe embeds, subscriptions canceled) under a mixed workload, with
     * graceful restarts inside the snapshots and in CDC: the replica equals the source and each change arrives once.
     */
    @Test
    @Tag("slow")
    void fiveResourcesFromOneEndpointEqualTheSourceAcrossRestarts() throws Exception {
        long seed = 251;
        Random random = new Random(seed);
        try (StripeSimulator sim = StripeSimulator.start(seed)) {
            List<Workload> workloads = new ArrayList<>();
            for (String resource : FIVE) {
                Workload workload = new Workload(sim, resource, seed + workloads.size());
                workloads.add(workload);
                sim.seed(resource, 120, Instant.parse("2025-12-31T00:00:00Z"), i -> workload.fields());
            }
            // 10 ms per request: the five snapshots of 12 pages each last long enough for restarts to land inside
            sim.faults().latency(Duration.ofMillis(10), Duration.ZERO);
            try (SyncRoute route = new SyncRoute(sim, String.join(",", FIVE) + "?batchSize=10",
                    new MemoryStateRepository()).start()) {
                await("the snapshots' first records").atMost(Duration.ofSeconds(10))
                        .until(() -> route.replica.count("snapshot") > 0);
                Thread changes = mixed(workloads, 150, 3);
                int[] counts = new int[2];
                restartWhile(route, changes, random, counts);
                await().atMost(Duration.ofSeconds(60)).until(() -> TestComponents.inPhase(route.consumer(), Phase.CDC));
                sim.faults().latency(Duration.ZERO, Duration.ZERO);
                changes = mixed(workloads, 150, 3);
                restartWhile(route, changes, random, counts);
                int restarts = counts[0];
                int inSnapshot = counts[1];
                List<JsonObject> source = new ArrayList<>();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    source.clear();
                    FIVE.forEach(r -> source.addAll(sim.objects(r)));
                    assertThat(route.consumer().getPosition().phase()).isEqualTo(Phase.CDC);
                    assertThat(route.replica.differenceFrom(source)).isEmpty();
                });
                Position position = route.consumer().getPosition();
                System.out.printf("several resources seed %d: %s; %d restarts (%d in the snapshots), %d exchanges,"
                                  + " %d duplicates%n", seed, workloads, restarts, inSnapshot,
                        route.replica.seen().size(), route.replica.duplicates());
                assertThat(position.several()).isTrue();
                assertThat(position.watermarks()).containsOnlyKeys(FIVE);
                assertThat(inSnapshot).as("restarts inside the snapshots").isPositive();
                assertThat(restarts - inSnapshot).as("restarts in CDC").isPositive();
                assertThat(route.replica.duplicates()).as("exchanges repeating an earlier one").isZero();
                for (String resource : FIVE) {
                    assertEveryChangeDelivered(sim, resource, position.watermark(resource), route.replica);
                }
                ReplicaEqualsSourceTest.assertRealApiEdgesCovered("invoice", onlyOf(route.replica, "in_"));
                ReplicaEqualsSourceTest.assertRealApiEdgesCovered("subscription", onlyOf(route.replica, "sub_"));
                // one events query per poll for all five: never one per resource
                Set<String> queries = new HashSet<>();
                sim.counters().requests().stream().filter(r -> r.path().equals("/v1/events"))
                        .forEach(r -> queries.add(String.valueOf(r.params().get("types"))
                                                  + String.valueOf(r.params().get("type"))));
                assertThat(queries).as("the event queries sent").hasSize(1);
            }
        }
    }

    /**
     * Ten idle resources cost what one does: one events request per poll (the forward read; the look-back window is
     * settled a look-back after the newest event was first seen), not ten.
     */
    @Test
    void anIdleEndpointOfTenResourcesSendsOneEventsRequestPerPoll() throws Exception {
        List<String> ten = List.of("customer", "product", "price", "coupon", "invoice", "subscription", "invoiceitem",
                "charge", "refund", "payment_intent");
        try (StripeSimulator sim = StripeSimulator.start(252)) {
            sim.create("customer", Map.<String, Object>of("email", "one@example.com"));
            long[] one = idleRequests(sim, "customer");
            long[] several = idleRequests(sim, String.join(",", ten));
            // with default options (a poll every 5 s, idle polls spaced out up to 60 s): about one poll a minute
            System.out.printf("idle endpoint: %d events requests in %d polls for 10 resources, %d in %d for 1; reads per"
                              + " idle hour at the default pace: about 60 (10 endpoints of one resource: about 600)%n",
                    several[0], several[1], one[0], one[1]);
            for (long[] idle : List.of(one, several)) {
                // a poll that ends as the count is taken may have sent its request or not: at most one either way
                assertThat(idle[0]).as("events requests of %d idle polls", idle[1]).isBetween(idle[1] - 1, idle[1] + 1);
            }
            assertThat(sim.counters().requests()).filteredOn(r -> r.path().equals("/v1/events"))
                    .as("the ten resources' types (more than 20) read unfiltered")
                    .anySatisfy(r -> assertThat(r.params()).doesNotContainKeys("types", "type"));
        }
    }

    /**
     * Events requests and polls of a caught-up, idle endpoint over 40 polls, once its look-back window (1 s) settled;
     * nothing else is asked.
     */
    private static long[] idleRequests(StripeSimulator sim, String resources) throws Exception {
        try (SyncRoute route = new SyncRoute(sim, resources + "?delay=50&maxIdleDelay=0&eventLookback=1000",
                new MemoryStateRepository()).start()) {
            int customers = sim.objects("customer").size();
            await().atMost(Duration.ofSeconds(20)).until(() -> TestComponents.inPhase(route.consumer(), Phase.CDC)
                                                               && route.replica.count("snapshot") == customers);
            // the window is settled by the first read that begins a look-back and a second after the cursor was seen
            Thread.sleep(2500);
            long polls0 = route.consumer().getCounter();
            long events0 = eventRequests(sim);
            long all0 = sim.counters().total();
            await().atMost(Duration.ofSeconds(20)).until(() -> route.consumer().getCounter() >= polls0 + 40);
            long polls = route.consumer().getCounter() - polls0;
            long events = eventRequests(sim) - events0;
            assertThat(sim.counters().total() - all0).as("nothing but events requests while idle").isEqualTo(events);
            // and a change after the idle stretch arrives
            sim.clock().advance(Duration.ofSeconds(1));
            String made = sim.create("customer", Map.<String, Object>of("email", "after-idle@example.com"))
                    .get("id").getAsString();
            await().atMost(Duration.ofSeconds(10)).until(() -> route.replica.rows().containsKey(made));
            return new long[] { events, polls };
        }
    }

    /**
     * A resource added to a running endpoint takes its own snapshot, alone (the others are not listed again), and its
     * changes follow; one removed is dropped from the position.
     */
    @Test
    void aResourceAddedTakesOnlyItsSnapshotAndOneRemovedIsDropped() throws Exception {
        try (StripeSimulator sim = StripeSimulator.start(253)) {
            for (String resource : List.of("customer", "product", "coupon")) {
                sim.seed(resource, 30, Instant.parse("2025-12-31T00:00:00Z"),
                        i -> Map.<String, Object>of("name", resource + " " + i));
            }
            MemoryStateRepository state = new MemoryStateRepository();
            try (SyncRoute first = new SyncRoute(sim, "customer,product?batchSize=10", state).start()) {
                await().atMost(Duration.ofSeconds(20)).until(() -> TestComponents.inPhase(first.consumer(), Phase.CDC)
                                                                   && first.replica.count("snapshot") == 60);
            }
            sim.create("customer", Map.<String, Object>of("email", "while-stopped@example.com"));
            sim.clock().advance(Duration.ofSeconds(2));
            sim.counters().reset();
            try (SyncRoute second = new SyncRoute(sim, "customer,coupon?batchSize=10", state).start()) {
                await().atMost(Duration.ofSeconds(20)).until(() -> TestComponents.inPhase(second.consumer(), Phase.CDC)
                                                                    && second.replica.count("snapshot") == 30
                                                                    && second.replica.count("create") >= 1);
                sim.clock().advance(Duration.ofSeconds(2));
                JsonObject coupon = sim.create("coupon", Map.<String, Object>of("name", "after the snapshot"));
                await().atMost(Duration.ofSeconds(20)).until(() -> second.replica.rows().containsKey(
                        coupon.get("id").getAsString()));
                Position position = second.consumer().getPosition();
                assertThat(position.watermarks()).containsOnlyKeys("coupon", "customer");
                assertThat(position.watermark("coupon")).isGreaterThan(position.watermark("customer"));
                assertThat(sim.counters().requests()).as("lists read after the change")
                        .filteredOn(r -> r.path().startsWith("/v1/") && !r.path().equals("/v1/events"))
                        .extracting(Request::path).containsOnly("/v1/coupons");
                assertThat(second.replica.seen()).as("the customer made while stopped, once, not its snapshot again")
                        .filteredOn(s -> s.objectId().startsWith("cus_")).hasSize(1)
                        .allSatisfy(s -> assertThat(s.operation()).isEqualTo("create"));
                assertThat(second.replica.seen()).as("nothing of the removed resource")
                        .noneSatisfy(s -> assertThat(s.objectId()).startsWith("prod_"));
            }
        }
    }

    /**
     * While a resource added to a following stream takes its snapshot, the others' changes keep coming; its own changes
     * made meanwhile come once its snapshot is through, after it; the replica equals the source and no change of the
     * others comes twice.
     */
    @Test
    void theOthersChangesGoOnWhileAnAddedResourceTakesItsSnapshot() throws Exception {
        try (StripeSimulator sim = StripeSimulator.start(258)) {
            sim.seed("customer", 20, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.<String, Object>of("name", "c" + i));
            sim.seed("coupon", 1500, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.<String, Object>of("name", "k" + i));
            MemoryStateRepository state = new MemoryStateRepository();
            try (SyncRoute first = new SyncRoute(sim, "customer,product?batchSize=10", state).start()) {
                await().atMost(Duration.ofSeconds(20)).until(() -> TestComponents.inPhase(first.consumer(), Phase.CDC)
                                                                   && first.replica.count("snapshot") == 20);
            }
            // two readers (snapshotParallelism 1 x 2 resources), 25 ms a request: 150 pages of coupons take seconds
            sim.faults().latency(Duration.ofMillis(25), Duration.ZERO);
            try (SyncRoute second = new SyncRoute(sim, "customer,coupon?batchSize=10&snapshotParallelism=1&delay=100",
                    state).start()) {
                await().atMost(Duration.ofSeconds(10)).until(() -> second.replica.count("snapshot") > 0);
                List<String> customersDuring = new ArrayList<>();
                List<String> couponsDuring = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    sim.clock().advance(Duration.ofSeconds(1));
                    customersDuring.add(sim.create("customer", Map.<String, Object>of("email", i + "@during.io"))
                            .get("id").getAsString());
                    couponsDuring.add(sim.create("coupon", Map.<String, Object>of("name", "during " + i))
                            .get("id").getAsString());
                }
                await("the customers made during the coupons' snapshot").atMost(Duration.ofSeconds(10))
                        .until(() -> second.replica.rows().keySet().containsAll(customersDuring));
                long couponSnapshot = second.replica.seen().stream()
                        .filter(seen -> seen.operation().equals("snapshot")).count();
                assertThat(couponSnapshot).as("the coupons' snapshot is not through yet").isLessThan(1500);
                assertThat(second.consumer().getPosition().followingWhileSnapshotting()).isTrue();
                sim.faults().latency(Duration.ZERO, Duration.ZERO);
                // the customers' snapshot went to the first route's replica: this one holds the coupons and the changes
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(second.consumer().getPosition().phase()).isEqualTo(Phase.CDC);
                    assertThat(second.consumer().getPosition().behind()).isEmpty();
                    assertThat(second.replica.only("co_").differenceFrom(sim.objects("coupon"))).isEmpty();
                });
                assertThat(second.replica.only("cus_").differenceFrom(sim.objects("customer").stream()
                        .filter(c -> customersDuring.contains(c.get("id").getAsString())).toList())).isEmpty();
                List<Replica.Seen> seen = second.replica.seen();
                for (String coupon : couponsDuring) {
                    int created = indexOf(seen, coupon, "create");
                    assertThat(created).as("the create of %s, made during its snapshot", coupon).isNotNegative();
                    assertThat(seen.subList(created + 1, seen.size())).as("nothing older of it after")
                            .noneSatisfy(x -> assertThat(x.objectId()).isEqualTo(coupon));
                }
                assertThat(seen).as("each change of the customers once").filteredOn(x -> x.objectId().startsWith("cus_"))
                        .extracting(Replica.Seen::eventId).doesNotHaveDuplicates().hasSize(5);
                assertThat(seen).filteredOn(x -> x.operation().equals("snapshot")).hasSize(1500);
            }
        }
    }

    private static int indexOf(List<Replica.Seen> seen, String objectId, String operation) {
        for (int i = 0; i < seen.size(); i++) {
            if (seen.get(i).objectId().equals(objectId) && seen.get(i).operation().equals(operation)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A list made of resources that endpoints of one resource followed takes over their positions: no snapshot of them
     * again, their changes made meanwhile once; a resource new to it takes its snapshot.
     */
    @Test
    void theFirstStartOfAListTakesOverThePositionsOfItsResourcesEndpoints() throws Exception {
        try (StripeSimulator sim = StripeSimulator.start(254)) {
            for (String resource : List.of("customer", "coupon")) {
                sim.seed(resource, 20, Instant.parse("2025-12-31T00:00:00Z"),
                        i -> Map.<String, Object>of("name", resource + " " + i));
            }
            MemoryStateRepository state = new MemoryStateRepository();
            try (SyncRoute single = new SyncRoute(sim, "customer?batchSize=10", state).start()) {
                await().atMost(Duration.ofSeconds(20)).until(() -> TestComponents.inPhase(single.consumer(), Phase.CDC)
                                                                   && single.replica.count("snapshot") == 20);
                sim.clock().advance(Duration.ofSeconds(1));
                sim.create("customer", Map.<String, Object>of("email", "seen-by-the-single@example.com"));
                await().atMost(Duration.ofSeconds(20)).until(() -> single.replica.count("create") == 1);
            }
            sim.clock().advance(Duration.ofSeconds(1));
            String meanwhile = sim.create("customer", Map.<String, Object>of("email", "meanwhile@example.com"))
                    .get("id").getAsString();
            sim.clock().advance(Duration.ofSeconds(1));
            try (SyncRoute list = new SyncRoute(sim, "customer,coupon?batchSize=10", state).start()) {
                await().atMost(Duration.ofSeconds(20)).until(() -> TestComponents.inPhase(list.consumer(), Phase.CDC)
                                                                  && list.replica.count("snapshot") == 20
                                                                  && list.replica.rows().containsKey(meanwhile));
                Thread.sleep(300);
                assertThat(list.replica.seen()).as("customers: only the one made meanwhile, once")
                        .filteredOn(seen -> seen.objectId().startsWith("cus_"))
                        .extracting(Replica.Seen::objectId).containsExactly(meanwhile);
                assertThat(list.replica.seen()).as("the coupons' snapshot")
                        .filteredOn(seen -> seen.operation().equals("snapshot"))
                        .allSatisfy(seen -> assertThat(seen.objectId()).doesNotStartWith("cus_"));
                assertThat(list.consumer().getPosition().watermarks()).containsOnlyKeys("customer", "coupon");
                assertThat(state.getState("stripe-sync/test@" + sim.baseUrl().replaceFirst("^http://", "")
                                          .replaceFirst("/.*$", "") + "/platform/customer"))
                        .as("the single endpoint's position is left as it was").isNotEmpty();
            }
        }
    }

    /**
     * Two lists on one account and store would share the default key and drop each other's resources at every start:
     * the second route of a context fails to start, naming the key and the way out; with a stateKey each, both run.
     */
    @Test
    void twoListsOfOneContextWithoutAStateKeyAreRefused() throws Exception {
        try (StripeSimulator sim = StripeSimulator.start(256);
             CamelContext context = twoLists(sim, "", "")) {
            Throwable failed = catchThrowable(context::start);
            while (failed != null && failed.getCause() != null) {
                failed = failed.getCause();
            }
            assertThat(failed).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Route catalog (stripe-sync:product,coupon) would keep its position under"
                                          + " state key '")
                    .hasMessageContaining("/platform/resources', which route billing (stripe-sync:customer,invoice) of"
                                          + " this CamelContext already uses")
                    .hasMessageContaining("Set stateKey on one of them (e.g. stateKey=catalog)");
        }
        try (StripeSimulator sim = StripeSimulator.start(257);
             CamelContext context = twoLists(sim, "stateKey=billing&", "stateKey=catalog&")) {
            context.start();
            assertThat(context.getRouteController().getRouteStatus("catalog").isStarted()).isTrue();
            assertThat(context.getRouteController().getRouteStatus("billing").isStarted()).isTrue();
        }
    }

    /** A context (not started) with two lists of resources, routes billing and catalog, each with its own options. */
    private static CamelContext twoLists(StripeSimulator sim, String billingOptions, String catalogOptions)
            throws Exception {
        CamelContext context = new DefaultCamelContext();
        StripeSyncComponent component = new StripeSyncComponent();
        component.getConfiguration().setApiKey("sk_test_two_lists");
        context.addComponent("stripe-sync", component);
        context.getRegistry().bind("positions", new MemoryStateRepository());
        String options = "apiBase=" + sim.baseUrl() + "&stateRepository=#positions&initialDelay=0";
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("stripe-sync:customer,invoice?" + billingOptions + options).routeId("billing").to("log:b?level=OFF");
                from("stripe-sync:product,coupon?" + catalogOptions + options).routeId("catalog").to("log:c?level=OFF");
            }
        });
        return context;
    }

    private static long eventRequests(StripeSimulator sim) {
        return sim.counters().route("GET /v1/events");
    }

    /** Changes to the resources in turn, one thread (the workloads share the simulator's clock). */
    private static Thread mixed(List<Workload> workloads, int count, long pauseMillis) {
        Thread t = new Thread(() -> {
            try {
                for (int i = 0; i < count; i++) {
                    workloads.get(i % workloads.size()).step();
                    Thread.sleep(pauseMillis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "workloads");
        t.start();
        return t;
    }

    /** Graceful restarts while the changes run, at least four; counts them and those that stopped in a snapshot. */
    private static void restartWhile(SyncRoute route, Thread changes, Random random, int[] counts) throws Exception {
        int restarts = 0;
        while (changes.isAlive() || restarts < 4) {
            Thread.sleep(5 + random.nextInt(40));
            route.stop();
            if (route.lastPosition() == null || route.lastPosition().phase() == Phase.SNAPSHOT) {
                counts[1]++;
            }
            route.start();
            restarts++;
            counts[0]++;
        }
    }

    /** Every event of the resource after its watermark reached the route (by event id). */
    private static void assertEveryChangeDelivered(StripeSimulator sim, String resource, long watermark, Replica replica) {
        Set<String> delivered = new HashSet<>();
        replica.seen().forEach(s -> delivered.add(s.eventId()));
        List<String> expected = sim.events().stream()
                .filter(e -> e.get("created").getAsLong() > watermark)
                .filter(e -> resource.equals(e.getAsJsonObject("data").getAsJsonObject("object").get("object").getAsString()))
                .filter(e -> StripeCatalog.defaultCatalog().require(resource).eventTypes()
                        .contains(e.get("type").getAsString()))
                .map(e -> e.get("id").getAsString()).toList();
        assertThat(expected).as("changes of %s after its watermark", resource).isNotEmpty();
        assertThat(delivered).as("every change of %s after its watermark delivered", resource).containsAll(expected);
    }

    /** The rows of one resource, by its id prefix. */
    private static Replica onlyOf(Replica replica, String prefix) {
        return replica.only(prefix);
    }
}
