package io.stripesync.camel.client;

import com.stripe.exception.ApiConnectionException;
import com.stripe.net.HttpURLConnectionClient;
import com.stripe.net.StripeRequest;
import com.stripe.net.StripeResponse;
import com.stripe.net.StripeResponseStream;

/**
 * stripe-java's own HTTP client, paced by the account's limiter when there is one, and counting the account's 429 and
 * 5xx answers. It sits below stripe-java's retry logic, so every attempt, retries included, takes its turn and counts.
 */
final class RateLimitedHttpClient extends HttpURLConnectionClient {

    private final RequestRateLimiter limiter;
    private final ResponseCounts counts;
    /**
     * stripe-java's {@code request} is built on {@code requestStream}: a request that took its turn must not take a
     * second one inside (that halved the rate), whichever of the two methods a stripe-java version builds on the other.
     */
    private final ThreadLocal<Boolean> paced = ThreadLocal.withInitial(() -> false);

    /** @param limiter the account's limiter, or null when pacing is off */
    RateLimitedHttpClient(RequestRateLimiter limiter, ResponseCounts counts) {
        this.limiter = limiter;
        this.counts = counts;
    }

    @Override
    public StripeResponse request(StripeRequest request) throws ApiConnectionException {
        return paced(() -> super.request(request), StripeResponse::code);
    }

    @Override
    public StripeResponseStream requestStream(StripeRequest request) throws ApiConnectionException {
        return paced(() -> super.requestStream(request), StripeResponseStream::code);
    }

    /** One request or stream of stripe-java's. */
    private interface Send<T> {
        T send() throws ApiConnectionException;
    }

    /** The request after its turn at the limiter (once, whichever method stripe-java enters first), its answer counted. */
    private <T> T paced(Send<T> send, java.util.function.ToIntFunction<T> code) throws ApiConnectionException {
        if (paced.get()) {
            return send.send();
        }
        if (limiter != null) {
            limiter.acquire();
        }
        paced.set(true);
        try {
            T response = send.send();
            counts.record(code.applyAsInt(response));
            return response;
        } finally {
            paced.set(false);
        }
    }
}
