package io.stripesync.camel.consumer;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.stripesync.camel.StripeSyncConstants;
import io.stripesync.camel.StripeSyncConsumer;
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
 * Twenty resources from one endpoint in a JVM limited to 256 MB (surefire execution "memory", -Xmx256m), the simulator
 * holding their 100,000 objects included: the snapshots side by side hold at most snapshotPagesInMemory pages, and
 * the events of all twenty are then read by the one stream. Prints the peak heap and the throughput.
 */
class SeveralResourcesMemoryTest {

    private static final List<String> TWENTY = List.of("customer", "product", "price", "coupon", "plan",
            "promotion_code", "tax_rate", "payment_link", "payment_intent", "setup_intent", "billing.meter", "refund", "dispute",
            "payout", "transfer", "topup", "invoiceitem", "credit_note", "quote", "subscription_schedule");
    private static final int EACH = 5_000;

    @Test
    void twentyResourcesFromOneEndpointInASmallHeap() throws Exception {
        long maxHeapMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        try (StripeSimulator sim = StripeSimulator.start(255)) {
            for (String resource : TWENTY) {
                sim.seed(resource, EACH, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("name", resource + i));
            }
            System.gc();
            long afterSeed = liveHeapMb();
            AtomicInteger snapshot = new AtomicInteger();
            Set<String> changed = ConcurrentHashMap.newKeySet();
            CamelContext context = new DefaultCamelContext();
            context.getRegistry().bind("positions", new MemoryStateRepository());
            io.stripesync.camel.StripeSyncComponent component = new io.stripesync.camel.StripeSyncComponent();
            component.getConfiguration().setApiKey("sk_test_memory");
            context.addComponent("stripe-sync", component);
            long[] live = new long[2];
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("stripe-sync:" + String.join(",", TWENTY) + "?maxRequestsPerSecond=0&apiBase=" + sim.baseUrl()
                         + "&stateRepository=#positions&initialDelay=0&delay=10&bodyType=json").routeId("memory")
                            .process(e -> {
                                if ("snapshot".equals(e.getIn().getHeader(StripeSyncConstants.OPERATION))) {
                                    int n = snapshot.incrementAndGet();
                                    if (n == TWENTY.size() * EACH / 4) {
                                        live[0] = liveHeapMb();
                                    } else if (n == TWENTY.size() * EACH * 3 / 4) {
                                        live[1] = liveHeapMb();
                                    }
                                } else {
                                    changed.add(e.getIn().getHeader(StripeSyncConstants.RESOURCE, String.class));
                                }
                            });
                }
            });
            long start = System.nanoTime();
            context.start();
            await().atMost(Duration.ofMinutes(5)).until(() -> snapshot.get() >= TWENTY.size() * EACH);
            long millis = (System.nanoTime() - start) / 1_000_000;
            StripeSyncConsumer consumer = (StripeSyncConsumer) context.getRoute("memory").getConsumer();
            await().atMost(Duration.ofSeconds(30)).until(() -> TestComponents.inPhase(consumer, Phase.CDC));
            for (String resource : TWENTY) {
                sim.clock().advance(Duration.ofSeconds(1));
                sim.create(resource, Map.of("name", "after the snapshot"));
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(
                    () -> assertThat(changed).containsExactlyInAnyOrderElementsOf(TWENTY));
            long peak = peakHeapMb();
            context.stop();
            System.out.printf("memory: 20 resources from one endpoint, snapshot of %,d objects in %d ms (%,.0f objects/s),"
                              + " then a change of each; heap max %d MB, live after seeding the simulator %d MB, peak %d"
                              + " MB; live heap after GC at 1/4 of the snapshots %d MB, at 3/4 %d MB%n",
                    TWENTY.size() * EACH, millis, TWENTY.size() * EACH * 1000.0 / millis, maxHeapMb, afterSeed, peak,
                    live[0], live[1]);
            assertThat(snapshot.get()).isEqualTo(TWENTY.size() * EACH);
            assertThat(changed).containsExactlyInAnyOrderElementsOf(TWENTY);
            assertThat(live[1] - live[0]).as("live heap growth over half the snapshots, MB").isLessThan(25);
        }
    }

    private static long liveHeapMb() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
    }

    private static long peakHeapMb() {
        long peak = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / (1024 * 1024);
    }
}
