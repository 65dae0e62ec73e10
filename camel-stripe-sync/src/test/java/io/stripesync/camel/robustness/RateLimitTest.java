package io.stripesync.camel.robustness;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.stripesync.camel.StripeSyncComponent;
import io.stripesync.camel.StripeSyncConsumer;
import io.stripesync.camel.TestComponents;
import io.stripesync.camel.position.Phase;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Against a simulator that enforces Stripe's 25 requests/s for test keys, a snapshot and a concurrent producer on the
 * same key stay under the limit with the default pacing (24/s), and do not without it; the 429s they then meet are
 * retried by the component, so no create and no poll fails on them.
 */
@Tag("slow")
class RateLimitTest {

    private record Run(long requests, long tooMany, long millis, long waitedMillis, long failedCreates, long products) {
    }

    private Run run(String extraOptions) throws Exception {
        return run("sk_test_ratelimited", 25, 40, extraOptions);
    }

    /** A 600-object snapshot in pages of 10 while that many creates run at once, against a simulator allowing stripeLimit/s. */
    private Run run(String apiKey, int stripeLimit, int concurrentCreates, String extraOptions) throws Exception {
        try (StripeSimulator sim = StripeSimulator.start(91)) {
            sim.seed("customer", 600, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("name", "c" + i));
            sim.faults().rateLimit(stripeLimit);
            CamelContext context = new DefaultCamelContext();
            context.getRegistry().bind("positions", new MemoryStateRepository());
            // the key on the component, as the docs advise; pacing stays the component's default unless the options say
            StripeSyncComponent component = new StripeSyncComponent();
            component.getConfiguration().setApiKey(apiKey);
            context.addComponent("stripe-sync", component);
            String common = "maxNetworkRetries=0&apiBase=" + sim.baseUrl() + extraOptions;
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
            // the creates at once, each on its own thread, as the docs describe
            java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(concurrentCreates);
            java.util.List<java.util.concurrent.Future<Exchange>> creates = new java.util.ArrayList<>();
            for (int i = 0; i < concurrentCreates; i++) {
                String name = "p" + i;
                creates.add(writers.submit(() -> template.request("stripe-sync:product?operation=create&" + common,
                        e -> e.getIn().setBody(Map.of("name", name)))));
            }
            long failedCreates = 0;
            for (java.util.concurrent.Future<Exchange> f : creates) {
                Exchange done = f.get(60, java.util.concurrent.TimeUnit.SECONDS);
                if (done.getException() != null) {
                    failedCreates++;
                    assertThat(done.getException()).as("a failed create failed on Stripe's rate limit")
                            .hasRootCauseInstanceOf(com.stripe.exception.RateLimitException.class);
                }
            }
            writers.shutdown();
            StripeSyncConsumer consumer = (StripeSyncConsumer) context.getRoute("sync").getConsumer();
            await().atMost(Duration.ofSeconds(60)).until(() -> consumer.getPosition() != null
                                                              && TestComponents.inPhase(consumer, Phase.CDC));
            long millis = (System.nanoTime() - start) / 1_000_000;
            var limiter = context.getComponent("stripe-sync", StripeSyncComponent.class).rateLimiter(apiKey, null);
            Run r = new Run(sim.counters().total(), sim.counters().withStatus(429), millis,
                    limiter == null ? 0 : limiter.waitedMillis(), failedCreates, sim.count("product"));
            context.stop();
            return r;
        }
    }

    @Test
    void defaultPacingStaysUnderStripesTestModeLimit() throws Exception {
        Run paced = run("");
        System.out.printf("rate limit, default pacing (24/s for test keys) vs simulator at 25/s: %d requests, %d answered 429,"
                          + " %d ms, %d ms of waits for a turn, summed over the requests (they wait at once)%n", paced.requests(), paced.tooMany(), paced.millis(),
                paced.waitedMillis());
        assertThat(paced.tooMany()).isZero();
        assertThat(paced.failedCreates()).as("every concurrent create succeeded").isZero();
        assertThat(paced.products()).isEqualTo(40);
        assertThat(paced.requests()).isGreaterThanOrEqualTo(100);
        assertThat(paced.waitedMillis()).as("the limiter did pace").isPositive();

        Run unpaced = run("&maxRequestsPerSecond=0");
        System.out.printf("rate limit, pacing off: %d requests, %d answered 429, %d of 40 creates failed, %d ms%n",
                unpaced.requests(), unpaced.tooMany(), unpaced.failedCreates(), unpaced.millis());
        assertThat(unpaced.tooMany()).as("without pacing the same load hits the limit").isPositive();
        assertThat(unpaced.failedCreates()).as("and the component retries the 429s: no create fails on them").isZero();
        assertThat(unpaced.products()).isEqualTo(40);
    }

    /**
     * A fresh key and a burst of creates with nothing else running: the limiter must not let a second's worth out at
     * once (a full token bucket would send 80 at once and 80 more within the second, 160 against Stripe's 100).
     */
    @Test
    void aBurstOnAFreshKeyIsSpreadEvenly() throws Exception {
        try (StripeSimulator sim = StripeSimulator.start(92)) {
            sim.faults().rateLimit(100);
            CamelContext context = new DefaultCamelContext();
            StripeSyncComponent component = new StripeSyncComponent();
            component.getConfiguration().setApiKey("sk_live_burst");
            context.addComponent("stripe-sync", component);
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            String uri = "stripe-sync:product?operation=create&maxNetworkRetries=0&apiBase=" + sim.baseUrl();
            java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(160);
            java.util.List<java.util.concurrent.Future<Exchange>> creates = new java.util.ArrayList<>();
            for (int i = 0; i < 160; i++) {
                String name = "b" + i;
                creates.add(writers.submit(() -> template.request(uri, e -> e.getIn().setBody(Map.of("name", name)))));
            }
            long failed = 0;
            for (java.util.concurrent.Future<Exchange> f : creates) {
                failed += f.get(60, java.util.concurrent.TimeUnit.SECONDS).getException() == null ? 0 : 1;
            }
            writers.shutdown();
            context.stop();
            System.out.printf("rate limit, 160 creates at once on a fresh live key vs simulator at 100/s: %d answered 429%n",
                    sim.counters().withStatus(429));
            assertThat(sim.counters().withStatus(429)).isZero();
            assertThat(failed).isZero();
            assertThat(sim.count("product")).isEqualTo(160);
        }
    }

    @Test
    void liveKeysArePacedUnderStripesLiveLimit() throws Exception {
        // live keys default to 96/s: against Stripe's 100/s, the same load never meets a 429
        Run live = run("sk_live_ratelimited", 100, 200, "");
        System.out.printf("rate limit, default pacing (96/s for live keys) vs simulator at 100/s: %d requests, %d answered"
                          + " 429, %d ms, %d ms of waits for a turn, summed over the requests (they wait at once)%n", live.requests(), live.tooMany(), live.millis(),
                live.waitedMillis());
        assertThat(live.tooMany()).isZero();
        assertThat(live.failedCreates()).isZero();
        assertThat(live.products()).isEqualTo(200);
        assertThat(live.waitedMillis()).as("the limiter did pace").isPositive();
        Run unpaced = run("sk_live_ratelimited", 100, 200, "&maxRequestsPerSecond=0");
        System.out.printf("rate limit, live key, pacing off: %d requests, %d answered 429%n", unpaced.requests(),
                unpaced.tooMany());
        assertThat(unpaced.tooMany()).as("without pacing the same load exceeds 100/s").isPositive();
    }
}
