package io.stripesync.examples;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.stripesync.camel.simulator.StripeSimulator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.camel.Exchange;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two-node example (two-nodes/stripe-sync-two-nodes.camel.yaml) as two camel-main nodes in one JVM, against the
 * simulator and a real PostgreSQL: one node streams, and when it stops the other resumes from the shared position.
 */
class TwoNodesExampleTest {

    /** What both nodes delivered, and which node delivered it. */
    private final List<String> delivered = new CopyOnWriteArrayList<>();

    private Main node(String name, StripeSimulator sim, EmbeddedPostgres postgres, Path cluster) {
        Main main = new Main();
        main.setDefaultPropertyPlaceholderLocation("classpath:two-nodes/application.properties");
        main.addOverrideProperty("camel.main.name", name);
        main.addOverrideProperty("camel.component.stripe-sync.api-key", "sk_test_two_nodes");
        main.addOverrideProperty("camel.component.stripe-sync.api-base", sim.baseUrl());
        main.addOverrideProperty("stripe.positions.jdbc-url", postgres.getJdbcUrl("postgres", "postgres"));
        main.addOverrideProperty("stripe.positions.user", "postgres");
        main.addOverrideProperty("stripe.positions.password", "");
        main.addOverrideProperty("stripe.cluster.root", cluster.toString());
        main.addOverrideProperty("stripe.cluster.interval-seconds", "1");
        main.addOverrideProperty("stripe.cluster.heartbeat-multiplier", "2");
        main.addOverrideProperty("stripe.sink", "bean:delivered");
        main.bind("delivered", (org.apache.camel.Processor) (Exchange e) -> delivered.add(
                name + " " + e.getIn().getHeader("CamelStripeSyncOperation") + " "
                + e.getIn().getHeader("CamelStripeSyncObjectId")));
        return main;
    }


    private void await(java.util.function.BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("in time").isLessThan(end);
            Thread.sleep(50);
        }
    }

    @Test
    void oneNodeStreamsAndTheOtherTakesOverFromTheSharedPosition(@TempDir Path cluster) throws Exception {
        // a node's cluster service retries for the lock in a background task that says when it ran out of budget
        // (expected while the other node leads, or stops): captured so the build console stays quiet
        try (StripeSimulator sim = StripeSimulator.start(12);
             EmbeddedPostgres postgres = EmbeddedPostgres.start();
             io.stripesync.camel.LogCapture leadership = new io.stripesync.camel.LogCapture(
                     org.apache.camel.support.task.BackgroundTask.class)) {
            sim.seed("customer", 40, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("name", "c" + i));
            Main first = node("first", sim, postgres, cluster);
            first.start();
            await(() -> delivered.size() == 40);
            Main second = node("second", sim, postgres, cluster);
            second.start();
            String whileBoth = sim.create("customer", Map.of("name", "while both run")).get("id").getAsString();
            await(() -> delivered.contains("first create " + whileBoth));

            first.stop();
            String afterwards = sim.create("customer", Map.of("name", "after the first stopped")).get("id").getAsString();
            await(() -> delivered.contains("second create " + afterwards));
            second.stop();

            assertThat(delivered).filteredOn(d -> d.startsWith("second ")).as("no second snapshot")
                    .noneMatch(d -> d.contains(" snapshot "));
            assertThat(delivered).filteredOn(d -> d.startsWith("first ")).hasSize(41);
            assertThat(delivered).doesNotContain("second create " + whileBoth);
        }
    }
}
