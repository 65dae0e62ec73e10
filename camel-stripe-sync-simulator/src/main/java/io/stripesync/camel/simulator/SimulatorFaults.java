package io.stripesync.camel.simulator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ways the simulator misbehaves on purpose, all from one seeded Random: per-request latency, Stripe's rate and
 * concurrency limiters answered with 429 (with {@code Stripe-Rate-Limited-Reason}, never {@code Stripe-Should-Retry},
 * as Stripe answers them), random 429s and lock timeouts, injected 5xx, API keys refused with 401 or 403, and events
 * that only become visible to list requests some time after they happened (Stripe's event list is eventually
 * consistent).
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
    private volatile int concurrencyLimit;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private volatile double rateLimitedRate;
    private final Deque<String> rateLimitNext = new ArrayDeque<>();
    private volatile double lockTimeoutRate;
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
     * A global rate limit per API key: at most this many requests in any one second (see RateWindows for the reading),
     * searches and files at most 20 per second; the rest get 429 with {@code Stripe-Rate-Limited-Reason}. 0 switches
     * every rate limit off.
     */
    public SimulatorFaults rateLimit(int perSecond) {
        return rateLimit(perSecond, 0);
    }

    /** As {@link #rateLimit(int)}, and each endpoint (method and path template) at most {@code perEndpoint} a second. */
    public synchronized SimulatorFaults rateLimit(int perSecond, int perEndpoint) {
        this.rateWindows = perSecond <= 0 ? null : new RateWindows(perSecond, perEndpoint);
        return this;
    }

    /**
     * Stripe's documented limiters: per key 100 requests a second for live keys and 25 for sandbox (test) keys, 25 a
     * second per endpoint, 20 for Search and Files.
     */
    public synchronized SimulatorFaults stripeRateLimits() {
        this.rateWindows = new RateWindows(0, RateWindows.ENDPOINT_PER_SECOND);
        return this;
    }

    /**
     * Stripe's concurrency limiter (its number is unpublished): at most this many requests of one key in flight, the
     * rest answered 429 {@code global-concurrency} at once. 0 switches it off.
     */
    public SimulatorFaults concurrencyLimit(int requestsInFlight) {
        this.concurrencyLimit = requestsInFlight;
        return this;
    }

    /**
     * Each request is answered 429 with this probability (seeded), the reason picked among Stripe's five: rate-limited
     * answers as a busy account meets them, with no {@code Stripe-Should-Retry} header.
     */
    public SimulatorFaults rateLimitedRate(double probability) {
        this.rateLimitedRate = probability;
        return this;
    }

    /** The next {@code count} requests are answered 429 naming this {@code Stripe-Rate-Limited-Reason}. */
    public synchronized SimulatorFaults rateLimitNext(int count, String reason) {
        for (int i = 0; i < count; i++) {
            rateLimitNext.addLast(reason);
        }
        return this;
    }

    /**
     * Each request is answered 429 {@code lock_timeout} with this probability (seeded): the object is locked by another
     * request; Stripe sends {@code Stripe-Should-Retry: true} with it, so stripe-java retries it.
     */
    public SimulatorFaults lockTimeoutRate(double probability) {
        this.lockTimeoutRate = probability;
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
        concurrencyLimit = 0;
        rateLimitedRate = 0;
        lockTimeoutRate = 0;
        failNext.clear();
        rateLimitNext.clear();
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

    /** Stripe's five reasons for a rate-limited answer. */
    static final List<String> REASONS = List.of(RateWindows.GLOBAL, RateWindows.ENDPOINT, "global-concurrency",
            "endpoint-concurrency", "resource-specific");

    /**
     * Null when the request may pass the rate limiters, counted at its arrival, else the reason it is refused. A
     * request that passes is in flight until {@link #leave} is called for it.
     */
    String admit(String apiKey, String method, String endpoint, boolean search) {
        synchronized (this) {
            String next = rateLimitNext.pollFirst();
            if (next != null) {
                return next;
            }
        }
        if (rateLimitedRate > 0) {
            synchronized (random) {
                if (random.nextDouble() < rateLimitedRate) {
                    return REASONS.get(random.nextInt(REASONS.size()));
                }
            }
        }
        RateWindows windows = rateWindows;
        String refused = windows == null ? null : windows.admit(apiKey, method, endpoint, search, System.nanoTime());
        if (refused != null) {
            return refused;
        }
        AtomicInteger flying = inFlight.computeIfAbsent(apiKey == null ? "" : apiKey, k -> new AtomicInteger());
        int limit = concurrencyLimit;
        if (flying.incrementAndGet() > limit && limit > 0) {
            flying.decrementAndGet();
            return "global-concurrency";
        }
        return null;
    }

    /** The request admitted by {@link #admit} was answered. */
    void leave(String apiKey) {
        inFlight.get(apiKey == null ? "" : apiKey).decrementAndGet();
    }

    /** Whether this request meets a locked object (429 lock_timeout). */
    boolean lockTimeout() {
        if (lockTimeoutRate <= 0) {
            return false;
        }
        synchronized (random) {
            return random.nextDouble() < lockTimeoutRate;
        }
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
