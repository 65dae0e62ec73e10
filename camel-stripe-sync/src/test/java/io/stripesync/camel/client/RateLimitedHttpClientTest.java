package io.stripesync.camel.client;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.stripesync.camel.simulator.StripeSimulator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitedHttpClientTest {

    /** Each request takes one turn of the limiter: 8 callers for 2 s at 20/s send about 40 requests, not 160 (unpaced). */
    @Test
    void aRequestTakesOneTurn() throws Exception {
        StripeClients clients = new StripeClients();
        try (StripeSimulator sim = StripeSimulator.start(3)) {
            StripeGateway gateway = clients.gateway(new ClientSettings("sk_test_paced", sim.baseUrl(), null, null, null,
                    30_000, 80_000, 0), 20);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            ExecutorService callers = Executors.newFixedThreadPool(8);
            for (int i = 0; i < 8; i++) {
                callers.execute(() -> {
                    while (System.nanoTime() < end) {
                        try {
                            gateway.get("/v1/customers", Map.of("limit", 1));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                });
            }
            callers.shutdown();
            assertThat(callers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            // 1 at once, then one every 50 ms for 2 s; the callers' last turns may spill past the 2 s
            assertThat(sim.counters().total()).isBetween(38L, 49L);
        } finally {
            clients.closeAll();
        }
    }
}
