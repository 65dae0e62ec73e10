package io.stripesync.camel.source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonObject;
import com.stripe.exception.StripeException;
import io.stripesync.camel.client.ListPages;
import io.stripesync.camel.position.EventCursor;
import io.stripesync.camel.position.Position;

/**
 * A CDC backlog read ahead in parallel: after downtime, the events between the cursor and the newest second are cut
 * into created-time windows of about one page each, fetched by several readers at once (under the account's shared
 * rate limiter) and delivered window after window, oldest first, each window in Stripe's list order reversed, as the
 * one-page-per-poll reading does.
 *
 * <p><b>Settled.</b> A backlog starts only when the cursor is more than the look-back behind the newest visible event.
 * Events that far back are all visible (the look-back's own promise), so reading them by time loses none and they
 * need no look-back read. The last look-back before the newest second may still gain late events: the look-back that
 * {@link EventReader} reads once caught up covers exactly that stretch, so its ids are kept in the position.
 *
 * <p>Windows are whole seconds, so the events of one second, whose list order is not their order, come together, and
 * their object is read again when one object changed more than once in that second (as {@link EventReader} does). The
 * position moves as records are handed out; a position other than the one last handed out drops the read-ahead.
 */
final class EventBacklog {

    /**
     * The first windows are one second wide: cheap to get wrong while no window has come back. From then on the events
     * per second of every window fetched so far size the next ones to about a page, but never more than twice the widest
     * window fetched: the first window holds only what is left of the cursor's second, and a density taken from it
     * made a window of a hundred seconds that had to be split while every window after it was already read ahead.
     */
    private static final long FIRST_WINDOW_SECONDS = 1;
    /** How long a poll waits for the window it is to deliver before it answers with nothing (the next poll goes on). */
    private static final long FRONTIER_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Events a window is sized for: a page. */
    private static final double WINDOW_EVENTS = 100;
    /** Events in one second that make a page's oldest second a sign of a dense stretch before it. */
    private static final int DENSE_SECOND = 10;

    /** What EventReader does with a window's events: which are ours, and each settled into a record. */
    interface Settler {
        /**
         * For each event (oldest first), its record without a position, or null when it is not a change to deliver (of
         * another resource, or older than its resource's watermark in {@code from}).
         */
        List<ChangeRecord> settle(List<JsonObject> oldestFirst, Position from) throws StripeException;
    }

    private final EventsApi events;
    private final Map<String, Object> query;
    private final Settler settler;
    private final Executor executor;
    private final int readers;
    private final int pagesInMemory;
    private final int batchSize;
    private final long lookbackSeconds;
    /** Volatile: {@link #close()} cancels a run whose poll waits for its next window, without waiting for the poll. */
    private volatile Run run;

    EventBacklog(EventsApi events, Map<String, Object> query, Settler settler, Executor executor, int readers,
                 int pagesInMemory, int batchSize, long lookbackSeconds) {
        this.events = events;
        this.query = query;
        this.settler = settler;
        this.executor = executor;
        this.readers = Math.max(1, Math.min(readers, pagesInMemory));
        this.pagesInMemory = pagesInMemory;
        this.batchSize = batchSize;
        this.lookbackSeconds = lookbackSeconds;
    }

