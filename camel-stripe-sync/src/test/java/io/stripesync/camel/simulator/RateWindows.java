package io.stripesync.camel.simulator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Stripe's published rate limits, read as strictly as their wording allows: at most N requests in any one second,
 * counted at arrival. Stripe documents the numbers (live 100 reads and 100 writes per second, test 25 and 25; search 20
 * reads per second, which also count as reads; newer docs add 25 per second per endpoint), not its algorithm or burst
 * size, so the simulator takes the reading a client must survive whatever the burst: a sliding one-second window per
 * budget. A client that paces with a token bucket of a full second's worth of requests sends up to twice the rate in
 * its first second and meets 429s here, as it could at Stripe.
 */
final class RateWindows {

    private static final long SECOND = 1_000_000_000L;
    static final int SEARCH_PER_SECOND = 20;

    private final int readsAndWritesPerSecond;
    private final int perEndpointPerSecond;
    private final Map<String, Deque<Long>> windows = new HashMap<>();

    /** {@code perEndpoint} 0: no per-endpoint budget. */
    RateWindows(int readsAndWritesPerSecond, int perEndpoint) {
        this.readsAndWritesPerSecond = readsAndWritesPerSecond;
        this.perEndpointPerSecond = perEndpoint;
    }

    /**
     * Whether a request may pass; it counts against every budget it belongs to only when it passes them all.
     *
     * @param endpoint the path template of the named operation ({@code /v1/customers/{id}}), as Stripe counts per endpoint
     */
    synchronized boolean admit(String method, String endpoint, boolean search, long nowNanos) {
        String kind = "GET".equals(method) ? "read" : "write";
        if (!room(kind, readsAndWritesPerSecond, nowNanos)
            || search && !room("search", SEARCH_PER_SECOND, nowNanos)
            || perEndpointPerSecond > 0 && !room("endpoint " + method + " " + endpoint, perEndpointPerSecond, nowNanos)) {
            return false;
        }
        windows.get(kind).addLast(nowNanos);
        if (search) {
            windows.get("search").addLast(nowNanos);
        }
        if (perEndpointPerSecond > 0) {
            windows.get("endpoint " + method + " " + endpoint).addLast(nowNanos);
        }
        return true;
    }

    private boolean room(String budget, int perSecond, long now) {
        Deque<Long> window = windows.computeIfAbsent(budget, k -> new ArrayDeque<>());
        while (!window.isEmpty() && now - window.peekFirst() >= SECOND) {
            window.removeFirst();
        }
        return window.size() < perSecond;
    }
}
