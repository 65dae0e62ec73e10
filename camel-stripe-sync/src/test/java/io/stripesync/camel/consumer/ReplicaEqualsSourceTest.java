package io.stripesync.camel.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import io.stripesync.camel.position.Phase;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A seeded workload of creates, updates and deletes runs while the snapshot and then CDC run; at the end the replica
 * built from the exchanges equals the simulator's live objects, field for field.
 */
class ReplicaEqualsSourceTest {

    @ParameterizedTest(name = "{0} seed {1}")
    @CsvSource({ "customer,1", "customer,2", "customer,3", "subscription,4", "subscription,5", "invoiceitem,6",
                 "invoiceitem,7" })
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
            }
        }
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @CsvSource({ "customer,11", "subscription,12", "invoiceitem,13" })
    void restartsAtRandomPointsLoseNothing(String resource, long seed) throws Exception {
        Random random = new Random(seed);
        MemoryStateRepository state = new MemoryStateRepository();
        try (StripeSimulator sim = StripeSimulator.start(seed)) {
            Workload workload = new Workload(sim, resource, seed);
            sim.seed(resource, 400, Instant.parse("2025-12-31T00:00:00Z"), i -> workload.fields());
            try (SyncRoute route = new SyncRoute(sim, resource + "?batchSize=10", state).start()) {
                Thread changes = workload.runInBackground(400, 3);
                int restarts = 0;
                while (changes.isAlive() || restarts < 4) {
                    Thread.sleep(20 + random.nextInt(150));
                    route.restart();
                    restarts++;
                }
                changes.join();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    assertThat(route.consumer().getPosition().phase()).isEqualTo(Phase.CDC);
                    assertThat(route.replica.differenceFrom(sim.objects(resource))).isEmpty();
                });
                long duplicates = route.replica.duplicates();
                System.out.printf("restarts %s seed %d: %d restarts, %s, %d exchanges, %d duplicates%n", resource, seed,
                        restarts, workload, route.replica.seen().size(), duplicates);
                assertThat(duplicates).as("at most one batch per restart").isLessThanOrEqualTo(restarts * 10L);
            }
        }
    }
}
