package io.stripesync.camel.consumer;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.stripesync.camel.LogCapture;
import io.stripesync.camel.StripeSyncConsumer;
import io.stripesync.camel.TestComponents;
import io.stripesync.camel.position.Phase;
import io.stripesync.camel.position.PositionCodec;
import io.stripesync.camel.simulator.Simulated;
import io.stripesync.camel.simulator.StripeSimulator;
import io.stripesync.camel.state.JdbcStateRepository;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes share one PostgreSQL table of positions. When the second takes the stream over (as a new leader does),
 * it resumes from the shared position, and the first, still running (a stale leader), finds the newer claim before
 * its next records or has its next save refused: it says so once and stops, and the stored position never goes back.
 */
@Tag("slow")
class TwoNodesFencingTest {

    private EmbeddedPostgres postgres;

    @Simulated(seed = 909)
    private StripeSimulator sim;

    @BeforeEach
    void start() throws IOException {
        postgres = EmbeddedPostgres.start();
        sim.seed("customer", 30, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("name", "c" + i));
    }

    @AfterEach
    void stop() throws IOException {
        postgres.close();
    }

    private JdbcStateRepository node() {
        JdbcStateRepository repository = new JdbcStateRepository(postgres.getPostgresDatabase());
        repository.start();
        return repository;
    }

