package io.stripesync.camel.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;

import io.stripesync.camel.TestComponents;
import io.stripesync.camel.catalog.StripeCatalog;
import io.stripesync.camel.position.Phase;
import io.stripesync.camel.simulator.StripeSimulator;
import io.stripesync.camel.simulator.Workload;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A seeded workload of creates, updates and deletes runs while the snapshot and then CDC run; at the end the replica
 * built from the exchanges equals the simulator's live objects, field for field.
 */
@Tag("slow")
class ReplicaEqualsSourceTest {

    @ParameterizedTest(name = "{0} seed {1}")
    @CsvSource({ "customer,1", "customer,2", "customer,3", "subscription,4", "subscription,5", "invoiceitem,6",
                 "invoiceitem,7", "invoice,8", "invoice,9" })
    void replicaEqualsSource(String resource, long seed) throws Exception {
        try (StripeSimulator sim = StripeSimulator.start(seed)) {
            Workload workload = new Workload(sim, resource, seed);
            sim.seed(resource, 200, Instant.parse("2025-12-31T00:00:00Z"), i -> workload.fields());
            try (SyncRoute route = new SyncRoute(sim, resource + "?batchSize=10", new MemoryStateRepository()).start()) {
                Thread changes = workload.runInBackground(300, 2);
                changes.join();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    assertThat(route.consumer().getPosition().phase()).isEqualTo(Phase.CDC);
                    assertThat(route.replica.differenceFrom(sim.objects(resource))).isEmpty();
                });
                System.out.printf("replica %s seed %d: %s; %d exchanges (%d snapshot), %d duplicates%n", resource, seed,
                        workload, route.replica.seen().size(), route.replica.count("snapshot"), route.replica.duplicates());
                assertRealApiEdgesCovered(resource, route.replica);
                // steady state, across the snapshot-to-CDC hand-off: every change once, none twice
                assertThat(route.replica.duplicates()).as("exchanges repeating an earlier one").isZero();
                assertEveryChangeDelivered(sim, resource, route);
            }
        }
    }

    /**
     * Stripe's limiters (25 a second for a sandbox key, 25 per endpoint), a fifth of all requests answered 429 at random
     * with Stripe's reasons and no retry header, 2 % lock timeouts, and an account at an older API version than
     * stripe-java's: no poll fails, the replica equals the source, every change arrives once, and the changes cost no
     * read beyond their event pages but for same-second ties.
     */
    @ParameterizedTest(name = "{0} seed {1}")
    @CsvSource({ "customer,21", "invoice,22" })
    void replicaEqualsSourceUnderStripesLimitsAndRateLimitedAnswers(String resource, long seed) throws Exception {
        try (StripeSimulator sim = StripeSimulator.start(seed);
             io.stripesync.camel.LogCapture log = new io.stripesync.camel.LogCapture(
                     io.stripesync.camel.StripeSyncConsumer.class, org.apache.logging.log4j.Level.WARN)) {
            Workload workload = new Workload(sim, resource, seed);
            sim.accountApiVersion("2024-06-20");
            sim.create("product", Map.of("name", "the account's version shows in its newest event"));
            sim.seed(resource, 200, Instant.parse("2025-12-31T00:00:00Z"), i -> workload.fields());
            sim.faults().stripeRateLimits().rateLimitedRate(0.2).lockTimeoutRate(0.02);
            try (SyncRoute route = new SyncRoute(sim, resource + "?batchSize=10&maxRequestsPerSecond=24",
                    new MemoryStateRepository()).start()) {
                Thread changes = workload.runInBackground(150, 2);
                changes.join();
                // the workload is over before the snapshot is: CDC then replays the changes made during it
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                    assertThat(route.consumer().getPosition()).isNotNull();
                    assertThat(route.consumer().getPosition().phase()).isEqualTo(Phase.CDC);
                    assertEveryChangeDelivered(sim, resource, route);
                    assertThat(route.replica.differenceFrom(sim.objects(resource))).isEmpty();
                });
                long refused = sim.counters().withStatus(429);
                String itemPath = StripeCatalog.defaultCatalog().require(resource).listPath() + "/{id}";
                long reads = sim.counters().route("GET " + itemPath);
                System.out.printf("replica under limits %s seed %d: %s; %d exchanges, %d duplicates, %d of %d requests"
                                  + " answered 429, %d object reads%n", resource, seed, workload, route.replica.seen().size(),
                        route.replica.duplicates(), refused, sim.counters().total(), reads);
                assertThat(refused).as("Stripe refused many").isGreaterThan(sim.counters().total() / 10);
                assertThat(log.text()).as("no poll failed").doesNotContain("Failed polling");
                assertThat(route.replica.duplicates()).as("exchanges repeating an earlier one").isZero();
                assertThat(route.versions).as("every record at the account's version").containsOnly("2024-06-20");
                // an object changed twice within a second is read again (the order is unsure), nothing else is: at the
                // pinned version every create and update would cost a read
                assertThat(reads).as("object reads").isLessThan(workload.createsAndUpdates() / 2);
            }
        }
    }

    /**
     * Every event of the resource after the CDC start reached the route (by event id): a check per change, not only the
     * final state, which a lost update followed by a newer one would hide.
     */
    static void assertEveryChangeDelivered(StripeSimulator sim, String resource, SyncRoute route) {
        long cdcStart = route.consumer().getPosition().cdcStart();
        java.util.Set<String> delivered = new java.util.HashSet<>();
        route.replica.seen().forEach(s -> delivered.add(s.eventId()));
        java.util.List<String> expected = sim.events().stream()
                .filter(e -> e.get("created").getAsLong() > cdcStart)
                .filter(e -> resource.equals(e.getAsJsonObject("data").getAsJsonObject("object").get("object").getAsString()))
                .map(e -> e.get("id").getAsString()).toList();
        assertThat(expected).as("changes after the CDC start").isNotEmpty();
        assertThat(delivered).as("every change after the CDC start delivered").containsAll(expected);
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @CsvSource({ "customer,11", "subscription,12", "invoiceitem,13", "invoice,14" })
    void restartsAndCrashesAtRandomPointsLoseNothing(String resource, long seed) throws Exception {
        Random random = new Random(seed);
        CrashableState state = new CrashableState();
        try (StripeSimulator sim = StripeSimulator.start(seed)) {
            Workload workload = new Workload(sim, resource, seed);
            sim.seed(resource, 600, Instant.parse("2025-12-31T00:00:00Z"), i -> workload.fields());
            // 10 ms per request: the 60-page snapshot lasts long enough for restarts to land inside it
            sim.faults().latency(Duration.ofMillis(10), Duration.ZERO);
            try (SyncRoute route = new SyncRoute(sim, resource + "?batchSize=10", state).start()) {
                int[] counts = new int[4];
                // first half of the changes while the snapshot runs, second half during CDC; restarts in both
                Thread changes = workload.runInBackground(200, 3);
                while (changes.isAlive() || counts[0] < 4) {
                    restartOrCrash(route, state, random, counts);
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> TestComponents.inPhase(route.consumer(), Phase.CDC));
                sim.faults().latency(Duration.ZERO, Duration.ZERO);
                changes = workload.runInBackground(200, 3);
                int beforeCdc = counts[0];
                while (changes.isAlive() || counts[0] < beforeCdc + 4) {
                    restartOrCrash(route, state, random, counts);
                }
                changes.join();
                int restarts = counts[0];
                int crashes = counts[1];
                int duringSnapshot = counts[2];
                int afterProcessing = counts[3];
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    assertThat(route.consumer().getPosition().phase()).isEqualTo(Phase.CDC);
                    assertThat(route.replica.differenceFrom(sim.objects(resource))).isEmpty();
                });
                long duplicates = route.replica.duplicates();
                System.out.printf("restarts %s seed %d: %d restarts (%d crashes, %d of them between processing and"
                                  + " commit, %d during the snapshot), %s, %d exchanges, %d duplicates%n", resource, seed,
                        restarts, crashes, afterProcessing, duringSnapshot, workload, route.replica.seen().size(),
                        duplicates);
                assertEveryChangeDelivered(sim, resource, route);
                assertThat(afterProcessing).as("crashes between processing and commit").isPositive();
                // each such crash processed a whole batch whose position was never stored: it comes again
                assertThat(duplicates).as("a crash after processing repeats its batch").isGreaterThanOrEqualTo(afterProcessing);
                assertRealApiEdgesCovered(resource, route.replica);
                assertThat(duringSnapshot).as("some restarts hit the snapshot").isPositive();
                assertThat(restarts - duringSnapshot).as("some restarts hit CDC").isPositive();
                // a graceful stop commits what was processed; a crash repeats at most the batch it did not commit
                assertThat(duplicates).as("at most one batch per crash").isLessThanOrEqualTo(crashes * 10L);
                // the snapshot ran in parallel slices (8 readers, the test key's default), and restarts resumed them
                String listPath = StripeCatalog.defaultCatalog().require(resource).listPath();
                assertThat(sim.counters().requests()).filteredOn(r -> r.path().equals(listPath))
                        .filteredOn(r -> String.valueOf(r.params().get("created")).contains("lt="))
                        .as("list requests of slices cut from the range").hasSizeGreaterThan(5);
            }
        }
    }

    /**
     * The workload reached the edges the replica must get right: invoices and subscriptions whose embedded lists Stripe
     * cut at 10 items are held whole, and canceled subscriptions are present with their final state.
     */
    static void assertRealApiEdgesCovered(String resource, Replica replica) {
        String list = switch (resource) {
            case "invoice" -> "lines";
            case "subscription" -> "items";
            default -> null;
        };
        if (list == null) {
            return;
        }
        java.util.Collection<com.google.gson.JsonObject> rows = replica.rows().values();
        assertThat(rows).as("rows with more than 10 %s, held whole", list).filteredOn(
                r -> r.getAsJsonObject(list).getAsJsonArray("data").size() > 10).isNotEmpty()
                .allSatisfy(r -> assertThat(r.getAsJsonObject(list).get("has_more").getAsBoolean()).isFalse());
        if (resource.equals("subscription")) {
            assertThat(rows).as("canceled subscriptions are kept").anySatisfy(
                    r -> assertThat(r.get("status").getAsString()).isEqualTo("canceled"));
        }
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @CsvSource({ "customer,15", "invoice,16" })
    void gracefulRestartsDeliverEveryChangeOnce(String resource, long seed) throws Exception {
        Random random = new Random(seed);
        try (StripeSimulator sim = StripeSimulator.start(seed)) {
            Workload workload = new Workload(sim, resource, seed);
            sim.seed(resource, 400, Instant.parse("2025-12-31T00:00:00Z"), i -> workload.fields());
            sim.faults().latency(Duration.ofMillis(10), Duration.ZERO);
            try (SyncRoute route = new SyncRoute(sim, resource + "?batchSize=10", new MemoryStateRepository()).start()) {
                Thread changes = workload.runInBackground(100, 3);
                // the first restart once the snapshot has begun (40 pages of 10, each 10 ms late: it runs for a while)
                await("the snapshot's first records").atMost(Duration.ofSeconds(10))
                        .until(() -> route.replica.count("snapshot") > 0);
                int restarts = 0;
                int inSnapshot = 0;
                while (changes.isAlive() || restarts < 4) {
                    if (restarts > 0) {
                        Thread.sleep(5 + random.nextInt(40));
                    }
                    // what the stopped consumer saved: the phase the restart resumes in
                    route.stop();
                    if (route.lastPosition() == null || route.lastPosition().phase() == Phase.SNAPSHOT) {
                        inSnapshot++;
                    }
                    route.start();
                    restarts++;
                }
                sim.faults().latency(Duration.ZERO, Duration.ZERO);
                await().atMost(Duration.ofSeconds(60)).until(() -> TestComponents.inPhase(route.consumer(), Phase.CDC));
                changes = workload.runInBackground(100, 3);
                int inCdc = 0;
                while (changes.isAlive() || inCdc < 4) {
                    Thread.sleep(5 + random.nextInt(40));
                    route.restart();
                    restarts++;
                    inCdc++;
                }
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    assertThat(route.consumer().getPosition().phase()).isEqualTo(Phase.CDC);
                    assertThat(route.replica.differenceFrom(sim.objects(resource))).isEmpty();
                });
                System.out.printf("graceful restarts %s seed %d: %d restarts (%d in the snapshot), %s, %d exchanges, %d"
                                  + " duplicates%n", resource, seed, restarts, inSnapshot, workload,
                        route.replica.seen().size(), route.replica.duplicates());
                assertThat(inSnapshot).as("restarts inside the snapshot").isPositive();
                assertThat(route.replica.count("update")).as("changes delivered by CDC across restarts").isGreaterThan(20);
                assertThat(route.replica.duplicates()).as("a graceful stop stores what was processed").isZero();
                assertEveryChangeDelivered(sim, resource, route);
            }
        }
    }

    /** counts: restarts, crashes, restarts during the snapshot, crashes between processing and commit. */
    private static void restartOrCrash(SyncRoute route, CrashableState state, Random random, int[] counts) throws Exception {
        Thread.sleep(5 + random.nextInt(40));
        if (route.consumer().getPosition() == null || TestComponents.inPhase(route.consumer(), Phase.SNAPSHOT)) {
            counts[2]++;
        }
        int dice = random.nextInt(3);
        if (dice == 2) {
            // killed right after a batch was processed, before its position was stored
            if (route.crashAfterNextBatch(state, 2000)) {
                counts[1]++;
                counts[3]++;
            }
            route.start();
        } else if (dice == 1) {
            // A crash at this instant: what the batch in flight already processed is never committed, and nothing
            // after this instant is processed (the dying JVM processes no more records).
            state.freeze();
            route.failWhen.set(e -> true);
            route.stop();
            state.thaw();
            route.failWhen.set(e -> false);
            route.start();
            counts[1]++;
        } else {
            route.restart();
        }
        counts[0]++;
    }
}
