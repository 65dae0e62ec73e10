package io.stripesync.examples;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.stripesync.camel.LogCapture;
import io.stripesync.camel.StripeSyncComponent;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stripe-sync-source and stripe-sync-sink Kamelets (shipped in the component's jar under kamelets/) and the
 * Camel K Pipe load and run in camel-main with the Kamelet component, their key given as a Kamelet property.
 */
class KameletsTest {

    @TempDir
    Path dir;

    /** Runs until nothing more arrives for 2 s (each record also passes the Kamelet's own route, so counts double). */
    private Main main(StripeSimulator sim) {
        Main main = new Main();
        for (String kamelet : List.of("stripe-sync-source", "stripe-sync-sink")) {
            main.addInitialProperty("camel.kamelet." + kamelet + ".apiKey", "sk_test_kamelet");
            main.addInitialProperty("camel.kamelet." + kamelet + ".apiBase", sim.baseUrl());
        }
        main.addInitialProperty("camel.component.stripe-sync.state-file", dir.resolve("positions.dat").toString());
        main.configure().withDurationMaxIdleSeconds(2);
        main.configure().withDurationMaxSeconds(30);
        return main;
    }

    private static StripeSimulator seeded() {
        StripeSimulator sim = StripeSimulator.start(8);
        sim.seed("customer", 40, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("email", i + "@x.io"));
        return sim;
    }

    @Test
    void theSourceStreamsJsonWithTheComponentsHeadersAndTheSinkCreates() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        try (StripeSimulator sim = seeded(); LogCapture log = new LogCapture(StripeSyncComponent.class)) {
            Main main = main(sim);
            main.configure().addRoutesBuilder(new RouteBuilder() {
                @Override
                public void configure() {
                    from("kamelet:stripe-sync-source?resource=customer&batchSize=20")
                            .process(e -> received.add(e.getIn().getHeader("CamelStripeSyncOperation") + " "
                                                       + e.getIn().getBody(String.class)));
                    from("timer:once?repeatCount=1")
                            .setBody(constant("{\"email\":\"new@kamelet.io\",\"metadata\":{\"via\":\"sink\"}}"))
                            .to("kamelet:stripe-sync-sink?resource=customer&operation=create")
                            .process(e -> received.add("answer " + e.getIn().getBody(String.class)));
                }
            });
            main.run();
            // every seeded customer as JSON in the snapshot (the one the sink made meanwhile may be there too)
            List<String> snapshot = received.stream().filter(r -> r.startsWith("snapshot {")).toList();
            for (int i = 0; i < 40; i++) {
                String email = "\"" + i + "@x.io\"";
                assertThat(snapshot).as(email).filteredOn(r -> r.contains(email)).hasSize(1);
            }
            assertThat(received).anySatisfy(r -> assertThat(r).startsWith("answer {").contains("\"new@kamelet.io\""));
            assertThat(sim.objects("customer")).anySatisfy(c -> {
                assertThat(c.get("email").getAsString()).isEqualTo("new@kamelet.io");
                assertThat(c.getAsJsonObject("metadata").get("via").getAsString()).isEqualTo("sink");
            });
            assertThat(sim.counters().requests()).filteredOn(r -> r.path().equals("/v1/customers"))
                    .allSatisfy(r -> assertThat(r.params().getOrDefault("limit", "20")).hasToString("20"));
            // the key reached the endpoints as a Kamelet property: nothing was written into a URI
            assertThat(log.text()).doesNotContain("in its URI");
        }
    }

    @Test
    void theSourceFollowsSeveralResourcesFromOneEndpoint() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        try (StripeSimulator sim = seeded()) {
            sim.seed("product", 10, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("name", "p" + i));
            Main main = main(sim);
            main.configure().addRoutesBuilder(new RouteBuilder() {
                @Override
                public void configure() {
                    from("kamelet:stripe-sync-source?resource=customer,product&batchSize=20")
                            .process(e -> received.add(e.getIn().getHeader("CamelStripeSyncResource", String.class)));
                }
            });
            main.run();
            assertThat(received).filteredOn("customer"::equals).hasSize(40);
            assertThat(received).filteredOn("product"::equals).hasSize(10);
        }
    }

    @Test
    void theCamelKPipeRunsInCamelMain() throws Exception {
        try (StripeSimulator sim = seeded()) {
            Main main = main(sim);
            main.configure().withRoutesIncludePattern("classpath:camel-k/stripe-customers-pipe.yaml");
            long start = System.nanoTime();
            main.run();
            assertThat(sim.counters().route("GET /v1/customers")).as("the snapshot was listed").isPositive();
            assertThat((System.nanoTime() - start) / 1_000_000_000).as("idle once the snapshot was through, not the 30 s cap")
                    .isLessThan(25);
        }
    }
}
