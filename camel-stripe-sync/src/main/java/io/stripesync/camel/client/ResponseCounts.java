package io.stripesync.camel.client;

import java.util.concurrent.atomic.LongAdder;

/** The answers one Stripe account gave that tell an operator something: 429 (rate limited) and 5xx. */
public final class ResponseCounts {

    private final LongAdder tooManyRequests = new LongAdder();
    private final LongAdder serverErrors = new LongAdder();

    void record(int status) {
        if (status == 429) {
            tooManyRequests.increment();
        } else if (status >= 500) {
            serverErrors.increment();
        }
    }

    /** Answers 429, every attempt counted (stripe-java retries them). */
    public long tooManyRequests() {
        return tooManyRequests.sum();
    }

    /** Answers 5xx, every attempt counted. */
    public long serverErrors() {
        return serverErrors.sum();
    }
}