    @Test
    void aStaleLeadersLateSaveIsRefusedAndTheNewLeaderCarriesOn() throws Exception {
        String key = TestComponents.stateKey(sim.baseUrl(), "customer", null);
        JdbcStateRepository table = node();
        try (SyncRoute a = new SyncRoute(sim, "customer?batchSize=10", node()).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> a.consumer().getPosition() != null
                                                              && TestComponents.inPhase(a.consumer(), Phase.CDC));
            assertThat(a.replica.count("snapshot")).isEqualTo(30);
            String first = sim.create("customer", Map.of("name", "seen by A")).get("id").getAsString();
            await().atMost(Duration.ofSeconds(10)).until(() -> a.replica.seen().size() == 31);
            String positionOfA = table.getState(key);

            try (LogCapture log = new LogCapture(StripeSyncConsumer.class);
                 SyncRoute b = new SyncRoute(sim, "customer?batchSize=10", node()).start()) {
                // B claimed the key and resumes where A stood: no second snapshot
                String second = sim.create("customer", Map.of("name", "after the takeover")).get("id").getAsString();
                await().atMost(Duration.ofSeconds(10)).until(() -> b.replica.seen().stream()
                        .anyMatch(r -> r.objectId().equals(second)));
                assertThat(b.replica.count("snapshot")).isZero();
                assertThat(b.replica.seen()).noneMatch(r -> r.objectId().equals(first));

                // A stops, loudly, once: before it hands the change to its route (its claim is looked up when its
                // last confirmation is older than 250 ms), or, having confirmed it just before, when its save is
                // refused (then it delivered the change, which B delivers again: at least once)
                await().atMost(Duration.ofSeconds(10)).until(() -> log.text().contains("This node stops."));
                assertThat(log.text().lines().filter(l -> l.startsWith("ERROR"))).singleElement().isIn(
                        "ERROR The save of state key '" + key + "' under claim 1 was refused: another node claimed the"
                        + " key since (claim 2) and carries the stream on. This node stops.",
                        "ERROR The records of state key '" + key + "' read under claim 1 were not delivered: another"
                        + " node claimed the key since (claim 2) and carries the stream on. This node stops.");
                HealthCheck.Result health = a.consumer().getHealthCheck().call();
                assertThat(health.getState()).isEqualTo(HealthCheck.State.DOWN);

                // the table holds B's position, past A's last one
                String third = sim.create("customer", Map.of("name", "B only")).get("id").getAsString();
                await().atMost(Duration.ofSeconds(10)).until(() -> b.replica.seen().stream()
                        .anyMatch(r -> r.objectId().equals(third)));
                assertThat(a.replica.seen()).noneMatch(r -> r.objectId().equals(third));
                await().atMost(Duration.ofSeconds(10)).until(() -> PositionCodec.decode(table.getState(key)).cursors()
                        .get(0).created() >= PositionCodec.decode(positionOfA).cursors().get(0).created()
                        && !table.getState(key).equals(positionOfA));
            }
        }
    }

    /**
     * The leader is paused with a batch in hand: the first record inside its route, four behind it (what a stop signal
     * or a long GC pause does). Meanwhile the objects change again and another node takes the stream over and delivers
     * their newer states. When the paused leader wakes up, the record that was inside its route completes (nothing can
     * recall it) and carries claim 1, which a sink several nodes write refuses after claim 2; the four behind it never
     * reach the route. The replica ends equal to the source.
     */
    @Test
    void aPausedLeaderDeliversNothingMoreAfterTheTakeoverAndItsRecordInFlightCarriesTheOldClaim() throws Exception {
        String key = TestComponents.stateKey(sim.baseUrl(), "customer", null);
        JdbcStateRepository table = node();
        Replica sink = Replica.fenced();
        java.util.List<String> ids = sim.objects("customer").stream().limit(5).map(o -> o.get("id").getAsString()).toList();
        java.util.concurrent.CountDownLatch paused = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch wake = new java.util.concurrent.CountDownLatch(1);
        try (LogCapture log = new LogCapture(StripeSyncConsumer.class);
             SyncRoute a = new SyncRoute(sim, "customer?batchSize=10", node()).start()) {
            a.alsoInto = sink;
            await().atMost(Duration.ofSeconds(10)).until(() -> a.consumer().getPosition() != null
                                                              && TestComponents.inPhase(a.consumer(), Phase.CDC));
            // A holds a gate record while the five changes are made, so that its next batch holds all five
            java.util.concurrent.CountDownLatch atGate = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch openGate = new java.util.concurrent.CountDownLatch(1);
            a.failWhen.set(e -> {
                String body = e.getIn().getBody(String.class);
                if (body.contains("\"gate\"")) {
                    hold(atGate, openGate);
                } else if (body.contains("\"v1\"") && paused.getCount() > 0) {
                    hold(paused, wake);
                }
                return false;
            });
            String gate = sim.objects("customer").get(29).get("id").getAsString();
            sim.update("customer", gate, Map.of("name", "gate"));
            assertThat(atGate.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            sim.clock().advance(Duration.ofSeconds(1));
            ids.forEach(id -> sim.update("customer", id, Map.of("name", "v1")));
            openGate.countDown();
            assertThat(paused.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("the leader holds a batch").isTrue();
            long pausedAt = System.nanoTime();
            String positionBefore = table.getState(key);
            int deliveredByA = a.replica.seen().size();
            sim.clock().advance(Duration.ofSeconds(1));
            ids.forEach(id -> sim.update("customer", id, Map.of("name", "v2")));

            try (SyncRoute b = new SyncRoute(sim, "customer?batchSize=10", node()).start()) {
                b.alsoInto = sink;
                await().atMost(Duration.ofSeconds(10)).untilAsserted(
                        () -> assertThat(sink.differenceFrom(sim.objects("customer"))).isEmpty());
                assertThat(b.replica.seen()).as("B resumed from A's last save: the ten changes, no snapshot")
                        .hasSize(10).noneMatch(r -> r.operation().equals("snapshot"));

                // a takeover takes a cluster service's lease (seconds): a pause that short would not have lost the
                // lead, and the consumer trusts a confirmed claim for 250 ms; this one lasts longer than that
                long pausedMillis = (System.nanoTime() - pausedAt) / 1_000_000;
                Thread.sleep(Math.max(0, 400 - pausedMillis));
                wake.countDown();
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(log.text())
                        .as("A's stop, after it delivered %s", a.replica.seen()).contains("were not delivered"));
                assertThat(log.text()).containsOnlyOnce("ERROR The records of state key '" + key + "' read under claim 1"
                                                        + " were not delivered: another node claimed the key since"
                                                        + " (claim 2) and carries the stream on. This node stops.");
                assertThat(a.replica.seen()).as("only the record already inside A's route").hasSize(deliveredByA + 1);
                assertThat(sink.refused()).as("the record that was in A's route when it paused").singleElement()
                        .satisfies(r -> assertThat(ids).anyMatch(id -> r.equals("update " + id + " 1")));
                assertThat(sink.differenceFrom(sim.objects("customer"))).isEmpty();
                assertThat(table.getState(key)).as("B saved past A's last save").isNotEqualTo(positionBefore);
                assertThat(PositionCodec.decode(table.getState(key)).cursors().get(0).created())
                        .isGreaterThanOrEqualTo(PositionCodec.decode(positionBefore).cursors().get(0).created());
            }
        } finally {
            wake.countDown();
        }
    }

    /** The route's thread stops here, as a paused process would, until released. */
    private static void hold(java.util.concurrent.CountDownLatch reached, java.util.concurrent.CountDownLatch release) {
        reached.countDown();
        try {
            release.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
