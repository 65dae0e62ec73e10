package io.stripesync.camel.client;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps the requests of one Stripe account under a rate: requests leave evenly spaced, one every 1/rate seconds, with a
 * burst of at most one, so no one-second window ever holds more than rate + 1 of them. Stripe publishes its limits per
 * second but not how much burst its buckets allow; a bucket of a full second's worth would send up to twice the rate in
 * its first second. A caller beyond the rate waits for its turn instead of earning a 429. stripe-java and Camel have no
 * such pacing; Camel's Throttler is an EIP for exchanges, not for HTTP calls.
 */
public final class RequestRateLimiter {

    /** The rate asked for: what the pace returns to after Stripe slowed it. */
    private double ceiling;
    private double permitsPerSecond;
    private double available;
    private long lastNanos = System.nanoTime();
    private long waitedNanos;

    /** At most one request may leave at once; the rest queue behind it at the rate. */
    private static final double BURST = 1;

    public RequestRateLimiter(double permitsPerSecond) {
        this.ceiling = permitsPerSecond;
        this.permitsPerSecond = permitsPerSecond;
        this.available = BURST;
    }

    /** Endpoints sharing an account share one limiter; the strictest of their rates applies. */
    public synchronized void lowerTo(double rate) {
        if (rate > 0 && rate < ceiling) {
            ceiling = rate;
            permitsPerSecond = Math.min(permitsPerSecond, rate);
        }
    }

    /**
     * Stripe refused a request of this budget as over its rate (someone else spends it too: another process with the
     * key, a Dashboard user): halve the pace, down to a tenth of the ceiling.
     */
    synchronized void slowDown() {
        permitsPerSecond = Math.max(ceiling / 10, permitsPerSecond / 2);
    }

    /** A request of this budget was answered without a rate limit: the pace climbs back, 2 % of the ceiling a time. */
    synchronized void recover() {
        if (permitsPerSecond < ceiling) {
            permitsPerSecond = Math.min(ceiling, permitsPerSecond + ceiling / 50);
        }
    }

    /** The rate asked for, which the pace returns to. */
    synchronized double ceilingRate() {
        return ceiling;
    }

    /** The pace now, requests a second. */
    public synchronized double rate() {
        return permitsPerSecond;
    }

    /** Total time callers spent waiting, for the figures. */
    public synchronized long waitedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(waitedNanos);
    }

    /** Takes one permit, waiting as long as the rate demands. */
    public void acquire() {
        long waitNanos;
        synchronized (this) {
            refill();
            available -= 1;
            waitNanos = available >= 0 ? 0 : (long) (-available / permitsPerSecond * 1e9);
            waitedNanos += waitNanos;
        }
        if (waitNanos > 0) {
            long deadline = System.nanoTime() + waitNanos;
            long left;
            while ((left = deadline - System.nanoTime()) > 0) {
                LockSupport.parkNanos(left);
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void refill() {
        long now = System.nanoTime();
        available = Math.min(BURST, available + (now - lastNanos) / 1e9 * permitsPerSecond);
        lastNanos = now;
    }
}
