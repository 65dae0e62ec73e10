package io.stripesync.camel.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.stripesync.camel.StripeSyncConstants;
import io.stripesync.camel.TestComponents;
import io.stripesync.camel.position.Phase;
import io.stripesync.camel.position.PositionCodec;
import io.stripesync.camel.position.PositionStore;
import io.stripesync.camel.simulator.Simulated;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A failed exchange never moves the position: the record comes again; with a dead letter channel the stream goes on. */
class FailureHandlingTest {

    @Simulated(seed = 8)
    private StripeSimulator sim;
    private List<String> newestFirst;

    @BeforeEach
    void start() {
        sim.seed("customer", 30, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("email", "c" + i + "@x.io"));
        newestFirst = new ArrayList<>();
        sim.objects("customer").forEach(o -> newestFirst.add(o.get("id").getAsString()));
    }

    @Test
    void snapshotRecordThatFailsIsDeliveredAgainAndNothingAfterItSlipsPast() throws Exception {
        String poison = newestFirst.get(12);
        AtomicInteger attempts = new AtomicInteger();
        MemoryStateRepository state = new MemoryStateRepository();
        String key = io.stripesync.camel.TestComponents.stateKey(sim.baseUrl(), "customer", null);
        try (SyncRoute route = new SyncRoute(sim, "customer?batchSize=10&delay=200&snapshotParallelism=1", state)) {
            route.failWhen.set(e -> poison.equals(e.getIn().getHeader(StripeSyncConstants.OBJECT_ID))
                                    && attempts.incrementAndGet() <= 2);
            route.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> attempts.get() == 1);
            // first page (10) done, then 2 of the second page; the failed record and the rest of its page wait
            assertThat(route.replica.seen()).extracting(Replica.Seen::objectId).containsExactlyElementsOf(newestFirst.subList(0, 12));
            assertThat(PositionCodec.decode(state.getState(key)).slices().get(0).lastId()).isEqualTo(newestFirst.get(11));
            await().atMost(Duration.ofSeconds(10)).until(() -> route.replica.count("snapshot") == 30);
            assertThat(attempts.get()).isEqualTo(3);
            assertThat(route.replica.seen()).extracting(Replica.Seen::objectId).containsExactlyElementsOf(newestFirst);
            await().until(() -> TestComponents.inPhase(route.consumer(), Phase.CDC));
        }
    }

    @Test
    void cdcEventThatFailsIsDeliveredAgain() throws Exception {
        try (SyncRoute route = new SyncRoute(sim, "customer?batchSize=10&delay=100", new MemoryStateRepository()).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> TestComponents.inPhase(route.consumer(), Phase.CDC));
            AtomicInteger attempts = new AtomicInteger();
            route.failWhen.set(e -> "update".equals(e.getIn().getHeader(StripeSyncConstants.OPERATION))
                                    && attempts.incrementAndGet() == 1);
            sim.update("customer", newestFirst.get(0), Map.of("name", "first"));
            // a second apart: Stripe's list order within one second is not the order of the changes
            sim.clock().advance(Duration.ofSeconds(1));
            sim.update("customer", newestFirst.get(1), Map.of("name", "second"));
            await().atMost(Duration.ofSeconds(10)).until(() -> route.replica.count("update") == 2);
            assertThat(attempts.get()).isEqualTo(3);
            assertThat(route.replica.seen().subList(30, 32)).extracting(Replica.Seen::objectId)
                    .containsExactly(newestFirst.get(0), newestFirst.get(1));
            assertThat(route.replica.differenceFrom(sim.objects("customer"))).isEmpty();
        }
    }

    @Test
    void withADeadLetterChannelTheStreamMovesOn() throws Exception {
        String poison = newestFirst.get(5);
        try (SyncRoute route = new SyncRoute(sim, "customer?batchSize=10", new MemoryStateRepository())) {
            route.deadLetters = Collections.synchronizedList(new ArrayList<>());
            route.failWhen.set(e -> poison.equals(e.getIn().getHeader(StripeSyncConstants.OBJECT_ID)));
            route.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> route.replica.count("snapshot") == 29);
            await().until(() -> TestComponents.inPhase(route.consumer(), Phase.CDC));
            assertThat(route.deadLetters).hasSize(1);
            assertThat(route.deadLetters.get(0).getIn().getHeader(StripeSyncConstants.OBJECT_ID)).isEqualTo(poison);
            assertThat(route.replica.seen()).extracting(Replica.Seen::objectId).doesNotContain(poison).hasSize(29);
        }
    }
}
