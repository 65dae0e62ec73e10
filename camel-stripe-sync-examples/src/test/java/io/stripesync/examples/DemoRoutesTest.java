package io.stripesync.examples;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's routes, Java and YAML, run by camel-main with the component configured through
 * camel.component.stripe-sync.* properties, really stream the simulator's customers: they must not rot.
 */
class DemoRoutesTest {

    @TempDir
    Path dir;

    private Main main(StripeSimulator sim) {
        Main main = new Main();
        main.addInitialProperty("camel.component.stripe-sync.api-key", "sk_test_demo");
        main.addInitialProperty("camel.component.stripe-sync.api-base", sim.baseUrl());
        main.addInitialProperty("camel.component.stripe-sync.state-file", dir.resolve("positions.dat").toString());
        main.configure().withDurationMaxMessages(250);
        main.configure().withDurationMaxSeconds(30);
        return main;
    }

    /** 3 pages of 100, plus at most one partial page per slice of the parallel snapshot (8 readers: 32 slices). */
    private static final String LIST_REQUESTS = "list requests for 250 customers";

    private static StripeSimulator seeded() {
        StripeSimulator sim = StripeSimulator.start(5);
        sim.seed("customer", 250, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("email", i + "@x.io"));
        return sim;
    }

    @Test
    void yamlRouteStreamsTheSnapshot() throws Exception {
        try (StripeSimulator sim = seeded()) {
            Main main = main(sim);
            main.configure().withRoutesIncludePattern("classpath:routes/customers.camel.yaml");
            long start = System.nanoTime();
            main.run();
            assertThat(sim.counters().route("GET /v1/customers")).as(LIST_REQUESTS).isBetween(3L, 3L + 4 * 8);
            assertThat((System.nanoTime() - start) / 1_000_000_000).as("stopped by 250 messages, not the 30 s cap")
                    .isLessThan(25);
        }
    }

    @Test
    void javaRouteStreamsTheSnapshot() throws Exception {
        try (StripeSimulator sim = seeded()) {
            Main main = main(sim);
            main.configure().addRoutesBuilder(new CustomerStreamRoute());
            long start = System.nanoTime();
            main.run();
            assertThat(sim.counters().route("GET /v1/customers")).as(LIST_REQUESTS).isBetween(3L, 3L + 4 * 8);
            assertThat((System.nanoTime() - start) / 1_000_000_000).isLessThan(25);
        }
    }
}
