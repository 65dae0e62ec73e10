package io.stripesync.camel.client;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Read requests of one account, counted per minute over the last hour, so the rate an operator sees follows what the
 * streams do now (a snapshot's burst fades out of it within the hour). Stripe's read allocation is an average over 30
 * days: the projection is this rate held for 30 days.
 */
public final class ReadRate {

    private static final int MINUTES = 60;
    private static final long MINUTE_MILLIS = 60_000;

    private final LongAdder total = new LongAdder();
    /** Reads per minute slot, and the minute (epoch minutes) each slot counts now. */
    private final AtomicLongArray counts = new AtomicLongArray(MINUTES);
    private final AtomicLongArray minuteOfSlot = new AtomicLongArray(MINUTES);
    private final long startMillis = System.currentTimeMillis();

    void add(long nowMillis) {
        total.increment();
        long minute = nowMillis / MINUTE_MILLIS;
        int slot = (int) (minute % MINUTES);
        long held = minuteOfSlot.get(slot);
        if (held != minute && minuteOfSlot.compareAndSet(slot, held, minute)) {
            counts.set(slot, 0);
        }
        counts.incrementAndGet(slot);
    }

    /** Read requests since the client was made. */
    public long total() {
        return total.sum();
    }

    /**
     * Reads a day at the rate of the last hour (or of the time since the start, when shorter than an hour, but at
     * least a minute).
     */
    public double perDay(long nowMillis) {
        long now = nowMillis / MINUTE_MILLIS;
        long sum = 0;
        for (int i = 0; i < MINUTES; i++) {
            long minute = minuteOfSlot.get(i);
            if (minute > now - MINUTES && minute <= now) {
                sum += counts.get(i);
            }
        }
        double minutes = Math.min(MINUTES, Math.max(1.0, (nowMillis - startMillis) / (double) MINUTE_MILLIS));
        return sum / minutes * 1440;
    }

    /** Reads in 30 days at the rate of {@link #perDay}: what Stripe's read allocation is measured against. */
    public double per30Days(long nowMillis) {
        return perDay(nowMillis) * 30;
    }
}
