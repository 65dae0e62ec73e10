package io.stripesync.camel.simulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** What the simulator was asked and how it answered, for assertions and benchmark figures. */
public final class RequestCounters {

    private static final int LOG_SIZE = 20_000;

    private final AtomicLong total = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final Map<String, AtomicLong> eventsServed = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> byRoute = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicLong> byStatus = new ConcurrentHashMap<>();
    private final Deque<Request> log = new ArrayDeque<>();

    private final Map<String, AtomicLong> readsByKey = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> byAccount = new ConcurrentHashMap<>();

    void record(String route, String apiKey, Request request) {
        total.incrementAndGet();
        if ("GET".equals(request.method())) {
            // Stripe's read allocation counts read requests per account, whatever they were answered
            readsByKey.computeIfAbsent(apiKey == null ? "" : apiKey, k -> new AtomicLong()).incrementAndGet();
        }
        byRoute.computeIfAbsent(route, k -> new AtomicLong()).incrementAndGet();
        if (request.stripeAccount() != null) {
            byAccount.computeIfAbsent(request.stripeAccount(), k -> new AtomicLong()).incrementAndGet();
        }
        byStatus.computeIfAbsent(request.status(), k -> new AtomicLong()).incrementAndGet();
        synchronized (log) {
            if (log.size() == LOG_SIZE) {
                log.removeFirst();
            }
            log.addLast(request);
        }
    }

    void eventRecorded() {
        events.incrementAndGet();
    }

    private final AtomicLong delayed = new AtomicLong();

    void eventDelayed() {
        delayed.incrementAndGet();
    }

    /** Events recorded with a visibility delay (late-visible, as Stripe's list is eventually consistent). */
    public long eventsDelayed() {
        return delayed.get();
    }

    void eventServed(String objectType) {
        eventsServed.computeIfAbsent(objectType, k -> new AtomicLong()).incrementAndGet();
    }

    /** Events answered by /v1/events list requests, by the object type of their data.object: what a reader transferred. */
    public Map<String, Long> eventsServed() {
        Map<String, Long> out = new TreeMap<>();
        eventsServed.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** All requests answered, whatever the status. */
    public long total() {
        return total.get();
    }

    /** Requests per route, e.g. {@code GET /v1/customers} or {@code POST /v1/customers/{id}}. */
    public Map<String, Long> byRoute() {
        Map<String, Long> out = new TreeMap<>();
        byRoute.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    public long route(String route) {
        AtomicLong n = byRoute.get(route);
        return n == null ? 0 : n.get();
    }

    public long withStatus(int status) {
        AtomicLong n = byStatus.get(status);
        return n == null ? 0 : n.get();
    }

    /** GET requests sent with this API key, whatever their answer: what Stripe's read allocation counts. */
    public long reads(String apiKey) {
        AtomicLong n = readsByKey.get(apiKey);
        return n == null ? 0 : n.get();
    }

    /** GET requests of every key. */
    public long reads() {
        return readsByKey.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Events recorded so far (visible or not). */
    public long eventsRecorded() {
        return events.get();
    }

    /** Requests made on behalf of a connected account (with its Stripe-Account), since the last reset. */
    public long account(String accountId) {
        AtomicLong n = byAccount.get(accountId);
        return n == null ? 0 : n.get();
    }

    /** The last requests (up to 20,000), oldest first. */
    public List<Request> requests() {
        synchronized (log) {
            return new ArrayList<>(log);
        }
    }

    public void reset() {
        total.set(0);
        byRoute.clear();
        byStatus.clear();
        readsByKey.clear();
        byAccount.clear();
        eventsServed.clear();
        synchronized (log) {
            log.clear();
        }
    }
}
