package io.stripesync.camel.position;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything a consumer needs to resume, as one immutable value stored after each successfully processed batch.
 *
 * <p>The CDC cursors are taken before the snapshot's first request, so that every change made while the snapshot runs
 * is replayed by CDC afterwards (nothing lost, duplicates allowed). {@code delivered} holds the ids of events already
 * delivered within the look-back window, with their created time: Stripe's event list is eventually consistent, so
 * the window is read again and an event that became visible late is delivered once.
 *
 * @param version  format version of the stored JSON
 * @param resource the catalog name this position belongs to
 * @param account  the Connect account, or null for the platform account
 * @param cdcStart the CDC start watermark (epoch seconds): events created before it are covered by the snapshot, or
 *                 happened before the first start, and are never delivered
 */
public record Position(
        int version,
        String resource,
        String account,
        Phase phase,
        long cdcStart,
        List<SnapshotSlice> slices,
        List<EventCursor> cursors,
        Map<String, Long> delivered) {

    /** 2 added the slices' filters (extra snapshot passes); version 1 positions are read as having none. */
    public static final int CURRENT_VERSION = 2;

    public Position {
        slices = List.copyOf(slices);
        cursors = List.copyOf(cursors);
        // shared between successive positions: one more delivered event must not copy them all
        delivered = DeliveredIds.of(delivered);
    }

    /**
     * A new position: snapshot first (if wanted), then CDC from the given cursors.
     *
     * @param accountedFor events visible at the start in the watermark's second: already reflected, never delivered
     * @param floor        the lowest watermark acceptable (after expired events: the newest event delivered before),
     *                     so the watermark never goes back in time when no event is visible at all
     */
    public static Position start(String resource, String account, boolean snapshot, List<EventCursor> cursors,
                                 Map<String, Long> accountedFor, long floor) {
        long watermark = Math.max(floor, cursors.stream().mapToLong(EventCursor::created).min().orElse(0));
        return new Position(CURRENT_VERSION, resource, account, snapshot ? Phase.SNAPSHOT : Phase.CDC, watermark,
                snapshot ? List.of(SnapshotSlice.unbounded()) : List.of(), cursors, accountedFor);
    }

    /**
     * The snapshot as the list as it comes plus one pass per filter: for objects the list hides unless asked (objects on
     * test clocks, custom payment methods). Only before the snapshot has started.
     */
    public Position withSnapshotPasses(List<Map<String, String>> filters) {
        if (phase != Phase.SNAPSHOT || filters.isEmpty()) {
            return this;
        }
        List<SnapshotSlice> next = new ArrayList<>(slices);
        filters.forEach(f -> next.add(SnapshotSlice.pass(f)));
        return new Position(version, resource, account, phase, cdcStart, next, cursors, delivered);
    }

    public Position withSlice(int index, SnapshotSlice slice) {
        List<SnapshotSlice> next = new ArrayList<>(slices);
        next.set(index, slice);
        boolean allDone = next.stream().allMatch(SnapshotSlice::done);
        return new Position(version, resource, account, allDone ? Phase.CDC : Phase.SNAPSHOT, cdcStart, next, cursors,
                delivered);
    }

    /**
     * A parallel snapshot's progress on one slice: the open slice with {@code was}'s range and filter is replaced by
     * {@code now} (the slice itself further on, or cut into several when a split shares it out, or nothing once it is
     * listed to its end). Finished slices are dropped, so the position holds only the open ones; the snapshot is over
     * when none is left.
     */
    public Position withSliceProgress(SnapshotSlice was, List<SnapshotSlice> now) {
        List<SnapshotSlice> next = new ArrayList<>(slices.size() + now.size());
        boolean found = false;
        for (SnapshotSlice s : slices) {
            if (!found && s.sameRange(was)) {
                found = true;
                now.stream().filter(n -> !n.done()).forEach(next::add);
            } else if (!s.done()) {
                next.add(s);
            }
        }
        if (!found) {
            throw new IllegalStateException("no open snapshot slice " + was + " in " + slices);
        }
        return new Position(version, resource, account, next.isEmpty() ? Phase.CDC : Phase.SNAPSHOT, cdcStart, next,
                cursors, delivered);
    }

    /** The slices still to be listed. */
    public List<SnapshotSlice> openSlices() {
        return slices.stream().filter(s -> !s.done()).toList();
    }

    /** After delivering an event: it is remembered, and if it came in list order the group's cursor moves to it. */
    public Position afterEvent(int group, String eventId, long created, boolean advanceCursor, long lookbackSeconds) {
        return afterEvent(group, eventId, created, advanceCursor, lookbackSeconds, true);
    }

    /**
     * As {@link #afterEvent(int, String, long, boolean, long)}; {@code remember} false leaves the event out of the
     * delivered ids, for an event so far behind the newest one that no look-back will ever read it again (copying the
     * ids for each of thousands of such events was the cost of a backlog, before they were shared).
     */
    public Position afterEvent(int group, String eventId, long created, boolean advanceCursor, long lookbackSeconds,
                               boolean remember) {
        List<EventCursor> nextCursors = cursors;
        if (advanceCursor) {
            nextCursors = new ArrayList<>(cursors);
            nextCursors.set(group, new EventCursor(created, eventId));
        }
        DeliveredIds nextDelivered = DeliveredIds.of(delivered).from(floor(nextCursors, lookbackSeconds));
        if (remember) {
            nextDelivered = nextDelivered.with(eventId, created);
        }
        return new Position(version, resource, account, phase, cdcStart, slices, nextCursors, nextDelivered);
    }

    /**
     * After an event delivered out of list order (pushed by a webhook): it is remembered, so that no read delivers it
     * again, and the cursors stay where the list reading stands, so that every event before it is still read.
     */
    public Position withDelivered(String eventId, long created) {
        return new Position(version, resource, account, phase, cdcStart, slices, cursors,
                DeliveredIds.of(delivered).with(eventId, created));
    }

    /**
     * The oldest created second a read may still deliver an event of: the oldest cursor less the look-back. The ids
     * of events older than that are forgotten; an event that old was passed by the reads (delivered, or not ours).
     */
    public long lookbackFloor(long lookbackSeconds) {
        return floor(cursors, lookbackSeconds);
    }

    private static long floor(List<EventCursor> cursors, long lookbackSeconds) {
        return cursors.stream().mapToLong(EventCursor::created).min().orElse(0) - lookbackSeconds;
    }

    /** The created second of the newest event the reads passed (0 before any). */
    public long newestRead() {
        return cursors.stream().mapToLong(EventCursor::created).max().orElse(0);
    }

    public int firstOpenSlice() {
        for (int i = 0; i < slices.size(); i++) {
            if (!slices.get(i).done()) {
                return i;
            }
        }
        return -1;
    }
}
