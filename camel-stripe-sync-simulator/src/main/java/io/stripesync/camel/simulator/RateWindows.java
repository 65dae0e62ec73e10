package io.stripesync.camel.simulator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Stripe's rate limiters as its rate-limit page documents them (docs.stripe.com/rate-limits), read as strictly as the
 * wording allows: per API key, a global budget (live 100 requests a second, sandbox 25), and per endpoint (method and
 * path with ids collapsed) 25 a second by default, Search and Files 20, which count against the global budget too.
 * Stripe documents the numbers, not its algorithm or burst size, so the simulator takes the reading a client must
 * survive whatever the burst: a sliding one-second window per budget, counted at arrival. A client that paces with a
 * token bucket of a full second's worth sends up to twice the rate in its first second and meets 429s here, as it
 * could at Stripe.
 */
final class RateWindows {

    private static final long SECOND = 1_000_000_000L;
    static final int SEARCH_PER_SECOND = 20;
    static final int FILES_PER_SECOND = 20;
    static final int LIVE_PER_SECOND = 100;
    static final int SANDBOX_PER_SECOND = 25;
    static final int ENDPOINT_PER_SECOND = 25;

    /** The global budget per key; 0 takes Stripe's by the key's mode (live 100, sandbox 25). */
    private final int globalPerSecond;
    /** 0: no per-endpoint budget. */
    private final int perEndpointPerSecond;
    private final Map<String, Deque<Long>> windows = new HashMap<>();

    /** Why a request was refused, as Stripe names it in {@code Stripe-Rate-Limited-Reason}. */
    static final String GLOBAL = "global-rate";
    static final String ENDPOINT = "endpoint-rate";

    RateWindows(int globalPerSecond, int perEndpoint) {
        this.globalPerSecond = globalPerSecond;
        this.perEndpointPerSecond = perEndpoint;
    }

    /**
     * Whether a request may pass; it counts against every budget it belongs to only when it passes them all.
     *
     * @param  endpoint the path template of the named operation ({@code /v1/customers/{id}}), as Stripe counts per
     *                  endpoint
     * @return          null when admitted, else the reason Stripe gives
     */
    synchronized String admit(String apiKey, String method, String endpoint, boolean search, long nowNanos) {
        String key = apiKey == null ? "" : apiKey;
        int global = globalPerSecond > 0 ? globalPerSecond
                : key.startsWith("sk_live_") || key.startsWith("rk_live_") ? LIVE_PER_SECOND : SANDBOX_PER_SECOND;
        int endpointLimit = search ? SEARCH_PER_SECOND
                : endpoint.startsWith("/v1/files") ? FILES_PER_SECOND : perEndpointPerSecond;
        String globalBudget = key + " global";
        String endpointBudget = key + " " + method + " " + endpoint;
        if (endpointLimit > 0 && !room(endpointBudget, endpointLimit, nowNanos)) {
            return ENDPOINT;
        }
        if (!room(globalBudget, global, nowNanos)) {
            return GLOBAL;
        }
        windows.get(globalBudget).addLast(nowNanos);
        if (endpointLimit > 0) {
            windows.get(endpointBudget).addLast(nowNanos);
        }
        return null;
    }

    private boolean room(String budget, int perSecond, long now) {
        Deque<Long> window = windows.computeIfAbsent(budget, k -> new ArrayDeque<>());
        while (!window.isEmpty() && now - window.peekFirst() >= SECOND) {
            window.removeFirst();
        }
        return window.size() < perSecond;
    }
}
