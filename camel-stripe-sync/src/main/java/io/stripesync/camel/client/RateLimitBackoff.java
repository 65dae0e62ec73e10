package io.stripesync.camel.client;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.hc.client5.http.HttpRequestRetryStrategy;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;

/**
 * Apache HttpClient's retry strategy for Stripe's rate-limited answers, which stripe-java never retries: it retries
 * only answers carrying {@code Stripe-Should-Retry: true}, and Stripe sends that for lock timeouts, not for rate limits.
 * A 429 without that header is sent again after a jittered exponential backoff (0.5 s doubling to 16 s, each wait
 * drawn between half and all of it, so readers refused together do not come back together), or after
 * {@code Retry-After} when Stripe sends one and it is longer, until {@code maxWaitMillis} have passed since the first
 * refusal; then the 429 reaches stripe-java, which throws its RateLimitException. The same request goes again, so a
 * write keeps its Idempotency-Key. Failures on the network and answers Stripe asks to retry stay with stripe-java.
 */
final class RateLimitBackoff implements HttpRequestRetryStrategy {

    static final long FIRST_MILLIS = 500;
    static final long MAX_STEP_MILLIS = 16_000;
    private static final String FIRST_REFUSAL = "stripe-sync.first-429";
    private static final String NEXT_WAIT = "stripe-sync.next-wait";

    private final long maxWaitMillis;

    RateLimitBackoff(long maxWaitMillis) {
        this.maxWaitMillis = maxWaitMillis;
    }

    @Override
    public boolean retryRequest(HttpRequest request, IOException exception, int execCount, HttpContext context) {
        return false;
    }

    @Override
    public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
        if (response.getCode() != 429 || maxWaitMillis <= 0) {
            return false;
        }
        Header shouldRetry = response.getFirstHeader("Stripe-Should-Retry");
        if (shouldRetry != null && "true".equals(shouldRetry.getValue())) {
            return false;
        }
        long now = System.currentTimeMillis();
        Object first = context.getAttribute(FIRST_REFUSAL);
        long since = first instanceof Long f ? now - f : 0;
        if (first == null) {
            context.setAttribute(FIRST_REFUSAL, now);
        }
        long wait = Math.max(wait(execCount), retryAfterMillis(response));
        if (since + wait > maxWaitMillis) {
            return false;
        }
        context.setAttribute(NEXT_WAIT, wait);
        return true;
    }

    @Override
    public TimeValue getRetryInterval(HttpResponse response, int execCount, HttpContext context) {
        Object wait = context.getAttribute(NEXT_WAIT);
        return TimeValue.ofMilliseconds(wait instanceof Long w ? w : wait(execCount));
    }

    /** The wait before attempt {@code execCount + 1}: between half and all of 0.5 s x 2^(execCount - 1), at most 16 s. */
    static long wait(int execCount) {
        long step = Math.min(MAX_STEP_MILLIS, FIRST_MILLIS << Math.min(20, Math.max(0, execCount - 1)));
        return step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1);
    }

    private static long retryAfterMillis(HttpResponse response) {
        Header retryAfter = response.getFirstHeader("Retry-After");
        if (retryAfter == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(retryAfter.getValue().trim())) * 1000;
        } catch (NumberFormatException e) {
            // an HTTP date: Stripe does not document the header at all; the backoff alone decides
            return 0;
        }
    }
}