    /**
     * The next records of the backlog, or null when the cursor is not in a settled backlog (then the usual reading
     * goes on).
     *
     * @param newest the created second of the newest visible event of the query
     */
    synchronized PollResult read(Position from, long newest, int max) throws StripeException {
        EventCursor cursor = from.cursors().get(0);
        long settledUntil = newest - lookbackSeconds;
        // by cursors: a saved position may also hold ids a webhook delivered meanwhile, which the run leaves to the feed
        if (run != null && (run.failed || !from.cursors().equals(run.delivered.cursors())
                            || from.phase() != run.delivered.phase())) {
            close();
        }
        if (run == null) {
            // a cursor without an event (nothing seen yet) starts at its second, as EventReader reads it; one at 0 (no
            // event at all when the stream started) at the oldest event Stripe still keeps
            long start = Math.max(cursor.created(), newest - EventsApi.RETENTION_SECONDS);
            if (start >= settledUntil - 1) {
                return null;
            }
            if (cursor.eventId() == null) {
                // nothing of ours seen yet: the stretch from the anchor to the first event may be days of nothing (a
                // fresh account, whose anchor is 0: 30 days), which windows sized by what they found would walk
                start = oldestFrom(start, newest);
                if (start >= settledUntil - 1) {
                    return null;
                }
            }
            // read on to the newest second (excluded): the look-back that EventReader reads once caught up covers
            // the unsettled last stretch, as it does after any catch-up
            run = new Run(from, start, newest);
            run.start();
        }
        PollResult result = run.next(max <= 0 ? batchSize : Math.min(max, batchSize));
        if (result == null) {
            close();
        }
        return result;
    }

