package io.stripesync.camel;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stripesync.camel.management.StreamHealthCheck;
import io.stripesync.camel.position.Phase;
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
 * The key's reads, counted as Stripe's read allocation counts them (every GET), shown through JMX and Micrometer, and
 * the health check's warning once they project beyond readAllocation.
 */
class ReadAllocationTest {

    private static final String KEY = "sk_test_readcounts";

    private CamelContext context(StripeSimulator sim, String options, MeterRegistry meters) throws Exception {
        CamelContext context = new DefaultCamelContext();
        StripeSyncComponent component = new StripeSyncComponent();
        component.getConfiguration().setApiKey(KEY);
        context.addComponent("stripe-sync", component);
        context.getRegistry().bind("positions", new MemoryStateRepository());
        context.getRegistry().bind("meters", meters);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("stripe-sync:customer?apiBase=" + sim.baseUrl() + "&stateRepository=#positions&initialDelay=0"
                     + "&delay=20&maxIdleDelay=0&snapshot=false" + options).routeId("reads").to("log:reads?level=OFF");
            }
        });
        return context;
    }

    @Test
    void readsAreCountedAsStripeCountsThemAndAProjectionBeyondTheAllocationWarns() throws Exception {
        try (StripeSimulator sim = StripeSimulator.start(61)) {
            MeterRegistry meters = new SimpleMeterRegistry();
            try (CamelContext context = context(sim, "&readAllocation=10000", meters)) {
                context.start();
                StripeSyncConsumer consumer = (StripeSyncConsumer) context.getRoute("reads").getConsumer();
                await().atMost(Duration.ofSeconds(10)).until(() -> consumer.getPosition() != null
                                                                   && TestComponents.inPhase(consumer, Phase.CDC)
                                                                   && consumer.getReadRequests() > 20);
                // the meter reads the same count (it moves on while the stream polls)
                double metered = meters.get("stripe.sync.reads").functionCounter().count();
                assertThat(metered).isGreaterThan(20).isLessThanOrEqualTo(consumer.getReadRequests());
                assertThat(meters.get("stripe.sync.reads.projected").gauge().value()).isPositive();
                // a poll every 20 ms: far beyond 10,000 in 30 days
                assertThat(consumer.getReadsProjected30Days()).isGreaterThan(10_000);
                assertThat(consumer.getReadsPerDay() * 30).isEqualTo(consumer.getReadsProjected30Days(),
                        org.assertj.core.data.Offset.offset(30.0));

                assertThat(consumer.getHealthCheck().call().getDetails()).as("not judged in the first hour")
                        .doesNotContainKey(StreamHealthCheck.WARNING);
                consumer.figures().judgeReadsAfter(0);
                await().atMost(Duration.ofSeconds(10)).until(() -> consumer.getHealthCheck().call().getDetails()
                        .containsKey(StreamHealthCheck.WARNING));
                HealthCheck.Result warned = consumer.getHealthCheck().call();
                assertThat(warned.getState()).isEqualTo(HealthCheck.State.UP);
                assertThat(warned.getMessage()).hasValueSatisfying(m -> assertThat(m)
                        .startsWith("The read requests of key sk_test_...unts project to ")
                        .endsWith(" in 30 days at the last hour's rate, beyond readAllocation 10,000: raise maxIdleDelay,"
                                  + " receive changes by webhook, or follow fewer resources with this key"));
                assertThat(warned.getDetails()).containsKey(StreamHealthCheck.READS_PROJECTED);
                context.getRouteController().stopRoute("reads");
                assertThat(consumer.getReadRequests()).as("every GET the simulator saw from the key")
                        .isEqualTo(sim.counters().reads(KEY));
            }
        }
    }

    @Test
    void withoutAnAllocationThereIsNoWarning() throws Exception {
        try (StripeSimulator sim = StripeSimulator.start(62);
             CamelContext context = context(sim, "", new SimpleMeterRegistry())) {
            context.start();
            StripeSyncConsumer consumer = (StripeSyncConsumer) context.getRoute("reads").getConsumer();
            consumer.figures().judgeReadsAfter(0);
            await().atMost(Duration.ofSeconds(10)).until(() -> consumer.getReadRequests() > 20);
            assertThat(consumer.getHealthCheck().call().getDetails()).doesNotContainKey(StreamHealthCheck.WARNING);
        }
    }
}
