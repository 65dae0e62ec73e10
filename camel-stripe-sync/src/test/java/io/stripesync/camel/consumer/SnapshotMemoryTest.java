package io.stripesync.camel.consumer;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.stripe.model.Customer;
import io.stripesync.camel.StripeSyncConstants;
import io.stripesync.camel.TestComponents;
import io.stripesync.camel.position.Phase;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A snapshot of 200,000 customers in a JVM limited to 256 MB (surefire execution "memory", -Xmx256m), the simulator
 * holding them included: the reader keeps one page at a time. Prints the peak heap and the throughput.
 */
class SnapshotMemoryTest {

    private static final int COUNT = 200_000;

    @Test
    void snapshotOf200000ObjectsInASmallHeap() throws Exception {
        long maxHeapMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        try (StripeSimulator sim = StripeSimulator.start(200)) {
            sim.seed("customer", COUNT, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("name", Integer.toString(i)));
            System.gc();
            long afterSeed = usedHeapMb();
            resetPeaks();
            BitSet seen = new BitSet(COUNT);
            AtomicInteger exchanges = new AtomicInteger();
            java.util.concurrent.atomic.AtomicLong liveAtQuarter = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicLong liveAtThreeQuarters = new java.util.concurrent.atomic.AtomicLong();
            CamelContext context = new DefaultCamelContext();
            context.getRegistry().bind("positions", new MemoryStateRepository());
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("stripe-sync:customer?apiKey=sk_test_memory&maxRequestsPerSecond=0&apiBase=" + sim.baseUrl()
                         + "&stateRepository=#positions&initialDelay=0&delay=10").routeId("memory")
                            .process(e -> {
                                if ("snapshot".equals(e.getIn().getHeader(StripeSyncConstants.OPERATION))) {
                                    seen.set(Integer.parseInt(e.getIn().getBody(Customer.class).getName()));
                                    int n = exchanges.incrementAndGet();
                                    // the live heap a quarter and three quarters through: what the consumer retains
                                    if (n == COUNT / 4) {
                                        liveAtQuarter.set(liveHeapMb());
                                    } else if (n == COUNT * 3 / 4) {
                                        liveAtThreeQuarters.set(liveHeapMb());
                                    }
                                }
                            });
                }
            });
            long start = System.nanoTime();
            context.start();
            await().atMost(Duration.ofMinutes(5)).until(() -> exchanges.get() >= COUNT);
            long millis = (System.nanoTime() - start) / 1_000_000;
            var consumer = (io.stripesync.camel.StripeSyncConsumer) context.getRoute("memory").getConsumer();
            await().atMost(Duration.ofSeconds(30)).until(() -> TestComponents.inPhase(consumer, Phase.CDC));
            context.stop();
            long peak = peakHeapMb();
            long growth = liveAtThreeQuarters.get() - liveAtQuarter.get();
            System.out.printf("memory: snapshot of %,d customers in %d ms (%,.0f objects/s), %d list requests; heap max %d MB,"
                              + " in use after seeding the simulator %d MB, peak during the snapshot %d MB; live heap after"
                              + " GC at 1/4 %d MB, at 3/4 %d MB (%+d MB over %,d objects)%n", COUNT, millis,
                    COUNT * 1000.0 / millis, sim.counters().route("GET /v1/customers"), maxHeapMb, afterSeed, peak,
                    liveAtQuarter.get(), liveAtThreeQuarters.get(), growth, COUNT / 2);
            assertThat(exchanges.get()).isEqualTo(COUNT);
            assertThat(seen.cardinality()).isEqualTo(COUNT);
            // holding the 100,000 objects between the two samples would take well over 50 MB: the consumer holds a page
            assertThat(growth).as("live heap growth over half the snapshot, MB").isLessThan(25);
        }
    }

    private static long liveHeapMb() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
    }

    private static long usedHeapMb() {
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / (1024 * 1024);
    }
}
