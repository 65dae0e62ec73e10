package io.stripesync.camel.client;

import com.stripe.exception.ApiConnectionException;
import com.stripe.net.HttpURLConnectionClient;
import com.stripe.net.StripeRequest;
import com.stripe.net.StripeResponse;
import com.stripe.net.StripeResponseStream;

/**
 * stripe-java's own HTTP client, paced by the account's limiter. It sits below stripe-java's retry logic, so every
 * attempt, retries included, takes its turn.
 */
final class RateLimitedHttpClient extends HttpURLConnectionClient {

    private final RequestRateLimiter limiter;
    /**
     * stripe-java's {@code request} is built on {@code requestStream}: a request that took its turn must not take a
     * second one inside (that halved the rate), whichever of the two methods a stripe-java version builds on the other.
     */
    private final ThreadLocal<Boolean> paced = ThreadLocal.withInitial(() -> false);

    RateLimitedHttpClient(RequestRateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public StripeResponse request(StripeRequest request) throws ApiConnectionException {
        if (paced.get()) {
            return super.request(request);
        }
        limiter.acquire();
        paced.set(true);
        try {
            return super.request(request);
        } finally {
            paced.set(false);
        }
    }

    @Override
    public StripeResponseStream requestStream(StripeRequest request) throws ApiConnectionException {
        if (paced.get()) {
            return super.requestStream(request);
        }
        limiter.acquire();
        paced.set(true);
        try {
            return super.requestStream(request);
        } finally {
            paced.set(false);
        }
    }
}
