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

    RateLimitedHttpClient(RequestRateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public StripeResponse request(StripeRequest request) throws ApiConnectionException {
        limiter.acquire();
        return super.request(request);
    }

    @Override
    public StripeResponseStream requestStream(StripeRequest request) throws ApiConnectionException {
        limiter.acquire();
        return super.requestStream(request);
    }
}
