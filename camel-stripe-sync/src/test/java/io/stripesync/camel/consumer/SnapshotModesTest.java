package io.stripesync.camel.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.stripesync.camel.LogCapture;
import io.stripesync.camel.StripeSyncConsumer;
import io.stripesync.camel.TestComponents;
import io.stripesync.camel.position.Phase;
import io.stripesync.camel.position.PositionCodec;
import io.stripesync.camel.simulator.Simulated;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * snapshotMode, and the rounds a sink closes: each snapshot a numbered round whose records carry its id and whose end
 * is one marker exchange, after which the replica (closing rounds as the example sink does) equals the source, the
 * objects deleted while no event said so included.
 */
class SnapshotModesTest {

    @Simulated(seed = 26)
    private StripeSimulator sim;
    private final MemoryStateRepository state = new MemoryStateRepository();

    @BeforeEach
    void seed() {
        sim.seed("customer", 20, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("email", "c" + i + "@x.io"));
    }

    private String key() {
        return TestComponents.stateKey(sim.baseUrl(), "customer", null);
    }

    private String differenceFromSource(SyncRoute route) {
        return route.replica.differenceFrom(sim.objects("customer"));
    }

    @Test
    void initialTakesOneRoundWhoseMarkerComesAfterEveryRecordOfIt() throws Exception {
        try (SyncRoute route = new SyncRoute(sim, "customer?roundMarkers=true&batchSize=7", state).start()) {
            route.awaitMarkers(1);
            List<Replica.Seen> seen = route.replica.seen();
            assertThat(seen).hasSize(21);
            long round = seen.get(0).round();
            assertThat(seen.subList(0, 20)).allSatisfy(s -> {
                assertThat(s.operation()).isEqualTo("snapshot");
                assertThat(s.round()).isEqualTo(round);
            });
            assertThat(seen.get(20)).isEqualTo(new Replica.Seen("snapshot-complete", null, null, null, round));
            assertThat(route.replica.markers()).containsExactly("customer " + round + " 20 applied deleted=0");
            assertThat(round).as("epoch milliseconds of the round's start").isGreaterThan(1_700_000_000_000L);

            String id = sim.create("customer", Map.of("email", "after@x.io")).get("id").getAsString();
            await().atMost(Duration.ofSeconds(10)).until(() -> route.replica.seen().size() == 22);
            assertThat(route.replica.seen().get(21)).as("a change carries the resource's latest round")
                    .isEqualTo(new Replica.Seen("create", id, route.replica.seen().get(21).eventId(), "customer.created",
                            round));
            route.restart();
            sim.update("customer", id, Map.of("email", "again@x.io"));
            await().atMost(Duration.ofSeconds(10)).until(() -> route.replica.seen().size() == 23);
            assertThat(route.replica.count("snapshot")).as("initial: no snapshot at a restart").isEqualTo(20);
            assertThat(route.replica.markers()).hasSize(1);
            assertThat(differenceFromSource(route)).isEmpty();
        }
    }

