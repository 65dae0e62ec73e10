package io.stripesync.camel.robustness;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.stripesync.camel.StripeSyncConstants;
import io.stripesync.camel.StripeSyncConsumer;
import io.stripesync.camel.TestComponents;
import io.stripesync.camel.consumer.CrashableState;
import io.stripesync.camel.position.Phase;
import io.stripesync.camel.simulator.StripeSimulator;
import io.stripesync.camel.simulator.Workload;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.StateRepository;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replica equals source while the simulator injects 5xx, 429 bursts, latency spikes and late-visible events, and the
 * CamelContext is stopped, or crashes, at random moments. Seeds and size come from chaos.seeds / chaos.ops (the soak
 * profile raises them); every run prints its figures.
 */
@Tag("slow")
class ChaosTest {

    @Test
    void replicaEqualsSourceUnderChaos() throws Exception {
        String[] seeds = System.getProperty("chaos.seeds", "1,2,3").split(",");
        int ops = Integer.getInteger("chaos.ops", 300);
        long[] faults = new long[2];
        for (String seed : seeds) {
            long[] fired = run(Long.parseLong(seed.trim()), ops);
            faults[0] += fired[0];
            faults[1] += fired[1];
        }
        // each fault really fired: answers the client saw after stripe-java's retries, counted over the seeds (a single
        // seed's count depends on thread timing and can be small)
        assertThat(faults[0]).as("answered 5xx over all seeds").isPositive();
        assertThat(faults[1]).as("answered 429 over all seeds").isPositive();
    }

