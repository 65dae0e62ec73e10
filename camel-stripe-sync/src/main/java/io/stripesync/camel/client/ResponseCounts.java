package io.stripesync.camel.client;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one Stripe account's answers tell an operator: 429s by the reason Stripe gave (rate-limited answers name it in
 * {@code Stripe-Rate-Limited-Reason}; a lock timeout has none and is counted as {@code lock-timeout}), 5xx, and the
 * read requests Stripe's read allocation counts (every GET attempt, whatever its answer).
 */
public final class ResponseCounts {

    /** The reason counted for a 429 that names none: a lock timeout, which Stripe asks to retry. */
    public static final String LOCK_TIMEOUT = "lock-timeout";

    private final LongAdder tooManyRequests = new LongAdder();
    private final LongAdder serverErrors = new LongAdder();
    private final Map<String, LongAdder> byReason = new ConcurrentHashMap<>();
    private final ReadRate reads = new ReadRate();

    void record(String method, int status, String rateLimitedReason) {
        if ("GET".equals(method)) {
            reads.add(System.currentTimeMillis());
        }
        if (status == 429) {
            tooManyRequests.increment();
            byReason.computeIfAbsent(rateLimitedReason == null ? LOCK_TIMEOUT : rateLimitedReason, r -> new LongAdder())
                    .increment();
        } else if (status >= 500) {
            serverErrors.increment();
        }
    }

    /** Answers 429, every attempt counted (the component retries them). */
    public long tooManyRequests() {
        return tooManyRequests.sum();
    }

    /** Answers 429 by reason: Stripe's ({@code global-rate}, {@code endpoint-rate}, ...) or {@link #LOCK_TIMEOUT}. */
    public Map<String, Long> tooManyRequestsByReason() {
        Map<String, Long> out = new TreeMap<>();
        byReason.forEach((reason, n) -> out.put(reason, n.sum()));
        return out;
    }

    /** Answers 5xx, every attempt counted. */
    public long serverErrors() {
        return serverErrors.sum();
    }

    /** The read requests of this key and account since the component made their client, and their rate. */
    public ReadRate reads() {
        return reads;
    }
}
