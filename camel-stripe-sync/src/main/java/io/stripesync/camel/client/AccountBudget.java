package io.stripesync.camel.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The request budget of one Stripe account as Stripe's limiters see it, shared by every endpoint, consumer and producer
 * of the component with the same key and account: a global pace (Stripe: live 100 requests a second, sandbox 25), a
 * pace per endpoint (Stripe: 25 a second, Search and Files 20, counting against the global one too), and a cap on the
 * requests in flight once Stripe's concurrency limiter has refused one. A 429 slows exactly the budget its
 * {@code Stripe-Rate-Limited-Reason} names.
 */
public final class AccountBudget {

    /** What Stripe allows one endpoint, less one for headroom: requests leave evenly, so a second never holds 25. */
    public static final double ENDPOINT_PER_SECOND = 24;
    /** Search and Files: Stripe allows 20 a second. */
    public static final double SEARCH_PER_SECOND = 19;

    /** The global pace; null while pacing is off (maxRequestsPerSecond=0). */
    private volatile RequestRateLimiter global;
    private final InFlightLimit globalInFlight = new InFlightLimit();
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final ResponseCounts counts = new ResponseCounts();

    private record Endpoint(RequestRateLimiter pace, InFlightLimit inFlight) {
    }

    /** @param perSecond the global pace; 0 or less turns pacing off (429s are still retried and counted) */
    AccountBudget(double perSecond) {
        this.global = perSecond > 0 ? new RequestRateLimiter(perSecond) : null;
    }

    /** Another endpoint of the account asked for this global rate: the strictest applies, and any pace beats none. */
    synchronized void lowerTo(double perSecond) {
        if (global != null) {
            global.lowerTo(perSecond);
        } else if (perSecond > 0) {
            global = new RequestRateLimiter(perSecond);
        }
    }

    /** A request's turn: taken before it leaves, given back with its answer. */
    final class Turn {
        private final String method;
        private final Endpoint endpoint;

        private Turn(String method, Endpoint endpoint) {
            this.method = method;
            this.endpoint = endpoint;
        }

        /**
         * @param status the answer's status, 0 when none came
         * @param reason {@code Stripe-Rate-Limited-Reason}, null when absent
         */
        void answered(int status, String reason) {
            counts.record(method, status, reason);
            // Stripe's reasons name the budget: endpoint-rate, endpoint-concurrency, global-rate, global-concurrency
            String limited = status == 429 ? reason : null;
            if (endpoint != null) {
                answered(endpoint.pace(), endpoint.inFlight(), "endpoint-", limited);
            }
            answered(AccountBudget.this.global, globalInFlight, "global-", limited);
        }

        /** One budget's part of an answer: a refusal it names slows it, any other answer lets its pace climb back. */
        private static void answered(RequestRateLimiter pace, InFlightLimit inFlight, String scope, String limited) {
            inFlight.leave((scope + "concurrency").equals(limited));
            if (pace == null) {
                return;
            }
            if ((scope + "rate").equals(limited)) {
                pace.slowDown();
            } else if (limited == null) {
                pace.recover();
            }
        }
    }

    /** Waits for the endpoint's pace, then the global one, then room in flight. */
    Turn take(String method, String path) throws InterruptedException {
        Endpoint endpoint = null;
        RequestRateLimiter global = this.global;
        if (global != null) {
            String template = EndpointPath.of(method, path);
            endpoint = endpoints.computeIfAbsent(template, t -> new Endpoint(new RequestRateLimiter(
                    Math.min(global.ceilingRate(), limitedEndpoint(t) ? SEARCH_PER_SECOND : ENDPOINT_PER_SECOND)),
                    new InFlightLimit()));
            endpoint.pace().acquire();
            global.acquire();
            endpoint.inFlight().enter();
        }
        try {
            globalInFlight.enter();
        } catch (InterruptedException e) {
            if (endpoint != null) {
                endpoint.inFlight().leave(false);
            }
            throw e;
        }
        return new Turn(method, endpoint);
    }

    private static boolean limitedEndpoint(String template) {
        return template.endsWith("/search") || template.contains(" /v1/files");
    }

    /** The global pace, null with pacing off. */
    public RequestRateLimiter global() {
        return global;
    }

    /** The pace of one endpoint ({@code GET /v1/customers}), null before its first request or with pacing off. */
    public RequestRateLimiter endpoint(String template) {
        Endpoint e = endpoints.get(template);
        return e == null ? null : e.pace();
    }

    /** The cap on requests in flight; {@link InFlightLimit#LIFTED} while Stripe's concurrency limiter never refused one. */
    public int inFlightCap() {
        return globalInFlight.cap();
    }

    public ResponseCounts counts() {
        return counts;
    }
}