    @Test
    void withoutRoundMarkersTheRoundsStillNumberTheRecordsAndNoMarkerComes() throws Exception {
        try (SyncRoute route = new SyncRoute(sim, "customer", state).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> route.replica.seen().size() == 20
                                                              && TestComponents.inPhase(route.consumer(), Phase.CDC));
            sim.create("customer", Map.of("email", "after@x.io"));
            await().atMost(Duration.ofSeconds(10)).until(() -> route.replica.seen().size() == 21);
            assertThat(route.replica.seen()).extracting(Replica.Seen::round).containsOnly(route.replica.seen().get(0).round());
            assertThat(route.replica.markers()).isEmpty();
            assertThat(PositionCodec.decode(state.getState(key())).round("customer").closed())
                    .as("closed once its last record was processed").isTrue();
        }
    }

    @Test
    void expiredEventsWithDeletionsDuringTheGapAreANewRoundWhoseMarkerDropsWhatWentAway() throws Exception {
        // an event before the first start: the cursor's time (an account that never had one has no time to expire)
        sim.create("invoice", Map.of("customer", "cus_before"));
        SyncRoute route = new SyncRoute(sim, "customer?roundMarkers=true", state).start();
        route.awaitMarkers(1);
        long first = route.replica.seen().get(0).round();
        route.stop();
        // while the route is down: deletions and a creation, whose events then fall out of Stripe's 30 days
        List<String> ids = sim.objects("customer").stream().map(o -> o.get("id").getAsString()).toList();
        sim.delete("customer", ids.get(2));
        sim.delete("customer", ids.get(11));
        sim.delete("customer", ids.get(17));
        String made = sim.create("customer", Map.of("email", "made-in-the-gap@x.io")).get("id").getAsString();
        sim.clock().advance(Duration.ofDays(31));
        sim.create("invoice", Map.of("customer", ids.get(0)));    // Stripe's time, as a recent event shows it
        route.start();
        route.awaitMarkers(2);
        assertThat(route.replica.markers()).hasSize(2);
        String second = route.replica.markers().get(1);
        long round = Long.parseLong(second.split(" ")[1]);
        assertThat(round).isGreaterThan(first);
        assertThat(second).isEqualTo("customer " + round + " 18 applied deleted=3");
        assertThat(route.replica.rows()).containsKey(made).doesNotContainKeys(ids.get(2), ids.get(11), ids.get(17));
        assertThat(differenceFromSource(route)).isEmpty();
        route.close();
    }

    @Test
    void alwaysTakesANewRoundAtEveryStartAndItsMarkerDropsWhatWentAwayMeanwhile() throws Exception {
        SyncRoute route = new SyncRoute(sim, "customer?snapshotMode=always&roundMarkers=true", state).start();
        route.awaitMarkers(1);
        route.stop();
        List<String> ids = sim.objects("customer").stream().map(o -> o.get("id").getAsString()).toList();
        sim.delete("customer", ids.get(4));
        sim.update("customer", ids.get(5), Map.of("email", "changed-while-down@x.io"));
        sim.clock().advance(Duration.ofSeconds(5));
        try (LogCapture log = new LogCapture(StripeSyncConsumer.class, org.apache.logging.log4j.Level.INFO)) {
            route.start();
            route.awaitMarkers(2);
            assertThat(log.text()).contains("INFO stripe-sync consumer for customer: snapshotMode=always: a new snapshot"
                                            + " round at this start");
        }
        List<String> markers = route.replica.markers();
        long firstRound = Long.parseLong(markers.get(0).split(" ")[1]);
        long secondRound = Long.parseLong(markers.get(1).split(" ")[1]);
        assertThat(secondRound).isGreaterThan(firstRound);
        assertThat(markers.get(1)).isEqualTo("customer " + secondRound + " 19 applied deleted=1");
        assertThat(route.replica.count("snapshot")).isEqualTo(20 + 19);
        assertThat(route.replica.count("delete")).as("the stored cursor is not resumed: the new round stands for it")
                .isZero();
        assertThat(differenceFromSource(route)).isEmpty();
        // changes after the new round's start still come
        String made = sim.create("customer", Map.of("email", "after@x.io")).get("id").getAsString();
        await().atMost(Duration.ofSeconds(10)).until(() -> route.replica.rows().containsKey(made));
        route.close();
    }

    @Test
    void neverStartsWithChangesMadeFromTheFirstStartAndNumbersNoRound() throws Exception {
        try (SyncRoute route = new SyncRoute(sim, "customer?snapshotMode=never&roundMarkers=true", state).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> state.getState(key()) != null);
            String made = sim.create("customer", Map.of("email", "first-change@x.io")).get("id").getAsString();
            await().atMost(Duration.ofSeconds(10)).until(() -> route.replica.seen().size() == 1);
            assertThat(route.replica.seen()).containsExactly(new Replica.Seen("create", made,
                    route.replica.seen().get(0).eventId(), "customer.created", null));
            assertThat(route.replica.markers()).isEmpty();
        }
    }

    @Test
    void whenNeededStartsAfreshWhereAnUnreadablePositionStopsTheOtherModes() throws Exception {
        state.setState(key(), "{\"version\":99}");
        try (LogCapture camel = new LogCapture(org.apache.camel.impl.engine.AbstractCamelContext.class);
             SyncRoute refused = new SyncRoute(sim, "customer?snapshotMode=initial", state)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(refused::start)
                    .hasStackTraceContaining("The stored position under state key '" + key() + "' cannot be read")
                    .hasStackTraceContaining("or use snapshotMode=when_needed");
            assertThat(camel.text()).contains("Error starting CamelContext");
        }
        try (LogCapture log = new LogCapture(StripeSyncConsumer.class, org.apache.logging.log4j.Level.INFO);
             SyncRoute route = new SyncRoute(sim, "customer?snapshotMode=when_needed&roundMarkers=true", state).start()) {
            route.awaitMarkers(1);
            assertThat(route.replica.markers().get(0)).endsWith(" 20 applied deleted=0");
            assertThat(log.text()).contains("INFO stripe-sync consumer for customer: The stored position under state key '"
                                            + key() + "' cannot be read (unsupported position version 99");
            assertThat(log.text()).contains("snapshotMode=when_needed starts afresh with a snapshot");
        }
    }

    @Test
    void aRoundsMarkerThatFailsComesAgainAndNothingAfterItIsDeliveredBefore() throws Exception {
        try (LogCapture log = new LogCapture(StripeSyncConsumer.class);
             SyncRoute route = new SyncRoute(sim, "customer?roundMarkers=true", state)) {
            java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger();
            route.failWhen.set(e -> "snapshot-complete".equals(e.getIn().getHeader("CamelStripeSyncOperation"))
                                    && refusals.incrementAndGet() <= 2);
            route.start();
            route.awaitMarkers(1);
            assertThat(refusals.get()).isEqualTo(3);
            assertThat(log.text()).contains("Error processing customer record null; it will be delivered again");
            String made = sim.create("customer", Map.of("email", "after@x.io")).get("id").getAsString();
            await().atMost(Duration.ofSeconds(10)).until(() -> route.replica.rows().containsKey(made));
            assertThat(route.replica.seen()).extracting(Replica.Seen::operation).containsSubsequence("snapshot",
                    "snapshot-complete", "create");
            assertThat(route.replica.seen().subList(0, 21)).extracting(Replica.Seen::operation)
                    .doesNotContain("create");
        }
    }
}
