package io.stripesync.camel.robustness;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.stripesync.camel.StripeSyncComponent;
import io.stripesync.camel.StripeSyncConsumer;
import io.stripesync.camel.position.Phase;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Against a simulator that enforces Stripe's 25 requests/s for test keys, a snapshot and a concurrent producer on the
 * same key stay under the limit with the default pacing (20/s), and do not without it.
 */
class RateLimitTest {

    private record Run(long requests, long tooMany, long millis, long waitedMillis) {
    }

    private Run run(String extraOptions) throws Exception {
        try (StripeSimulator sim = StripeSimulator.start(91)) {
            sim.seed("customer", 600, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("name", "c" + i));
            sim.faults().rateLimit(25);
            CamelContext context = new DefaultCamelContext();
            context.getRegistry().bind("positions", new MemoryStateRepository());
            String common = "apiKey=sk_test_ratelimited&maxNetworkRetries=0&apiBase=" + sim.baseUrl() + extraOptions;
            AtomicInteger snapshot = new AtomicInteger();
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("stripe-sync:customer?batchSize=10&initialDelay=0&delay=10&stateRepository=#positions&" + common)
                            .routeId("sync").process(e -> snapshot.incrementAndGet());
                }
            });
            long start = System.nanoTime();
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            Thread writer = new Thread(() -> {
                for (int i = 0; i < 40; i++) {
                    try {
                        template.sendBody("stripe-sync:product?operation=create&" + common, Map.of("name", "p" + i));
                    } catch (RuntimeException e) {
                        // counted through the simulator's 429s
                    }
                }
            });
            writer.start();
            writer.join();
            StripeSyncConsumer consumer = (StripeSyncConsumer) context.getRoute("sync").getConsumer();
            await().atMost(Duration.ofSeconds(60)).until(() -> consumer.getPosition() != null
                                                              && consumer.getPosition().phase() == Phase.CDC);
            long millis = (System.nanoTime() - start) / 1_000_000;
            var limiter = context.getComponent("stripe-sync", StripeSyncComponent.class).rateLimiter("sk_test_ratelimited", null);
            Run r = new Run(sim.counters().total(), sim.counters().withStatus(429), millis,
                    limiter == null ? 0 : limiter.waitedMillis());
            context.stop();
            return r;
        }
    }

    @Test
    void defaultPacingStaysUnderStripesTestModeLimit() throws Exception {
        Run paced = run("");
        System.out.printf("rate limit, default pacing (20/s for test keys) vs simulator at 25/s: %d requests, %d answered 429,"
                          + " %d ms, %d ms spent waiting for a turn%n", paced.requests(), paced.tooMany(), paced.millis(),
                paced.waitedMillis());
        assertThat(paced.tooMany()).isZero();
        assertThat(paced.requests()).isGreaterThanOrEqualTo(100);
        assertThat(paced.waitedMillis()).as("the limiter did pace").isPositive();

        Run unpaced = run("&maxRequestsPerSecond=0");
        System.out.printf("rate limit, pacing off: %d requests, %d answered 429, %d ms%n", unpaced.requests(),
                unpaced.tooMany(), unpaced.millis());
        assertThat(unpaced.tooMany()).as("without pacing the same load hits the limit").isPositive();
    }
}
