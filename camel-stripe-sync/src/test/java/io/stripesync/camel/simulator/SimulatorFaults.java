package io.stripesync.camel.simulator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ways the simulator misbehaves on purpose, all from one seeded Random: per-request latency, a requests-per-second
 * limit answered with 429, injected 5xx, API keys refused with 401 or 403, and events that only become visible to
 * list requests some time after they happened (Stripe's event list is eventually consistent).
 */
public final class SimulatorFaults {

    private final Random random;
    private volatile long latencyMillis;
    private volatile long latencyJitterMillis;
    private volatile RateWindows rateWindows;
    private final Deque<Integer> failNext = new ArrayDeque<>();
    private volatile double errorRate;
    private volatile int errorStatus = 500;
    private volatile long visibilityMinMillis;
    private volatile long visibilityMaxMillis;
    private final Set<String> rejectedKeys = ConcurrentHashMap.newKeySet();
    private final Set<String> forbiddenKeys = ConcurrentHashMap.newKeySet();

    SimulatorFaults(long seed) {
        this.random = new Random(seed);
    }

    /** Every request waits this long before it is answered (plus up to {@code jitter}, seeded). */
    public SimulatorFaults latency(Duration latency, Duration jitter) {
        this.latencyMillis = latency.toMillis();
        this.latencyJitterMillis = jitter.toMillis();
        return this;
    }

    /**
     * Stripe's basic rate limit: at most this many reads and, separately, this many writes in any one second (see
     * RateWindows for the reading), searches at most 20 per second; the rest get 429 with {@code Stripe-Should-Retry:
     * true} and {@code Retry-After: 1}. 0 switches the limit off.
     */
    public SimulatorFaults rateLimit(int perSecond) {
        return rateLimit(perSecond, 0);
    }

    /** As {@link #rateLimit(int)}, and each endpoint (method and path template) at most {@code perEndpoint} a second. */
    public synchronized SimulatorFaults rateLimit(int perSecond, int perEndpoint) {
        this.rateWindows = perSecond <= 0 ? null : new RateWindows(perSecond, perEndpoint);
        return this;
    }

    /** The next {@code count} requests fail with this status (e.g. 500, 502, 503). */
    public synchronized SimulatorFaults failNext(int count, int status) {
        for (int i = 0; i < count; i++) {
            failNext.addLast(status);
        }
        return this;
    }

    /** Each request fails with {@code status} with this probability (seeded). */
    public SimulatorFaults errorRate(double probability, int status) {
        this.errorRate = probability;
        this.errorStatus = status;
        return this;
    }

    /** Each new event becomes visible to list/retrieve between min and max after it happened (simulated time). */
    public SimulatorFaults eventVisibilityDelay(Duration min, Duration max) {
        this.visibilityMinMillis = min.toMillis();
        this.visibilityMaxMillis = max.toMillis();
        return this;
    }

    /** Requests with this key get 401, as for a revoked or mistyped key. */
    public SimulatorFaults rejectApiKey(String apiKey) {
        rejectedKeys.add(apiKey);
        return this;
    }

    /** Requests with this key get 403, as for a restricted key without the needed permission. */
    public SimulatorFaults forbidApiKey(String apiKey) {
        forbiddenKeys.add(apiKey);
        return this;
    }

    /** Back to a well-behaved Stripe. */
    public synchronized SimulatorFaults clear() {
        latencyMillis = 0;
        latencyJitterMillis = 0;
        rateWindows = null;
        failNext.clear();
        errorRate = 0;
        visibilityMinMillis = 0;
        visibilityMaxMillis = 0;
        rejectedKeys.clear();
        forbiddenKeys.clear();
        return this;
    }

    long nextLatencyMillis() {
        if (latencyJitterMillis == 0) {
            return latencyMillis;
        }
        synchronized (random) {
            return latencyMillis + (long) (random.nextDouble() * latencyJitterMillis);
        }
    }

    long nextVisibilityDelayMillis() {
        if (visibilityMaxMillis <= visibilityMinMillis) {
            return visibilityMinMillis;
        }
        synchronized (random) {
            return visibilityMinMillis + (long) (random.nextDouble() * (visibilityMaxMillis - visibilityMinMillis));
        }
    }

    /** True when the request may pass the rate limit, counted at its arrival. */
    boolean admit(String method, String endpoint, boolean search) {
        RateWindows windows = rateWindows;
        return windows == null || windows.admit(method, endpoint, search, System.nanoTime());
    }

    /** The status to fail this request with, or 0. */
    int injectedFailure() {
        synchronized (this) {
            Integer next = failNext.pollFirst();
            if (next != null) {
                return next;
            }
        }
        if (errorRate > 0) {
            synchronized (random) {
                if (random.nextDouble() < errorRate) {
                    return errorStatus;
                }
            }
        }
        return 0;
    }

    /** 0 when the key is accepted, else 401 or 403. */
    int authStatus(String apiKey) {
        if (apiKey == null || !(apiKey.startsWith("sk_") || apiKey.startsWith("rk_")) || rejectedKeys.contains(apiKey)) {
            return 401;
        }
        return forbiddenKeys.contains(apiKey) ? 403 : 0;
    }
}
