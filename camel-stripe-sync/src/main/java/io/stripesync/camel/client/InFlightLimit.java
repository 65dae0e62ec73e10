package io.stripesync.camel.client;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How many requests of one budget may be in flight at once. Stripe has a concurrency limiter whose number it does not
 * publish, so there is no cap until Stripe answers a request with a {@code *-concurrency} 429: then the cap drops to
 * three quarters of what was in flight, and grows back by one for every {@link #GROWTH} answers that were not refused,
 * until it is lifted again. Long lists and expansions trip Stripe's limiter first; this keeps a snapshot's readers
 * just under it instead of meeting it again and again.
 */
final class InFlightLimit {

    /** Answers that were not refused before the cap grows by one. */
    static final int GROWTH = 20;
    /** A cap this high is no cap: no snapshot runs that many readers. */
    static final int LIFTED = 256;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private int inFlight;
    private int cap = LIFTED;
    private int answered;

    /** Waits until a request may leave, then counts it in flight. */
    void enter() throws InterruptedException {
        lock.lock();
        try {
            while (inFlight >= cap) {
                room.await(1, TimeUnit.SECONDS);
            }
            inFlight++;
        } finally {
            lock.unlock();
        }
    }

    /** The request was answered; {@code refused}: Stripe's concurrency limiter refused it. */
    void leave(boolean refused) {
        lock.lock();
        try {
            if (refused) {
                cap = Math.max(1, Math.min(cap, inFlight * 3 / 4));
                answered = 0;
            } else if (cap < LIFTED && ++answered >= GROWTH) {
                cap++;
                answered = 0;
            }
            inFlight--;
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The cap now; {@link #LIFTED} when there is none. */
    int cap() {
        lock.lock();
        try {
            return cap;
        } finally {
            lock.unlock();
        }
    }
}
