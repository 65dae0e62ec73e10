package io.stripesync.camel.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.stripesync.camel.TestComponents;
import io.stripesync.camel.position.Phase;
import io.stripesync.camel.simulator.Simulated;
import io.stripesync.camel.simulator.StripeSimulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A burst: 1,290 updates in six seconds of Stripe's clock (215 a second), with the default poll delay of 5 s. The
 * first poll that meets the burst reads on at once while Stripe's pages come back full, also past pages whose events
 * it delivered already (read out of list order), instead of a page per poll delay; the rest comes at the next poll.
 */
@Tag("slow")
class BurstTest {

    @Simulated(seed = 4300)
    private StripeSimulator sim;

    @BeforeEach
    void start() {
        sim.clock().set(Instant.now()).ticking(true);
        sim.seed("customer", 430, Instant.now().minus(Duration.ofDays(1)), i -> Map.of("name", "c" + i));
    }

    @Test
    void aPollThatMeetsABurstReadsOnWhilePagesAreFull() throws Exception {
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        try (SyncRoute route = new SyncRoute(sim, "customer?delay=5000", null).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> route.consumer().getPosition() != null
                                                               && TestComponents.inPhase(route.consumer(), Phase.CDC));
            route.failWhen.set(e -> {
                if ("update".equals(e.getIn().getHeader("CamelStripeSyncOperation"))) {
                    arrivals.add(System.nanoTime());
                }
                return false;
            });
            List<String> ids = sim.objects("customer").stream().map(o -> o.get("id").getAsString()).toList();
            long start = System.nanoTime();
            int total = 3 * ids.size();
            List<Long> made = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                sim.update("customer", ids.get(i % ids.size()), Map.of("name", "burst " + i));
                made.add(System.nanoTime());
                long due = start + Duration.ofMillis(2000).toNanos() * (i + 1) / ids.size();
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            long end = System.nanoTime();
            await().atMost(Duration.ofSeconds(60)).until(() -> arrivals.size() >= total);
            long last = arrivals.get(arrivals.size() - 1);
            List<Integer> perSecond = new ArrayList<>();
            for (long t : arrivals) {
                int s = (int) ((t - start) / 1_000_000_000L);
                while (perSecond.size() <= s) {
                    perSecond.add(0);
                }
                perSecond.set(s, perSecond.get(s) + 1);
            }
            System.out.printf("burst: %d updates in %d ms, the last delivered %d ms after the burst ended; deliveries a"
                              + " second from its start: %s%n", total, (end - start) / 1_000_000,
                    (last - end) / 1_000_000, perSecond);
            assertThat(route.replica.count("update")).isEqualTo(total);
            // the first poll after the burst began finds pages full: it reads on until it has what was made before it
            long firstPoll = arrivals.get(0);
            long madeBefore = made.stream().filter(t -> t < firstPoll).count();
            long deliveredSoon = arrivals.stream().filter(t -> t < firstPoll + Duration.ofSeconds(2).toNanos()).count();
            assertThat(deliveredSoon).as("delivered within 2 s of the first poll that saw the burst, of %d made before"
                                         + " it", madeBefore).isGreaterThanOrEqualTo(madeBefore);
            assertThat((last - end) / 1_000_000).as("ms after the burst's end: at most a poll delay (5 s) and a margin")
                    .isLessThanOrEqualTo(7_000);
        }
    }

    /**
     * The case behind a burst coming at a page per poll delay, made exact with Stripe's clock stopped: 450 changes in
     * the cursor's own second. The look-back reads that second whole and delivers them at once, so the pages the
     * forward read meets next hold only events delivered already. Those pages are read on within the same poll: a
     * change made in the next second arrives within one poll delay, not after one delay per page.
     */
    @Test
    void pagesOfEventsDeliveredAlreadyAreReadOnWithinThePoll() throws Exception {
        sim.clock().ticking(false);
        try (SyncRoute route = new SyncRoute(sim, "customer?delay=2000", null).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> route.consumer().getPosition() != null
                                                               && TestComponents.inPhase(route.consumer(), Phase.CDC));
            List<String> ids = sim.objects("customer").stream().map(o -> o.get("id").getAsString()).toList();
            sim.update("customer", ids.get(0), Map.of("name", "the cursor's event"));
            await().atMost(Duration.ofSeconds(10)).until(() -> route.replica.count("update") == 1);
            // the clock stands still: these are all in the cursor's second
            for (int i = 1; i <= 450; i++) {
                sim.update("customer", ids.get(i % ids.size()), Map.of("name", "dense " + i));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> route.replica.count("update") == 451);

            sim.clock().advance(Duration.ofSeconds(1));
            long made = System.nanoTime();
            String next = sim.update("customer", ids.get(7), Map.of("name", "the next second")).get("id").getAsString();
            await().atMost(Duration.ofSeconds(30)).until(() -> route.replica.count("update") == 452);
            long millis = (System.nanoTime() - made) / 1_000_000;
            System.out.printf("dense second: 450 changes in the cursor's second, the change after them delivered in %d"
                              + " ms (poll delay 2,000 ms)%n", millis);
            assertThat(route.replica.seen().get(route.replica.seen().size() - 1).objectId()).isEqualTo(next);
            assertThat(millis).as("within two poll delays (a page per delay took three and more)").isLessThanOrEqualTo(4_000);
        }
    }
}
