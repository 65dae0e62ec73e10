package io.stripesync.camel.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.stripesync.camel.TestComponents;
import io.stripesync.camel.position.Phase;
import io.stripesync.camel.simulator.Simulated;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SnapshotThenCdcTest {

    @Simulated(seed = 1234)
    private StripeSimulator sim;

    /** One reader lists the one slice page after page: 13 pages for 1234 customers; 8 readers (test key default). */
    @ParameterizedTest
    @ValueSource(ints = {1, 8})
    void snapshotOf1234CustomersThenCdc(int parallelism) throws Exception {
        sim.seed("customer", 1234, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("email", "c" + i + "@x.io"));
        sim.counters().reset();
        long started = System.nanoTime();
        try (SyncRoute route = new SyncRoute(sim, "customer?batchSize=100" + (parallelism == 1 ? "&snapshotParallelism=1" : ""),
                new MemoryStateRepository()).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> route.replica.count("snapshot") >= 1234
                                                                 && TestComponents.inPhase(route.consumer(), Phase.CDC));
            long millis = (System.nanoTime() - started) / 1_000_000;
            long listRequests = sim.counters().route("GET /v1/customers");
            System.out.printf("snapshot: 1234 customers, batchSize=100, %d reader(s): %d list requests, %d requests in all,"
                              + " %d ms%n", parallelism, listRequests, sim.counters().total(), millis);
            assertThat(route.replica.count("snapshot")).isEqualTo(1234);
            Set<String> ids = new HashSet<>();
            route.replica.seen().forEach(s -> ids.add(s.objectId()));
            assertThat(ids).hasSize(1234);
            if (parallelism == 1) {
                assertThat(listRequests).isEqualTo(13);
            } else {
                // split in slices: each slice ends on a partial page, and a piece of the old past may be empty
                assertThat(sim.counters().requests()).filteredOn(r -> r.path().equals("/v1/customers"))
                        .anySatisfy(r -> assertThat(r.params()).containsKey("created"));
                assertThat(listRequests).isBetween(13L, 13L + 4 * 8);
            }
            assertThat(route.replica.differenceFrom(sim.objects("customer"))).isEmpty();

            String id = sim.create("customer", Map.of("email", "new@x.io")).get("id").getAsString();
            sim.update("customer", id, Map.of("email", "newer@x.io"));
            await().atMost(Duration.ofSeconds(10)).until(() -> route.replica.count("update") == 1);
            // both changes share a second, whose list order at Stripe is arbitrary: whichever comes last, both records
            // carry the customer as read after them, so the replica ends with the newest state
            List<Replica.Seen> last = route.replica.seen().subList(route.replica.seen().size() - 2, route.replica.seen().size());
            assertThat(last).extracting(Replica.Seen::operation).containsExactlyInAnyOrder("create", "update");
            assertThat(route.replica.rows().get(id).get("email").getAsString()).isEqualTo("newer@x.io");
            assertThat(route.replica.differenceFrom(sim.objects("customer"))).isEmpty();
        }
    }
}
