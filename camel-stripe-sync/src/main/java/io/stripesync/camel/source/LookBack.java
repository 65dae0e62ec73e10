package io.stripesync.camel.source;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

import com.google.gson.JsonObject;
import com.stripe.exception.StripeException;
import io.stripesync.camel.position.EventCursor;

/**
 * The look-back: Stripe's event list is eventually consistent, so a poll also reads again the window of
 * {@code lookbackSeconds} before each cursor, where late-visible events show up. Skipped where everything has long been
 * visible, and thinned out while a backlog is read page after page.
 *
 * <p><b>Settled.</b> An event shows up at most the look-back after it was made, and every event of the window was made
 * at or before the cursor's event, which existed when this reader first saw the cursor. So a read of the window that
 * begins a look-back (and a second) after that moment has found every event the window will ever hold: while the
 * cursor stays, the window is not read again. An idle stream then costs one request a poll (the forward read) instead
 * of two. The moment is taken on this machine's monotonic clock, not from Stripe's times, so clock skew does not
 * matter.
 */
final class LookBack {

    private final EventsApi api;
    private final List<EventQuery> groups;
    private final long lookbackSeconds;
    /** Per event query, the cursor's second at its last look-back read. */
    private final Map<Integer, Long> rescannedAt = new ConcurrentHashMap<>();
    /** Per event query, the cursor this reader watches, since when, and whether its window is settled. */
    private final Map<Integer, Watch> watches = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    /** A cursor as first seen (System.nanoTime), and whether a read of its window began a look-back after that. */
    private record Watch(EventCursor cursor, long sinceNanos, boolean settled) {
    }
    /** Reads look-back stretches at once, when set up. */
    private volatile Executor readers;

    LookBack(EventsApi api, List<EventQuery> groups, long lookbackSeconds) {
        this(api, groups, lookbackSeconds, System::nanoTime);
    }

    /** @param nanoTime the monotonic clock that tells when a window is settled (a test's own) */
    LookBack(EventsApi api, List<EventQuery> groups, long lookbackSeconds, LongSupplier nanoTime) {
        this.api = api;
        this.groups = groups;
        this.lookbackSeconds = lookbackSeconds;
        this.nanoTime = nanoTime;
    }

    void readingWith(Executor executor) {
        this.readers = executor;
    }

    /**
     * The events at or before the cursor within the look-back window (oldest first, the cursor's own event left out),
     * or none when this poll does not read the window.
     *
     * @param more        whether the forward read has more to read (a backlog read page after page)
     * @param newestKnown the newest second a probe saw: a cursor a look-back behind it is settled
     */
    List<EventCandidate> lateEvents(int group, EventCursor cursor, long cdcStart, boolean more, long newestKnown)
            throws StripeException {
        long now = nanoTime.getAsLong();
        Watch watch = watches.get(group);
        if (watch == null || !watch.cursor().equals(cursor)) {
            watch = new Watch(cursor, now, false);
            watches.put(group, watch);
        } else if (watch.settled()) {
            return List.of();
        }
        if (!due(group, cursor, more, newestKnown)) {
            return List.of();
        }
        List<EventCandidate> late = rescan(group, cursor, cdcStart);
        if (now - watch.sinceNanos() >= (lookbackSeconds + 1) * 1_000_000_000L) {
            // this read began a look-back after the cursor's event existed: nothing later can show up in its window
            watches.put(group, new Watch(cursor, watch.sinceNanos(), true));
        }
        return late;
    }

    /**
     * Whether this poll reads the look-back window again. Not when everything up to the cursor has long been visible;
     * while a backlog is read page after page, once per half look-back of progress (a late event is at most the
     * look-back behind, so it is still inside a later window) instead of on every page; else on every poll.
     */
    private boolean due(int group, EventCursor cursor, boolean more, long newestKnown) {
        if (cursor.created() < newestKnown - lookbackSeconds - 1) {
            // every event up to this cursor has long been visible: no late event can show up behind it
            return false;
        }
        Long last = rescannedAt.get(group);
        if (more && last != null && cursor.created() - last < Math.max(1, lookbackSeconds / 2)) {
            return false;
        }
        rescannedAt.put(group, cursor.created());
        return true;
    }

    /** Events at or before the cursor within the look-back window: where late-visible events show up. */
    private List<EventCandidate> rescan(int group, EventCursor cursor, long cdcStart) throws StripeException {
        if (cursor.eventId() == null || lookbackSeconds <= 0) {
            return List.of();
        }
        Map<String, Object> params = groups.get(group).params();
        params.put("limit", EventsApi.MAX_PAGE);
        Map<String, Object> created = new LinkedHashMap<>();
        // never below the CDC start: what happened before it is in the snapshot (or before the first start)
        created.put("gte", Math.max(cdcStart, cursor.created() - lookbackSeconds));
        created.put("lte", cursor.created());
        params.put("created", created);
        List<EventCandidate> found = new ArrayList<>();
        for (JsonObject e : window(params, (long) created.get("gte"))) {
            if (!e.get("id").getAsString().equals(cursor.eventId())) {
                found.add(new EventCandidate(group, e, false));
            }
        }
        Collections.reverse(found);
        return found;
    }

    /**
     * Every event of a look-back window, newest first. A window of several pages (the first look-back after a
     * backlog holds a whole look-back of events) is cut by the first page's density into stretches of about a page,
     * read at once by the backlog readers, instead of page after page.
     */
    private List<JsonObject> window(Map<String, Object> params, long gte) throws StripeException {
        Executor parallel = readers;
        if (parallel == null) {
            return api.all(params);
        }
        JsonObject first = api.page(params);
        List<JsonObject> page = EventsApi.data(first);
        if (!EventsApi.hasMore(first)) {
            return page;
        }
        long oldest = EventsApi.created(page.get(page.size() - 1));
        long span = Math.max(1, EventsApi.created(page.get(0)) - oldest + 1);
        List<ParallelReads.Read<List<JsonObject>>> parts = new ArrayList<>();
        // [gte, oldest]: the page's oldest second comes again whole; ids are deduplicated below
        for (long hi = oldest; hi >= gte; hi -= span) {
            Map<String, Object> part = new LinkedHashMap<>(params);
            part.put("created", Map.of("gte", Math.max(gte, hi - span + 1), "lte", hi));
            parts.add(() -> api.all(part));
        }
        Map<String, JsonObject> byId = new LinkedHashMap<>();
        page.forEach(e -> byId.put(e.get("id").getAsString(), e));
        for (List<JsonObject> part : ParallelReads.all(parts, parallel)) {
            part.forEach(e -> byId.putIfAbsent(e.get("id").getAsString(), e));
        }
        return new ArrayList<>(byId.values());
    }
}
