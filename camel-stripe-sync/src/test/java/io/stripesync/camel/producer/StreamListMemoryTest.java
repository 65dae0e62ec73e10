package io.stripesync.camel.producer;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.stripe.model.Customer;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * split() over list with streamList=true reads Stripe's pages only as the split asks for them: at any time it holds
 * one page. Runs in the 256 MB surefire execution.
 */
class StreamListMemoryTest {

    private static final int COUNT = 10_000;

    @Test
    void splitOverAStreamedListHoldsOnePageAtATime() throws Exception {
        try (StripeSimulator sim = StripeSimulator.start(81)) {
            sim.seed("customer", COUNT, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("name", "c" + i));
            AtomicInteger seen = new AtomicInteger();
            AtomicLong mostPagesAhead = new AtomicLong();
            CamelContext context = new DefaultCamelContext();
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:export")
                            .to("stripe-sync:customer?operation=list&streamList=true&apiKey=sk_test_stream&maxRequestsPerSecond=0&apiBase=" + sim.baseUrl())
                            .split(body()).streaming()
                            .process(e -> {
                                int index = e.getProperty(Exchange.SPLIT_INDEX, Integer.class);
                                assertThat(e.getIn().getBody()).isInstanceOf(Customer.class);
                                long pagesRead = sim.counters().route("GET /v1/customers");
                                // how many pages were read beyond the one holding this item
                                mostPagesAhead.accumulateAndGet(pagesRead - (index / 100 + 1), Math::max);
                                seen.incrementAndGet();
                            });
                }
            });
            context.start();
            long start = System.nanoTime();
            context.createProducerTemplate().sendBody("direct:export", null);
            long millis = (System.nanoTime() - start) / 1_000_000;
            context.stop();
            System.out.printf("stream list: %,d customers split in %d ms, %d list requests, at most %d page(s) read ahead%n",
                    COUNT, millis, sim.counters().route("GET /v1/customers"), mostPagesAhead.get());
            assertThat(seen.get()).isEqualTo(COUNT);
            assertThat(sim.counters().route("GET /v1/customers")).isEqualTo(100);
            // the streaming splitter asks hasNext() one item early (for CamelSplitComplete): at a page's last item the
            // next page is read; the iterator drops items as it hands them out, so it never holds more than one page
            assertThat(mostPagesAhead.get()).isLessThanOrEqualTo(1);
        }
    }
}
