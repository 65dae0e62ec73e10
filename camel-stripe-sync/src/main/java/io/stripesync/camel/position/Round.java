package io.stripesync.camel.position;

/**
 * One snapshot of one resource as a sink sees it: a numbered round. Its records carry its id; its end is one marker
 * record, delivered once every record of the round was processed. The rows a round did not see, and that no change
 * touched since its snapshot start, are gone: a sink that closes the round deletes them.
 *
 * <p>Ids only grow: a new round takes the greater of the previous round's id plus one and the clock (epoch
 * milliseconds), so a round begun later has the greater id across restarts and across nodes sharing a store, and one
 * resumed from a stale position (an older id) is told apart by a sink, which closes only its greatest round.
 *
 * @param id      the round's number
 * @param objects the snapshot records of the round delivered so far (the marker says how many in all)
 * @param closed  whether its marker was delivered
 * @param partial whether the round delivers only some objects (a scheduled re-read emits those that differ from what
 *                the stream delivered last; an on-demand one may cover a created range): a sink must not delete the
 *                rows such a round did not confirm, only what it delivers as deletions
 */
public record Round(long id, long objects, boolean closed, boolean partial) {

    public Round(long id, long objects, boolean closed) {
        this(id, objects, closed, false);
    }

    /** A new round after {@code previous} (null for none), begun at {@code nowMillis}. */
    public static Round after(Round previous, long nowMillis) {
        return after(previous, nowMillis, false);
    }

    public static Round after(Round previous, long nowMillis, boolean partial) {
        long id = previous == null ? nowMillis : Math.max(previous.id + 1, nowMillis);
        return new Round(id, 0, false, partial);
    }

    public Round counted() {
        return new Round(id, objects + 1, closed, partial);
    }

    public Round close() {
        return new Round(id, objects, true, partial);
    }
}
