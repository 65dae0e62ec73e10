package io.stripesync.camel.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestRateLimiterTest {

    /** When each of {@code callers} threads, started together, got its permit. */
    private static List<Long> burst(RequestRateLimiter limiter, int callers) throws InterruptedException {
        List<Long> granted = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        for (int i = 0; i < callers; i++) {
            pool.execute(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                limiter.acquire();
                granted.add(System.nanoTime());
            });
        }
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        List<Long> sorted = new ArrayList<>(granted);
        Collections.sort(sorted);
        return sorted;
    }

    @Test
    void noOneSecondHoldsMoreThanTheRatePlusOne() throws InterruptedException {
        // 120 callers at once on a fresh limiter of 50/s: a bucket of a second's worth would let 50 go at once and 50
        // more within the same second, twice what Stripe counts in any second
        List<Long> granted = burst(new RequestRateLimiter(50), 120);
        assertThat(granted).hasSize(120);
        for (int i = 51; i < granted.size(); i++) {
            assertThat(granted.get(i) - granted.get(i - 51)).as("permits %d to %d", i - 51, i)
                    .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(990));
        }
        // and still the rate: 120 permits take about (120 - 1) / 50 s
        assertThat(granted.get(119) - granted.get(0)).isBetween(TimeUnit.MILLISECONDS.toNanos(2300),
                TimeUnit.MILLISECONDS.toNanos(3500));
    }

    @Test
    void lowerToSlowsSharedPacing() throws InterruptedException {
        RequestRateLimiter limiter = new RequestRateLimiter(100);
        limiter.lowerTo(20);
        limiter.lowerTo(50);    // a laxer endpoint never loosens what a stricter one set
        List<Long> granted = burst(limiter, 21);
        assertThat(granted.get(20) - granted.get(0)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(990));
        assertThat(limiter.waitedMillis()).isPositive();
    }
}
