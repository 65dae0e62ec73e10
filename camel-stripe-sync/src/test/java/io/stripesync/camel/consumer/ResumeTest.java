package io.stripesync.camel.consumer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.stripesync.camel.TestComponents;
import io.stripesync.camel.position.Phase;
import io.stripesync.camel.position.Position;
import io.stripesync.camel.position.PositionCodec;
import io.stripesync.camel.position.PositionStore;
import io.stripesync.camel.simulator.Simulated;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Where a consumer starts and resumes: snapshot=false, the default file store, state keys. */
class ResumeTest {

    @Simulated(seed = 31)
    private StripeSimulator sim;

    @BeforeEach
    void start() {
        sim.seed("customer", 20, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("email", "c" + i + "@x.io"));
    }

    @Test
    void snapshotFalseStoresItsStartAtOnceAndDeliversWhatHappenedWhileDown() throws Exception {
        sim.create("customer", Map.of("email", "before-first-start@x.io"));
        MemoryStateRepository state = new MemoryStateRepository();
        String key = io.stripesync.camel.TestComponents.stateKey(sim.baseUrl(), "customer", null);
        SyncRoute route = new SyncRoute(sim, "customer?snapshot=false", state).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> state.getState(key) != null);
        Position first = PositionCodec.decode(state.getState(key));
        assertThat(first.phase()).isEqualTo(Phase.CDC);
        assertThat(first.slices()).isEmpty();
        route.stop();

        sim.clock().advance(Duration.ofMinutes(10));
        String whileDown = sim.create("customer", Map.of("email", "while-down@x.io")).get("id").getAsString();
        sim.clock().advance(Duration.ofMinutes(10));

        route.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> route.replica.seen().size() == 1);
        assertThat(route.replica.seen().get(0).objectId()).isEqualTo(whileDown);
        assertThat(route.replica.seen().get(0).operation()).isEqualTo("create");
        assertThat(route.replica.count("snapshot")).isZero();
        route.close();
    }

    @Test
    void defaultFileStoreCarriesThePositionAcrossTwoCamelContexts(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("positions.dat");
        String options = "customer?batchSize=5&stateFile=" + file;
        try (SyncRoute first = new SyncRoute(sim, options, null).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> first.consumer().getPosition() != null
                                                              && TestComponents.inPhase(first.consumer(), Phase.CDC));
            assertThat(first.replica.count("snapshot")).isEqualTo(20);
        }
        assertThat(Files.readString(file)).contains(io.stripesync.camel.TestComponents.stateKey(sim.baseUrl(), "customer", null) + "=").contains("\"phase\":\"cdc\"");
        String id = sim.create("customer", Map.of("email", "between@x.io")).get("id").getAsString();
        try (SyncRoute second = new SyncRoute(sim, options, null).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> second.replica.seen().size() == 1);
            assertThat(second.replica.seen().get(0).objectId()).isEqualTo(id);
            assertThat(second.replica.count("snapshot")).as("no second snapshot").isZero();
        }
    }

    @Test
    void stateKeysKeepPositionsApart() throws Exception {
        MemoryStateRepository state = new MemoryStateRepository();
        try (SyncRoute a = new SyncRoute(sim, "customer?stateKey=a", state).start();
             SyncRoute b = new SyncRoute(sim, "customer?stateKey=b&snapshot=false", state).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> a.replica.count("snapshot") == 20
                                                              && state.getState(io.stripesync.camel.TestComponents.stateKey(sim.baseUrl(), "customer", "b")) != null);
            assertThat(b.replica.seen()).isEmpty();
            assertThat(PositionCodec.decode(state.getState(io.stripesync.camel.TestComponents.stateKey(sim.baseUrl(), "customer", "a"))).resource()).isEqualTo("customer");
        }
    }

    @Test
    void aStopReturnsOnlyOnceTheRecordsThatReachedTheRouteAreSaved() throws Exception {
        // a slow store: the stop must not return while the poll thread still saves the batch the route processed,
        // or the restart reads the older position and delivers the record again
        java.util.concurrent.atomic.AtomicBoolean slow = new java.util.concurrent.atomic.AtomicBoolean();
        MemoryStateRepository state = new MemoryStateRepository() {
            @Override
            public void setState(String key, String value) {
                if (slow.get()) {
                    try {
                        Thread.sleep(400);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                super.setState(key, value);
            }
        };
        String key = io.stripesync.camel.TestComponents.stateKey(sim.baseUrl(), "customer", null);
        SyncRoute route = new SyncRoute(sim, "customer", state).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> state.getState(key) != null
                                                          && PositionCodec.decode(state.getState(key)).phase() == Phase.CDC);
        slow.set(true);
        String id = sim.create("customer", Map.of("email", "just-before-the-stop@x.io")).get("id").getAsString();
        await().atMost(Duration.ofSeconds(10)).until(() -> route.replica.count("create") == 1);
        route.stop();
        String atStop = state.getState(key);
        Thread.sleep(600);
        assertThat(state.getState(key)).as("nothing saved after the stop returned").isEqualTo(atStop);

        slow.set(false);
        route.start();
        String after = sim.create("customer", Map.of("email", "after-the-restart@x.io")).get("id").getAsString();
        await().atMost(Duration.ofSeconds(10)).until(() -> route.replica.count("create") >= 2);
        Thread.sleep(200);
        assertThat(route.replica.seen()).filteredOn(r -> r.operation().equals("create"))
                .extracting(r -> r.objectId()).as("the record saved before the stop is not delivered again")
                .containsExactly(id, after);
        route.close();
    }
}
