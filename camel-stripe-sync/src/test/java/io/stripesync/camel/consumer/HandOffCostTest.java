package io.stripesync.camel.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.stripesync.camel.TestComponents;
import io.stripesync.camel.position.Phase;
import io.stripesync.camel.simulator.Request;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the first changes cost a stream that started on an account with no event at all: its cursor has no event and
 * its anchor is 0, so no stretch of Stripe's 30 days may be walked window by window, nor every event page read to find
 * the oldest.
 */
class HandOffCostTest {

    @Test
    void aFreshAccountsFirstBacklogIsFoundInAFewRequestsNotWalked() throws Exception {
        try (StripeSimulator sim = StripeSimulator.start(71)) {
            sim.seed("customer", 120, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("name", "c" + i));
            MemoryStateRepository state = new MemoryStateRepository();
            try (SyncRoute route = new SyncRoute(sim, "customer?batchSize=100", state).start()) {
                await().atMost(Duration.ofSeconds(10)).until(() -> route.consumer().getPosition() != null
                                                                   && TestComponents.inPhase(route.consumer(), Phase.CDC)
                                                                   && route.replica.count("snapshot") == 120);
                assertThat(route.consumer().getPosition().cursors().get(0).created()).as("no event at all: anchor 0")
                        .isZero();
                route.stop();
                // 3,000 changes over 10 minutes while the route is down, 5 a simulated second
                for (int i = 0; i < 3000; i++) {
                    if (i % 5 == 0) {
                        sim.clock().advance(Duration.ofSeconds(1));
                    }
                    sim.create("customer", Map.of("name", "n" + i));
                }
                sim.counters().reset();
                route.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> route.replica.count("create") == 3000);
                long eventRequests = sim.counters().requests().stream().filter(r -> r.path().equals("/v1/events")).count();
                long onePerPage = 3000 / 100;
                System.out.printf("hand-off on a fresh account: 3,000 changes delivered with %d event requests (%d pages"
                                  + " hold them)%n", eventRequests, onePerPage);
                // the oldest event found by halving 30 days (at most 22 requests), then windows growing from a second to
                // about a page (each ends on a partial page), the probes and the look-back: 97 here; 224 before, when
                // the first read walked every page since the anchor and the backlog after it started from there
                // (how the windows split varies with the readers' timing: room for it, still far below the walk)
                assertThat(eventRequests).isLessThanOrEqualTo(22 + 3 * onePerPage + 20);
                assertThat(route.replica.duplicates()).isZero();
                assertThat(sim.counters().requests()).filteredOn(r -> r.path().equals("/v1/events"))
                        .extracting(Request::params).as("no whole walk over the events visible since the anchor")
                        .noneMatch(p -> p.containsKey("starting_after"));
            }
        }
    }
}
