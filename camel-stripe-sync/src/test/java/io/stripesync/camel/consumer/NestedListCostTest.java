package io.stripesync.camel.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.stripesync.camel.TestComponents;
import io.stripesync.camel.position.Phase;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What completing embedded lists costs a snapshot, in requests (printed, the figure the docs quote): 1,000 objects
 * whose list sizes follow a skewed mix, most within Stripe's 10, a few in the hundreds. The cost is exactly one
 * request per started 100 items of every list longer than 10.
 */
@Tag("slow")
class NestedListCostTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "invoice,lines", "subscription,items" })
    void snapshotCostsOneRequestPerHundredItemsOfListsPastTen(String resource, String field) throws Exception {
        Random random = new Random(3);
        int[] sizes = new int[1000];
        long expectedExtra = 0;
        long items = 0;
        for (int i = 0; i < sizes.length; i++) {
            int dice = random.nextInt(100);
            sizes[i] = dice < 75 ? random.nextInt(11) : dice < 95 ? 11 + random.nextInt(90) : 101 + random.nextInt(400);
            expectedExtra += sizes[i] > 10 ? (sizes[i] + 99) / 100 : 0;
            items += sizes[i];
        }
        try (StripeSimulator sim = StripeSimulator.start(4)) {
            sim.seed(resource, sizes.length, Instant.parse("2025-12-31T00:00:00Z"),
                    i -> Map.of("customer", "cus_" + i, "status", "active", field, list(field, sizes[i])));
            sim.counters().reset();
            try (SyncRoute route = new SyncRoute(sim, resource + "?batchSize=100&snapshotParallelism=1", new MemoryStateRepository()).start()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> TestComponents.inPhase(route.consumer(), Phase.CDC));
                String nested = resource.equals("invoice") ? "GET /v1/invoices/{id}/lines" : "GET /v1/subscription_items";
                long listRequests = sim.counters().route("GET /v1/" + resource + "s");
                long extra = sim.counters().route(nested);
                System.out.printf("nested list cost, %s snapshot: %d objects, %d %s (%.1f per object), %d list pages,"
                                  + " %d requests completing %s (%.3f per object, +%.0f%% requests)%n", resource,
                        sizes.length, items, field, items / (double) sizes.length, listRequests, extra, field,
                        extra / (double) sizes.length, 100.0 * extra / listRequests);
                assertThat(listRequests).isEqualTo(10);
                assertThat(extra).isEqualTo(expectedExtra);
                assertThat(route.replica.differenceFrom(sim.objects(resource))).isEmpty();
            }
        }
    }

    private static List<Map<String, Object>> list(String field, int n) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(field.equals("lines") ? Map.of("amount", i) : Map.of("price", "price_" + i, "quantity", 1));
        }
        return list;
    }
}
