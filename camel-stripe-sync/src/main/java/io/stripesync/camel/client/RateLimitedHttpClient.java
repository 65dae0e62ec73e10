package io.stripesync.camel.client;

import com.stripe.exception.StripeException;
import com.stripe.net.HttpClient;
import com.stripe.net.StripeRequest;
import com.stripe.net.StripeResponse;
import com.stripe.net.StripeResponseStream;

/**
 * The HTTP client that sends a request, paced by the account's limiter when there is one, and counting the account's
 * 429 and 5xx answers. It sits below stripe-java's retry logic (stripe-java calls {@code requestWithRetries} on this
 * client, which calls {@link #request} per attempt), so every attempt, retries included, takes its turn and counts.
 */
final class RateLimitedHttpClient extends HttpClient {

    private final HttpClient transport;
    private final RequestRateLimiter limiter;
    private final ResponseCounts counts;

    /**
     * @param transport sends one attempt ({@link HttpComponentsClient}; tests may give another)
     * @param limiter   the account's limiter, or null when pacing is off
     */
    RateLimitedHttpClient(HttpClient transport, RequestRateLimiter limiter, ResponseCounts counts) {
        this.transport = transport;
        this.limiter = limiter;
        this.counts = counts;
    }

    @Override
    public StripeResponse request(StripeRequest request) throws StripeException {
        awaitTurn();
        StripeResponse response = transport.request(request);
        counts.record(response.code());
        return response;
    }

    @Override
    public StripeResponseStream requestStream(StripeRequest request) throws StripeException {
        awaitTurn();
        StripeResponseStream response = transport.requestStream(request);
        counts.record(response.code());
        return response;
    }

    private void awaitTurn() {
        if (limiter != null) {
            limiter.acquire();
        }
    }
}
