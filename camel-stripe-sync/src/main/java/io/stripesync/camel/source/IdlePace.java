package io.stripesync.camel.source;

/**
 * How often an idle stream asks Stripe for events. Every poll of a caught-up stream is one read request, and Stripe
 * allows an account 500 reads per transaction over 30 days (at least 10,000 a month): one resource polled every 5 s
 * would spend 518,400. So from the second poll in a row that finds nothing, each doubles the time to the next one (5 s,
 * 10 s, 20 s, 40 s), up to a maximum, and the first
 * poll that finds a change brings the delay back. Camel's scheduler still runs every delay; a run that is not due
 * sends nothing.
 */
public final class IdlePace {

    private final long delayMillis;
    private final long maxMillis;
    private long intervalMillis;
    private long dueNanos;
    /** False until a poll found nothing: then runs before dueNanos are skipped. */
    private boolean waiting;
    /** Polls in a row that found nothing. */
    private int empties;

    /**
     * @param delayMillis the scheduler's delay between runs
     * @param maxMillis   the longest time between two polls of an idle stream; at most the delay: no growth
     */
    public IdlePace(long delayMillis, long maxMillis) {
        this.delayMillis = delayMillis;
        this.maxMillis = Math.max(delayMillis, maxMillis);
        this.intervalMillis = delayMillis;
    }

    /** Whether a run at this time is to ask Stripe. */
    public synchronized boolean due(long nowNanos) {
        return !waiting || nowNanos - dueNanos >= 0;
    }

    /** A poll asked Stripe and found {@code records} changes. */
    public synchronized void polled(int records, long nowNanos) {
        empties = records > 0 ? 0 : empties + 1;
        intervalMillis = empties <= 1 ? delayMillis : Math.min(maxMillis, delayMillis << Math.min(20, empties - 1));
        // the scheduler's runs come every delay: due half a delay early, so the run nearest the interval asks
        dueNanos = nowNanos + (intervalMillis - delayMillis / 2) * 1_000_000L;
        waiting = records == 0;
    }

    /** Ask at the next run, whatever the interval (a push, a restart of the stream's phase). */
    public synchronized void reset() {
        intervalMillis = delayMillis;
        empties = 0;
        waiting = false;
    }

    /** The time between two polls now. */
    public synchronized long intervalMillis() {
        return intervalMillis;
    }
}
