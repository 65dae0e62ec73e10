package io.stripesync.camel.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator holds a million objects and still answers lists, filters and cursors correctly. */
class SimulatorCapacityTest {

    private static final int COUNT = 1_000_000;

    @Test
    void holdsOneMillionObjects() {
        Instant newest = Instant.parse("2025-12-01T00:00:00Z");
        long t = newest.getEpochSecond();
        try (StripeSimulator sim = StripeSimulator.start(1)) {
            long start = System.nanoTime();
            sim.seed("customer", COUNT, newest, i -> Map.of("name", "c" + i));
            long seededMillis = (System.nanoTime() - start) / 1_000_000;
            Runtime rt = Runtime.getRuntime();
            long usedMb = (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
            System.out.printf("simulator: seeded %,d customers in %d ms, heap in use ~%d MB%n", COUNT, seededMillis, usedMb);
            assertThat(sim.count("customer")).isEqualTo(COUNT);

            SimHttp http = new SimHttp(sim);
            SimHttp.Response first = http.get("/v1/customers?limit=100");
            assertThat(first.data()).hasSize(100);
            assertThat(first.hasMore()).isTrue();
            assertThat(first.data().get(0).getAsJsonObject().get("name").getAsString()).isEqualTo("c999999");
            // object i was created at t - (COUNT - 1 - i); a slice in the middle: [t-500000, t-499990)
            SimHttp.Response slice = http.get("/v1/customers?limit=100&created[gte]=" + (t - 500_000) + "&created[lt]="
                                              + (t - 499_990));
            assertThat(names(slice)).containsExactly("c500008", "c500007", "c500006", "c500005", "c500004", "c500003",
                    "c500002", "c500001", "c500000", "c499999");
            assertThat(slice.hasMore()).isFalse();
            // cursor deep inside the collection
            String c500000 = http.get("/v1/customers?created=" + (t - 499_999)).ids().get(0);
            assertThat(names(http.get("/v1/customers?limit=2&starting_after=" + c500000))).containsExactly("c499999", "c499998");
            // the oldest end, walking backwards
            SimHttp.Response oldest = http.get("/v1/customers?limit=3&created[lte]=" + (t - COUNT + 3));
            assertThat(names(oldest)).containsExactly("c2", "c1", "c0");
            assertThat(oldest.hasMore()).isFalse();
            String c0 = oldest.ids().get(2);
            assertThat(names(http.get("/v1/customers?limit=2&ending_before=" + c0))).containsExactly("c2", "c1");
        }
    }

    private static List<String> names(SimHttp.Response r) {
        List<String> names = new java.util.ArrayList<>();
        r.data().forEach(e -> names.add(e.getAsJsonObject().get("name").getAsString()));
        return names;
    }
}