    /** Runs one seed; returns how many requests were answered 5xx and 429. */
    private long[] run(long seed, int ops) throws Exception {
        Random random = new Random(seed);
        try (StripeSimulator sim = StripeSimulator.start(seed)) {
            Workload workload = new Workload(sim, "customer", seed).opsPerSecond(1);
            sim.seed("customer", 300, Instant.parse("2025-12-31T00:00:00Z"), i -> workload.fields());
            // one visible event before the first start: with no event at all in the account, Stripe offers no clock to
            // tell expiry by (ConsumerFaultsTest covers the anchor on another type's event)
            workload.step();
            sim.faults().errorRate(0.15, 503).latency(Duration.ZERO, Duration.ofMillis(40))
                    .eventVisibilityDelay(Duration.ZERO, Duration.ofSeconds(3));
            CrashableState state = new CrashableState();
            LwwReplica replica = new LwwReplica();
            AtomicReference<Predicate<Exchange>> dying = new AtomicReference<>(e -> false);
            String uri = "stripe-sync:customer?apiBase=" + sim.baseUrl() + "&bodyType=json"
                         + "&batchSize=20&initialDelay=0&delay=20&maxRequestsPerSecond=0&eventLookback=30s"
                         + "&stateRepository=#positions";
            Holder holder = new Holder(uri, state, replica, dying);
            holder.start();

            AtomicBoolean chaos = new AtomicBoolean(true);
            AtomicInteger bursts = new AtomicInteger();
            Thread burster = new Thread(() -> {
                Random r = new Random(seed * 7);
                while (chaos.get()) {
                    sleep(300 + r.nextInt(500));
                    sim.faults().rateLimit(1);       // a 429 burst
                    bursts.incrementAndGet();
                    sleep(300);
                    sim.faults().rateLimit(0);
                }
            }, "429-bursts");
            burster.start();
            int[] counts = new int[3]; // restarts, crashes, expiries
            // the CDC start is taken at the first poll that gets through the faults: changes made before it are the
            // snapshot's; start them after it, so the first half is checked change by change
            await().atMost(Duration.ofSeconds(60)).until(() -> holder.consumer().getPosition() != null);
            // first half of the changes during the snapshot and CDC, with restarts and crashes
            Thread changes = workload.runInBackground(ops / 2, 10);
            while (changes.isAlive() || counts[0] < 3) {
                restartOrCrash(holder, state, dying, random, counts);
            }
            changes.join();
            await().atMost(Duration.ofSeconds(90)).until(() -> holder.consumer().getPosition() != null
                                                              && TestComponents.inPhase(holder.consumer(), Phase.CDC));
            // before the outage, under every fault: each change after the first watermark reaches the sink
            long firstStart = holder.consumer().getPosition().cdcStart();
            sim.clock().advance(Duration.ofSeconds(5));   // the late events of the first half become visible
            Set<String> firstHalf = eventIdsAfter(sim, firstStart, 0);
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(replica.eventIds())
                    .as("first-half changes delivered before the outage").containsAll(firstHalf));
            long firstHalfDuplicates = replica.duplicates();
            int firstHalfCrashes = counts[1];
            // down longer than Stripe keeps events: the position's events expire, the consumer takes a new snapshot
            holder.stop();
            sim.clock().advance(Duration.ofDays(31));
            counts[2]++;
            holder.start();
            // the consumer finds its events expired and starts a new round, whose watermark moves forward
            long beforeOutage = firstStart;
            await().atMost(Duration.ofSeconds(60)).until(() -> holder.consumer().getPosition() != null
                                                              && holder.consumer().getPosition().cdcStart() > beforeOutage);
            // second half while the new snapshot and then CDC run, with more restarts and crashes
            changes = workload.runInBackground(ops - ops / 2, 10);
            int before = counts[0];
            while (changes.isAlive() || counts[0] < before + 3) {
                restartOrCrash(holder, state, dying, random, counts);
            }
            int restarts = counts[0];
            int crashes = counts[1];
            int expiries = counts[2];
            changes.join();
            chaos.set(false);
            burster.join();
            sim.faults().rateLimit(0).errorRate(0, 500).latency(Duration.ZERO, Duration.ZERO)
                    .eventVisibilityDelay(Duration.ZERO, Duration.ZERO);
            sim.clock().advance(Duration.ofSeconds(5));   // every delayed event is visible now
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(holder.consumer().getPosition().phase()).isEqualTo(Phase.CDC);
                assertThat(replica.rounds()).as("snapshot rounds").isEqualTo(2);
            });
            // the sink closes a snapshot round at the first change after it: make one after the round's start
            sim.clock().advance(Duration.ofSeconds(2));
            workload.step();
            await().atMost(Duration.ofSeconds(90)).untilAsserted(
                    () -> assertThat(replica.difference(sim.objects("customer"))).isEmpty());
            long cdcStart = holder.consumer().getPosition().cdcStart();
            // the re-snapshot path: the consumer itself found the events expired and started a new round later
            assertThat(cdcStart).as("the new snapshot's watermark").isGreaterThan(firstStart);
            // every change after the last snapshot's watermark that Stripe still keeps must have been delivered (the
            // ones that expired while the route was down are covered by the new snapshot, as replica == source shows)
            long retainedFrom = sim.clock().nowSeconds() - Duration.ofDays(30).toSeconds();
            Set<String> expectedEvents = eventIdsAfter(sim, cdcStart, retainedFrom);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Set<String> missing = new HashSet<>(expectedEvents);
                missing.removeAll(replica.eventIds());
                List<String> described = new ArrayList<>();
                for (JsonObject e : sim.events()) {
                    if (missing.contains(e.get("id").getAsString()) && described.size() < 5) {
                        described.add(e.get("id").getAsString() + " " + e.get("type").getAsString() + " created "
                                      + e.get("created").getAsLong());
                    }
                }
                assertThat(described).as("undelivered changes after the watermark " + cdcStart).isEmpty();
            });
            Set<String> lost = new HashSet<>(expectedEvents);
            lost.removeAll(replica.eventIds());
            System.out.printf("chaos seed %d: %s; %d restarts (%d crashes, %d after 31 days down: events expired,"
                              + " resnapshot); faults: %d answered 5xx, %d answered 429 in %d bursts, latency 0-40 ms, %d"
                              + " events up to 3 s late; %d exchanges; changes checked one by one: %d before the outage,"
                              + " %d after the last snapshot start; lost %d, duplicates %d%n", seed, workload, restarts,
                    crashes, expiries, sim.counters().withStatus(503), sim.counters().withStatus(429), bursts.get(),
                    sim.counters().eventsDelayed(), replica.exchanges(), firstHalf.size(), expectedEvents.size(),
                    lost.size(), replica.duplicates());
            holder.stop();
            assertThat(lost).isEmpty();
            // late events and crashes fired (5xx and 429 are summed over the seeds), and a real volume of changes went
            // through them
            assertThat(bursts.get()).as("429 bursts").isPositive();
            assertThat(sim.counters().eventsDelayed()).as("late-visible events").isPositive();
            assertThat(crashes).as("crashes").isPositive();
            assertThat(firstHalf.size()).as("changes checked before the outage").isGreaterThanOrEqualTo(ops / 3);
            assertThat(expectedEvents.size()).as("changes checked after the new snapshot").isGreaterThanOrEqualTo(ops / 3);
            // a crash repeats at most the batch in flight (20); graceful stops repeat nothing
            assertThat(firstHalfDuplicates).as("duplicates before the outage").isLessThanOrEqualTo(firstHalfCrashes * 20L);
            assertThat(replica.duplicates()).as("duplicates in all").isLessThanOrEqualTo(crashes * 20L);
            assertThat(replica.rounds()).as("the expiry led to exactly one new snapshot round").isEqualTo(2);
            return new long[] { sim.counters().withStatus(503), sim.counters().withStatus(429) };
        }
    }

    /** The ids of the customer events created after a watermark and still kept by Stripe. */
    private static Set<String> eventIdsAfter(StripeSimulator sim, long watermark, long retainedFrom) {
        Set<String> ids = new HashSet<>();
        for (JsonObject e : sim.events()) {
            long created = e.get("created").getAsLong();
            if (created > watermark && created >= retainedFrom) {
                ids.add(e.get("id").getAsString());
            }
        }
        return ids;
    }

    private static void restartOrCrash(Holder holder, CrashableState state, AtomicReference<Predicate<Exchange>> dying,
                                       Random random, int[] counts) throws Exception {
        sleep(150 + random.nextInt(400));
        if (random.nextBoolean()) {
            // a crash: what the batch in flight processed is never committed, nothing after it is processed
            state.freeze();
            dying.set(e -> true);
            holder.stop();
            state.thaw();
            dying.set(e -> false);
            counts[1]++;
        } else {
            holder.stop();
        }
        holder.start();
        counts[0]++;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A CamelContext that can be stopped and started again on the same state. */
    private static final class Holder {
        private final String uri;
        private final StateRepository<String, String> state;
        private final LwwReplica replica;
        private final AtomicReference<Predicate<Exchange>> dying;
        private CamelContext context;

        Holder(String uri, StateRepository<String, String> state, LwwReplica replica,
               AtomicReference<Predicate<Exchange>> dying) {
            this.uri = uri;
            this.state = state;
            this.replica = replica;
            this.dying = dying;
        }

        void start() throws Exception {
            context = new DefaultCamelContext();
            // the key on the component, never in the URI
            io.stripesync.camel.StripeSyncComponent component = new io.stripesync.camel.StripeSyncComponent();
            component.getConfiguration().setApiKey("sk_test_chaos");
            context.addComponent("stripe-sync", component);
            context.getRegistry().bind("positions", state);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(uri).routeId("chaos").process(e -> {
                        if (dying.get().test(e)) {
                            throw new IllegalStateException("the JVM is going down");
                        }
                        replica.apply(e);
                    });
                }
            });
            context.start();
        }

        void stop() {
            context.stop();
        }

        StripeSyncConsumer consumer() {
            return (StripeSyncConsumer) context.getRoute("chaos").getConsumer();
        }
    }

    /**
     * A sink that orders by event time: a change older than what a row already reflects (a late-visible event) is
     * ignored, deletes leave a tombstone. A new snapshot round (CamelStripeSyncSnapshotStart changes, after expired
     * events) confirms rows; when changes flow again, rows the round did not confirm and no change since its start
     * touched were deleted while events were lost, and are dropped.
     */
    private static final class LwwReplica {
        private record Row(JsonObject object, long version, boolean deleted) {
        }

        private final Map<String, Row> rows = new HashMap<>();
        private final Set<String> events = new HashSet<>();
        private final Set<String> snapshotSeen = new HashSet<>();
        private final Set<String> confirmed = new HashSet<>();
        private Long round;
        private boolean roundOpen;
        private int rounds;
        private long exchanges;
        private long duplicates;

        synchronized void apply(Exchange e) {
            exchanges++;
            String op = e.getIn().getHeader(StripeSyncConstants.OPERATION, String.class);
            String id = e.getIn().getHeader(StripeSyncConstants.OBJECT_ID, String.class);
            String eventId = e.getIn().getHeader(StripeSyncConstants.EVENT_ID, String.class);
            long version;
            if (eventId == null) {
                long start = e.getIn().getHeader(StripeSyncConstants.SNAPSHOT_START, Long.class);
                if (round == null || round != start) {
                    round = start;
                    rounds++;
                    confirmed.clear();
                    roundOpen = true;
                }
                confirmed.add(id);
                if (!snapshotSeen.add(start + "/" + id)) {
                    duplicates++;
                }
                version = start;
            } else {
                if (roundOpen) {
                    closeRound();
                }
                if (!events.add(eventId)) {
                    duplicates++;
                }
                version = e.getIn().getHeader(StripeSyncConstants.EVENT_CREATED, Long.class);
            }
            Row current = rows.get(id);
            if (current != null && current.version() > version) {
                return;
            }
            JsonObject body = JsonParser.parseString(e.getIn().getBody(String.class)).getAsJsonObject();
            rows.put(id, new Row(body, version, "delete".equals(op)));
        }

        private void closeRound() {
            rows.replaceAll((id, row) -> !confirmed.contains(id) && row.version() < round && !row.deleted()
                    ? new Row(row.object(), round, true) : row);
            roundOpen = false;
        }

        synchronized int rounds() {
            return rounds;
        }

        synchronized Set<String> eventIds() {
            return new HashSet<>(events);
        }

        synchronized long exchanges() {
            return exchanges;
        }

        synchronized long duplicates() {
            return duplicates;
        }

        synchronized String difference(List<JsonObject> source) {
            Map<String, JsonObject> live = new TreeMap<>();
            rows.forEach((id, row) -> {
                if (!row.deleted()) {
                    live.put(id, row.object());
                }
            });
            Map<String, JsonObject> expected = new TreeMap<>();
            source.forEach(o -> expected.put(o.get("id").getAsString(), o));
            List<String> problems = new ArrayList<>();
            expected.forEach((id, o) -> {
                if (!o.equals(live.get(id))) {
                    problems.add(live.containsKey(id) ? "stale " + id + " (v" + rows.get(id).version() + ", round " + round
                                                        + ", in this round " + snapshotSeen.contains(round + "/" + id)
                                                        + ", confirmed " + confirmed.contains(id) + ", open " + roundOpen
                                                        + ", created " + o.get("created") + ")" : "missing " + id);
                }
            });
            live.keySet().stream().filter(id -> !expected.containsKey(id)).forEach(id -> problems.add("kept deleted " + id
                    + " (v" + rows.get(id).version() + ", round " + round + ", open " + roundOpen + ", confirmed " + confirmed.contains(id) + ")"));
            return problems.isEmpty() ? "" : problems.size() + " differences, e.g. " + problems.subList(0, Math.min(3, problems.size()));
        }
    }
}
