package io.stripesync.camel.source;

import com.stripe.exception.StripeException;
import io.stripesync.camel.position.EventCursor;
import io.stripesync.camel.position.Position;

/**
 * How far behind the stream is: the created second of the newest visible event, asked of Stripe (one request) only
 * when a backlog may be worth reading, and the retention check it makes possible. A stream that keeps up never pays it.
 */
final class BacklogProbe {

    private final EventsApi api;
    private final long lookbackSeconds;
    /** The created second of the newest event seen by a probe; 0 until one ran. Only ever grows. */
    private volatile long newestKnown;
    /**
     * Whether the last poll left events unread: only then may a backlog be worth a probe. True at first, so a start
     * after downtime finds its backlog on the first poll (one request per start).
     */
    private volatile boolean behind = true;
    /** The oldest cursor's second at the last probe. */
    private volatile long probedAt = Long.MIN_VALUE / 2;
    /** Whether this start already tried a backlog for a cursor that has no event yet. */
    private boolean unanchoredTried;

    BacklogProbe(EventsApi api, long lookbackSeconds) {
        this.api = api;
        this.lookbackSeconds = lookbackSeconds;
    }

    /**
     * Whether this poll looks for a backlog: the last poll left events unread, or no event of ours was delivered yet
     * (a fresh account, or none since the anchor: the first read would walk every event visible since the anchor,
     * page after page, to deliver the oldest batch; once per start, a backlog is tried first, which finds the oldest
     * event in a few requests and reads from there in parallel).
     */
    boolean due(Position position, boolean backlogSetUp) {
        boolean unanchored = backlogSetUp && !unanchoredTried && position.cursors().size() == 1
                             && position.cursors().get(0).eventId() == null;
        if (unanchored) {
            unanchoredTried = true;
        }
        return behind || unanchored;
    }

    /**
     * The newest second known, asked of Stripe when due: only when the last poll saw more to read (steady state never
     * pays it), and again only after half a look-back of progress (new events far enough ahead to start another
     * backlog take that); not while a backlog is delivered, which reads to the newest second it knew (its last minute
     * would wait for a probe per half look-back on the way).
     *
     * @throws EventsExpiredException when the position's oldest cursor is older than Stripe keeps events
     */
    long newestKnown(Position position, boolean backlogReading) throws StripeException, EventsExpiredException {
        long oldestCursor = position.cursors().stream().mapToLong(EventCursor::created).min().orElse(0);
        if (oldestCursor >= newestKnown - lookbackSeconds - 1 && oldestCursor - probedAt >= lookbackSeconds / 2
            && !backlogReading) {
            newestKnown = Math.max(newestKnown, api.newestOfAnyType());
            probedAt = oldestCursor;
        }
        if (oldestCursor > 0 && newestKnown - oldestCursor > EventsApi.RETENTION_SECONDS) {
            throw new EventsExpiredException(position.cursors().get(0).eventId(), oldestCursor, null);
        }
        return newestKnown;
    }

    /** The newest second a probe saw, 0 before the first. */
    long newestKnown() {
        return newestKnown;
    }

    /** What the poll left: more to read makes the next poll look for a backlog. */
    void polled(boolean moreAvailable) {
        behind = moreAvailable;
    }
}
