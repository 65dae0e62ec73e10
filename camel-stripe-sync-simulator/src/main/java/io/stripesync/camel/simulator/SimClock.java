package io.stripesync.camel.simulator;

import java.time.Duration;
import java.time.Instant;

/**
 * The simulator's notion of now. Stopped by default, so tests decide when time passes (object {@code created},
 * event visibility and the 30-day event retention all read it); {@link #ticking(boolean)} lets it follow the wall
 * clock from its current value, for demos and soak runs.
 */
public final class SimClock {

    private long baseMillis;
    private long wallAtBaseNanos;
    private boolean ticking;

    public SimClock(Instant start) {
        this.baseMillis = start.toEpochMilli();
        this.wallAtBaseNanos = System.nanoTime();
    }

    public synchronized long nowMillis() {
        if (!ticking) {
            return baseMillis;
        }
        return baseMillis + (System.nanoTime() - wallAtBaseNanos) / 1_000_000;
    }

    public long nowSeconds() {
        return Math.floorDiv(nowMillis(), 1000);
    }

    public Instant now() {
        return Instant.ofEpochMilli(nowMillis());
    }

    public synchronized SimClock set(Instant instant) {
        baseMillis = instant.toEpochMilli();
        wallAtBaseNanos = System.nanoTime();
        return this;
    }

    public synchronized SimClock advance(Duration duration) {
        long now = nowMillis();
        baseMillis = now + duration.toMillis();
        wallAtBaseNanos = System.nanoTime();
        return this;
    }

    /** When true, time moves on with the wall clock from the current simulated instant. */
    public synchronized SimClock ticking(boolean ticking) {
        long now = nowMillis();
        this.ticking = ticking;
        this.baseMillis = now;
        this.wallAtBaseNanos = System.nanoTime();
        return this;
    }

    public synchronized boolean isTicking() {
        return ticking;
    }
}
