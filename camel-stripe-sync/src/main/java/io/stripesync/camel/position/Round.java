package io.stripesync.camel.position;

/**
 * One snapshot of one resource as a sink sees it: a numbered round. Its records carry its id; its end is one marker
 * record, delivered once every record of the round was processed. The rows a whole round did not see, and that no
 * change touched since its snapshot start, are gone: a sink that closes the round deletes them.
 *
 * <p>Ids only grow: a new round takes the greater of the previous round's id plus one and the clock (epoch
 * milliseconds), so a round begun later has the greater id across restarts and across nodes sharing a store, and one
 * resumed from a stale position (an older id) is told apart by a sink, which closes only its greatest round.
 *
 * @param id      the round's number
 * @param objects the records of the round delivered so far (the marker says how many in all)
 * @param closed  whether its marker was delivered
 * @param kind    what the round delivers
 */
public record Round(long id, long objects, boolean closed, Kind kind) {

    /** What a round delivers. */
    public enum Kind {
        /** Every object, as snapshot records: a sink may delete the rows it did not confirm. */
        WHOLE,
        /**
         * A scheduled re-read: only the objects that differ from what the stream delivered last (as updates), then the
         * ones it no longer found (as deletions); the other rows stand.
         */
        CHANGES,
        /** An on-demand re-read of a created range: its objects as snapshot records; rows outside it stand. */
        RANGE
    }

    public Round {
        kind = kind == null ? Kind.WHOLE : kind;
    }

    public Round(long id, long objects, boolean closed) {
        this(id, objects, closed, Kind.WHOLE);
    }

    /** A new round after {@code previous} (null for none), begun at {@code nowMillis}. */
    public static Round after(Round previous, long nowMillis) {
        return after(previous, nowMillis, Kind.WHOLE);
    }

    public static Round after(Round previous, long nowMillis, Kind kind) {
        long id = previous == null ? nowMillis : Math.max(previous.id + 1, nowMillis);
        return new Round(id, 0, false, kind);
    }

    /** Whether the round delivers only some objects: a sink must not delete the rows it did not confirm. */
    public boolean partial() {
        return kind != Kind.WHOLE;
    }

    public Round counted() {
        return new Round(id, objects + 1, closed, kind);
    }

    public Round close() {
        return new Round(id, objects, true, kind);
    }
}
