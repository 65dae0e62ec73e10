package io.stripesync.camel.consumer;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.stripesync.camel.StripeSyncComponent;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The consumer's figures as an operator reads them: through Camel's JMX management. */
class ConsumerFiguresTest {

    @Test
    void phaseRecordsByOperationLagRetentionAndLimiterWaitsAreReadThroughJmx() throws Exception {
        try (StripeSimulator sim = StripeSimulator.start(77)) {
            // Stripe's clock is now: lag and retention are measured against the wall clock
            sim.clock().set(Instant.now()).ticking(true);
            sim.seed("customer", 30, Instant.now().minusSeconds(3600), i -> Map.of("name", "c" + i));
            CamelContext context = new DefaultCamelContext();
            context.setManagementName("figures");
            StripeSyncComponent component = new StripeSyncComponent();
            component.getConfiguration().setApiKey("sk_test_figures");
            context.addComponent("stripe-sync", component);
            context.getRegistry().bind("positions", new MemoryStateRepository());
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("stripe-sync:customer?apiBase=" + sim.baseUrl() + "&stateRepository=#positions&initialDelay=0"
                         + "&delay=20&maxRequestsPerSecond=10").routeId("figures").to("log:figures?level=OFF");
                }
            });
            context.start();
            try {
                MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
                Set<ObjectName> consumers = jmx.queryNames(new ObjectName(
                        "org.apache.camel:context=figures,type=consumers,*"), null);
                assertThat(consumers).hasSize(1);
                ObjectName consumer = consumers.iterator().next();
                await().atMost(Duration.ofSeconds(20)).until(() -> "CDC".equals(jmx.getAttribute(consumer, "Phase")));
                // a second apart: changes of one object in one second are read again, and a deleted one reads as deleted
                String id = sim.create("customer", Map.of("name", "new")).get("id").getAsString();
                sim.clock().advance(Duration.ofSeconds(1));
                sim.update("customer", id, Map.of("name", "renamed"));
                sim.clock().advance(Duration.ofSeconds(1));
                sim.delete("customer", id);
                await().atMost(Duration.ofSeconds(20)).until(() -> (Long) jmx.getAttribute(consumer, "DeleteRecords") == 1);
                // answers an operator watches: each attempt counts, stripe-java's retries included
                assertThat(jmx.getAttribute(consumer, "TooManyRequestsAnswers")).isEqualTo(0L);
                sim.faults().failNext(2, 429).failNext(3, 503);
                await().atMost(Duration.ofSeconds(20)).until(() -> (Long) jmx.getAttribute(consumer, "ServerErrorAnswers") == 3);
                assertThat(jmx.getAttribute(consumer, "TooManyRequestsAnswers")).isEqualTo(2L);

                assertThat(jmx.getAttribute(consumer, "SnapshotRecords")).isEqualTo(30L);
                assertThat(jmx.getAttribute(consumer, "CreateRecords")).isEqualTo(1L);
                assertThat(jmx.getAttribute(consumer, "UpdateRecords")).isEqualTo(1L);
                assertThat(jmx.getAttribute(consumer, "OpenSnapshotSlices")).isEqualTo(0);
                assertThat((Long) jmx.getAttribute(consumer, "CdcLagSeconds")).isBetween(0L, 30L);
                assertThat((Double) jmx.getAttribute(consumer, "RetentionDaysLeft")).isBetween(29.9, 30.0);
                assertThat((Long) jmx.getAttribute(consumer, "RateLimiterWaitMillis")).as("10 requests/s, polled every"
                                                                                          + " 20 ms").isPositive();
            } finally {
                context.stop();
            }
        }
    }
}
