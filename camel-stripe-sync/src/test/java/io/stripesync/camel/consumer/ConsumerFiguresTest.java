package io.stripesync.camel.consumer;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stripesync.camel.LogCapture;
import io.stripesync.camel.StripeSyncComponent;
import io.stripesync.camel.StripeSyncConsumer;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consumer's figures as an operator reads them: through Camel's JMX management, as Micrometer meters on the
 * application's MeterRegistry, and in the consumer's health check.
 */
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
            MeterRegistry meters = new SimpleMeterRegistry();
            context.getRegistry().bind("meters", meters);
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
                // two lock timeouts (stripe-java retries them), three 5xx, two rate-limited answers (the component
                // retries them after its backoff): no poll fails on any
                sim.faults().failNext(2, 429).failNext(3, 503);
                await().atMost(Duration.ofSeconds(20)).until(() -> (Long) jmx.getAttribute(consumer, "ServerErrorAnswers") == 3);
                sim.faults().rateLimitNext(2, "endpoint-rate");
                await().atMost(Duration.ofSeconds(20)).until(() -> (Long) jmx.getAttribute(consumer, "TooManyRequestsAnswers") == 4);
                assertThat(jmx.getAttribute(consumer, "TooManyRequestsByReason")).isEqualTo("endpoint-rate=2, lock-timeout=2");

                assertThat(jmx.getAttribute(consumer, "SnapshotRecords")).isEqualTo(30L);
                assertThat(jmx.getAttribute(consumer, "CreateRecords")).isEqualTo(1L);
                assertThat(jmx.getAttribute(consumer, "UpdateRecords")).isEqualTo(1L);
                assertThat(jmx.getAttribute(consumer, "OpenSnapshotSlices")).isEqualTo(0);
                assertThat((Long) jmx.getAttribute(consumer, "CdcLagSeconds")).isBetween(0L, 30L);
                assertThat((Double) jmx.getAttribute(consumer, "RetentionDaysLeft")).isBetween(29.9, 30.0);
                assertThat((Long) jmx.getAttribute(consumer, "RateLimiterWaitMillis")).as("10 requests/s, polled every"
                                                                                          + " 20 ms").isPositive();

                // the same figures as meters, tagged by route and resource
                assertThat(counter(meters, "stripe.sync.records", "operation", "snapshot")).isEqualTo(30.0);
                assertThat(counter(meters, "stripe.sync.records", "operation", "create")).isEqualTo(1.0);
                assertThat(counter(meters, "stripe.sync.records", "operation", "update")).isEqualTo(1.0);
                assertThat(counter(meters, "stripe.sync.records", "operation", "delete")).isEqualTo(1.0);
                assertThat(counter(meters, "stripe.sync.responses", "status", "429")).isEqualTo(4.0);
                assertThat(counter(meters, "stripe.sync.rate.limited", "reason", "endpoint-rate")).isEqualTo(2.0);
                assertThat(counter(meters, "stripe.sync.rate.limited", "reason", "lock-timeout")).isEqualTo(2.0);
                assertThat(counter(meters, "stripe.sync.rate.limited", "reason", "global-rate")).isZero();
                assertThat(counter(meters, "stripe.sync.responses", "status", "5xx")).isEqualTo(3.0);
                assertThat(counter(meters, "stripe.sync.rate.limiter.wait", "route", "figures")).isPositive();
                assertThat(gauge(meters, "stripe.sync.snapshot.active")).isZero();
                assertThat(gauge(meters, "stripe.sync.snapshot.open.slices")).isZero();
                assertThat(gauge(meters, "stripe.sync.cdc.lag")).isBetween(0.0, 30.0);
                assertThat(gauge(meters, "stripe.sync.retention.days.left")).isBetween(29.9, 30.0);
                assertThat(meters.get("stripe.sync.cdc.lag").gauge().getId().getBaseUnit()).isEqualTo("seconds");

                // an operator's new snapshot round, asked for through JMX while the route runs
                assertThat(jmx.invoke(consumer, "resnapshot", new Object[] {"customer"},
                        new String[] {String.class.getName()}))
                        .isEqualTo("A new snapshot round of customer begins at the next poll of customer");
                await().atMost(Duration.ofSeconds(20)).until(() -> (Long) jmx.getAttribute(consumer, "SnapshotRecords") == 60);
                assertThat(jmx.getAttribute(consumer, "Phase")).as("read while the changes go on").isEqualTo("CDC");
            } finally {
                context.stop();
            }
            // a stopped consumer's meters go with it
            assertThat(meters.find("stripe.sync.records").meters()).isEmpty();
        }
    }

    private static double counter(MeterRegistry meters, String name, String tag, String value) {
        return meters.get(name).tags("resource", "customer", tag, value).functionCounter().count();
    }

    private static double gauge(MeterRegistry meters, String name) {
        return meters.get(name).tags("route", "figures", "resource", "customer").gauge().value();
    }

    /**
     * A position 28 days old, two days from the end of Stripe's event window: the health check stays UP (the consumer
     * works) with a warning an alert can match, and the log says it once; a new change moves the position and clears it.
     */
    @Test
    void healthWarnsWhileThePositionNearsTheEndOfStripesEventWindow() throws Exception {
        try (StripeSimulator sim = StripeSimulator.start(78)) {
            // Stripe's clock 28 days behind the wall clock: every event the consumer delivers is 28 days old
            sim.clock().set(Instant.now().minus(Duration.ofDays(28))).ticking(true);
            sim.seed("customer", 3, Instant.now().minus(Duration.ofDays(29)), i -> Map.of("name", "c" + i));
            CamelContext context = new DefaultCamelContext();
            context.addComponent("stripe-sync", io.stripesync.camel.TestComponents.stripeSync(sim.baseUrl(),
                    "sk_test_health"));
            context.getRegistry().bind("positions", new MemoryStateRepository());
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("stripe-sync:customer?stateRepository=#positions&initialDelay=0&delay=20").routeId("health")
                            .to("log:health?level=OFF");
                }
            });
            try (LogCapture log = new LogCapture(StripeSyncConsumer.class)) {
                context.start();
                StripeSyncConsumer consumer = (StripeSyncConsumer) context.getRoute("health").getConsumer();
                await().atMost(Duration.ofSeconds(20)).until(() -> "CDC".equals(consumer.getPhase()));
                sim.create("customer", Map.of("name", "old news"));
                await().atMost(Duration.ofSeconds(20)).until(() -> consumer.getCreateRecords() == 1);

                HealthCheck.Result warned = consumer.getHealthCheck().call();
                assertThat(warned.getState()).isEqualTo(HealthCheck.State.UP);
                assertThat(warned.getDetails()).containsKey("stripe.sync.warning");
                assertThat((Double) warned.getDetails().get("stripe.sync.retention.days.left")).isBetween(1.9, 2.1);
                assertThat(warned.getMessage()).get().asString()
                        .startsWith("The position under state key " + io.stripesync.camel.TestComponents.stateKey(sim.baseUrl(),
                                "customer", null) + " leaves Stripe's 30-day"
                                    + " event window in 2.0 days");
                assertThat(log.text()).containsOnlyOnce("leaves Stripe's 30-day event window");

                // Stripe's clock catches up: the next change is fresh, the position moves, the warning goes
                sim.clock().set(Instant.now());
                sim.create("customer", Map.of("name", "today"));
                await().atMost(Duration.ofSeconds(20)).until(() -> consumer.getCreateRecords() == 2);
                HealthCheck.Result clear = consumer.getHealthCheck().call();
                assertThat(clear.getState()).isEqualTo(HealthCheck.State.UP);
                assertThat(clear.getDetails()).doesNotContainKey("stripe.sync.warning");
                assertThat(clear.getMessage()).isEmpty();
            } finally {
                context.stop();
            }
        }
    }
}