    /**
     * The second of the oldest event of the query in [from, newest], found by halving the range with requests for one
     * event each (at most 22 for Stripe's 30 days); {@code newest} when there is none before it.
     */
    private long oldestFrom(long from, long newest) throws StripeException {
        long lo = from;
        long hi = newest;
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            Map<String, Object> params = new LinkedHashMap<>(query);
            params.put("limit", 1);
            params.put("created", Map.of("gte", from, "lte", mid));
            if (EventsApi.data(events.page(params)).isEmpty()) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Whether a backlog is being read and delivered. */
    synchronized boolean reading() {
        return run != null;
    }

    void close() {
        Run cancelling = run;
        if (cancelling != null) {
            // first wake a poll waiting for a window (it holds this backlog's lock until it returns)
            cancelling.cancelled = true;
            synchronized (cancelling) {
                cancelling.notifyAll();
            }
        }
        synchronized (this) {
            if (run != null) {
                run.cancelled = true;
                run = null;
            }
        }
    }

    /** A stretch of time [from, to) and, once fetched, its events (oldest first) and their records (null: not ours). */
    private static final class Window {
        long from;
        final long to;
        boolean taken;
        boolean fetched;
        /** Given back by a split to keep the read-ahead bound: what its reader fetched is thrown away. */
        boolean dropped;
        List<JsonObject> events = List.of();
        List<ChangeRecord> records = List.of();
        Exception error;

        Window(long from, long to) {
            this.from = from;
            this.to = to;
        }
    }

    /**
     * One backlog read: windows cover [frontier, generated) without gaps, and there are never more than
     * {@code pagesInMemory} of them, read or not: that is the memory bound, and since readers always take the oldest
     * window nobody reads yet, the window the route waits for is never stuck behind windows read ahead.
     */
    private final class Run {
        /** Windows by their start; the one starting at the frontier is delivered next. */
        private final TreeMap<Long, Window> windows = new TreeMap<>();
        private final long end;
        /** Where the run started: its account and watermarks, which do not change while events are read. */
        private final Position from;
        /** The ids delivered before this run: the first window starts in the cursor's second, which they may share. */
        private final Map<String, Long> startDelivered;
        /** Where the run started; events of its second listed up to it were delivered before (not all are remembered). */
        private final EventCursor startCursor;
        private boolean passingStartCursor;
        /** Where windows not yet made start. */
        private long generated;
        private long eventsSeen;
        private long secondsSeen;
        private long widestSeen = FIRST_WINDOW_SECONDS;
        private volatile boolean cancelled;
        private volatile boolean failed;
        private Position delivered;
        private long frontier;
        private Window current;
        private int offset;

        Run(Position from, long start, long end) {
            this.delivered = from;
            this.from = from;
            this.startDelivered = from.delivered();
            this.startCursor = from.cursors().get(0);
            this.passingStartCursor = startCursor.eventId() != null;
            this.generated = start;
            this.frontier = start;
            this.end = end;
        }

        void start() {
            for (int i = 0; i < readers; i++) {
                executor.execute(this::readLoop);
            }
        }

        private void readLoop() {
            while (!cancelled && !failed) {
                Window w = take();
                if (w == null) {
                    return;
                }
                try {
                    fetch(w);
                } catch (Exception e) {
                    synchronized (this) {
                        w.error = e;
                        failed = true;
                    }
                }
                synchronized (this) {
                    w.fetched = true;
                    notifyAll();
                }
            }
        }

        /**
         * The oldest window nobody reads yet, made when none is left and there is room (about a page wide by what was
         * seen so far). Null once the range is all made and read; while a window is still being fetched, its split may
         * bring more.
         */
        private synchronized Window take() {
            while (!cancelled && !failed) {
                Window oldest = null;
                boolean fetching = false;
                for (Window w : windows.values()) {
                    if (!w.taken && oldest == null) {
                        oldest = w;
                    }
                    fetching |= w.taken && !w.fetched;
                }
                if (oldest == null && generated < end && windows.size() < pagesInMemory) {
                    long width = secondsSeen == 0 ? FIRST_WINDOW_SECONDS
                            : Math.max(1, (long) (WINDOW_EVENTS * secondsSeen / Math.max(1, eventsSeen)));
                    oldest = new Window(generated, Math.min(end, generated + Math.min(width, 2 * widestSeen)));
                    generated = oldest.to;
                    windows.put(oldest.from, oldest);
                }
                if (oldest != null) {
                    oldest.taken = true;
                    return oldest;
                }
                if (generated >= end && !fetching) {
                    return null;
                }
                waitQuietly();
            }
            return null;
        }

        /**
         * The window's events. Its newest page (Stripe lists newest first) tells its density: when more follow, the
         * window keeps the seconds that page covers whole and the older rest is cut into windows of about a page for
         * the other readers, so a dense stretch met by a wide window still fans out.
         */
        private void fetch(Window w) throws StripeException {
            Map<String, Object> params = new LinkedHashMap<>(query);
            params.put("limit", EventsApi.MAX_PAGE);
            params.put("created", Map.of("gte", w.from, "lt", w.to));
            JsonObject page = events.page(params);
            List<JsonObject> newestFirst = EventsApi.data(page);
            boolean more = EventsApi.hasMore(page);
            if (more) {
                long oldest = EventsApi.created(newestFirst.get(newestFirst.size() - 1));
                long newest = EventsApi.created(newestFirst.get(0));
                if (oldest == newest || oldest <= w.from || (w.to - oldest) * 2 > w.to - w.from) {
                    // one second holds more than a page, or the page covers half the window or more (a window sized
                    // for a page that holds a few more): read it all here rather than hand a piece to another reader
                    newestFirst.clear();
                    ListPages pages = events.pages(params);
                    for (JsonObject e = pages.nextOrNull(); e != null; e = pages.nextOrNull()) {
                        newestFirst.add(e);
                    }
                } else {
                    // keep the whole seconds after the page's oldest one; the rest goes back to the other readers
                    int inOldestSecond = (int) newestFirst.stream().filter(e -> EventsApi.created(e) == oldest)
                            .count();
                    newestFirst.removeIf(e -> EventsApi.created(e) <= oldest);
                    long width = Math.max(1, (w.to - oldest - 1) * 100 / Math.max(1, newestFirst.size()));
                    if (inOldestSecond >= DENSE_SECOND) {
                        // the page ends in a dense stretch: what comes before it is sized by that second, not by the
                        // sparser seconds after it (a window over a quiet day that ends in a burst)
                        width = Math.min(width, Math.max(1, 100 / inOldestSecond));
                    }
                    split(w, oldest + 1, width);
                }
            }
            List<JsonObject> oldestFirst = new ArrayList<>(newestFirst.size());
            for (int i = newestFirst.size() - 1; i >= 0; i--) {
                oldestFirst.add(newestFirst.get(i));
            }
            synchronized (this) {
                if (w.dropped) {
                    return;
                }
            }
            List<ChangeRecord> records = settler.settle(oldestFirst, from);
            synchronized (this) {
                w.events = oldestFirst;
                w.records = records;
                eventsSeen += oldestFirst.size();
                secondsSeen += w.to - w.from;
                widestSeen = Math.max(widestSeen, w.to - w.from);
            }
        }

        /**
         * Window w now starts at {@code at}; [its old start, at) becomes windows of {@code width}, one per other reader
         * and as many as there is room for, the oldest taking what is left. When there is no room, the newest window is
         * given back (made again later, its read thrown away): the older pieces are the ones the route waits for.
         */
        private synchronized void split(Window w, long at, long width) {
            long from = w.from;
            windows.remove(from);
            w.from = at;
            windows.put(at, w);
            long hi = at;
            int pieces = 0;
            int most = Math.max(1, Math.min(readers - 1, pagesInMemory - windows.size()));
            while (hi > from) {
                long lo = ++pieces >= most ? from : Math.max(from, hi - width);
                windows.put(lo, new Window(lo, hi));
                hi = lo;
            }
            while (windows.size() > pagesInMemory) {
                Window newest = windows.pollLastEntry().getValue();
                newest.dropped = true;
                generated = newest.from;
            }
            notifyAll();
        }

        /** Up to {@code max} records, window after window; null once every window was handed out. */
        PollResult next(int max) throws StripeException {
            List<ChangeRecord> out = new ArrayList<>();
            while (out.size() < max) {
                if (current == null) {
                    Window w;
                    synchronized (this) {
                        w = windows.get(frontier);
                        if (w == null && frontier >= end) {
                            return out.isEmpty() ? null : new PollResult(out, delivered, true);
                        }
                        // the route has nothing yet: wait for the next window (a reader fetches it, perhaps through a
                        // 429's backoff) rather than answer an empty poll, which costs the route a whole poll delay
                        long deadline = System.nanoTime() + FRONTIER_WAIT_NANOS;
                        while ((w == null || !w.fetched) && out.isEmpty() && !cancelled && !failed
                               && System.nanoTime() - deadline < 0) {
                            waitQuietly();
                            w = windows.get(frontier);
                        }
                        if (w == null || !w.fetched) {
                            return new PollResult(out, delivered, true);
                        }
                        windows.remove(frontier);
                        frontier = w.to;
                        // room for one more window
                        notifyAll();
                    }
                    if (w.error != null) {
                        throw ReadAhead.rethrow(w.error);
                    }
                    current = w;
                    offset = 0;
                }
                while (offset < current.events.size() && out.size() < max) {
                    JsonObject event = current.events.get(offset);
                    ChangeRecord record = current.records.get(offset);
                    offset++;
                    String id = event.get("id").getAsString();
                    long created = event.get("created").getAsLong();
                    if (created == startCursor.created() && passingStartCursor) {
                        // the cursor's second up to the cursor event, in list order, was delivered before this run
                        passingStartCursor = !id.equals(startCursor.eventId());
                        continue;
                    }
                    if (startDelivered.containsKey(id) || delivered.delivered().containsKey(id)) {
                        continue;
                    }
                    // A position saved with its cursor at c is read again over [c - look-back, c] when c is not
                    // settled, i.e. within a look-back of the newest event, which is at or after this run's end: so
                    // ids of the last two look-backs before the end must be kept, older ones need not be (copying
                    // them for each of thousands of events was the cost of a backlog).
                    delivered = delivered.afterEvent(0, id, created, true, lookbackSeconds,
                            created >= end - 2 * lookbackSeconds);
                    if (record != null) {
                        out.add(record.at(delivered));
                    }
                }
                if (offset == current.events.size()) {
                    current = null;
                }
            }
            return new PollResult(out, delivered, true);
        }

        private void waitQuietly() {
            try {
                wait(ReadAhead.WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancelled = true;
            }
        }
    }
}
