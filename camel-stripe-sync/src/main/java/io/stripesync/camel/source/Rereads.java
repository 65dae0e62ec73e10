package io.stripesync.camel.source;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.google.gson.JsonObject;
import com.stripe.exception.StripeException;
import io.stripesync.camel.position.ObjectDigests;
import io.stripesync.camel.position.Position;
import io.stripesync.camel.position.Round;
import io.stripesync.camel.position.SnapshotSlice;

/**
 * Resources read again while the events go on, as rounds: on a schedule (each resource's interval; only the objects that
 * differ from what the stream delivered last are emitted, as updates) and on demand (every object, as snapshot records).
 *
 * <p><b>Order.</b> A page is listed and handed out in the same poll, never read ahead: no change delivered before it can
 * be newer than the page (every such event was made before its delivery, so before the listing). Events made before
 * the listing may still be read after it (a look-back late, or between two reads); an object the re-read emitted has
 * its events read again ({@link #unsure}) until a read of the events that began a look-back (and a second) after the
 * listing caught up, so its record is never followed by an older state.
 */
final class Rereads {

    /**
     * A re-read asked for at run time: every object of the resource, or those created in {@code [createdGte,
     * createdLt)} when a bound is given, delivered as snapshot records.
     */
    record Request(String resource, Long createdGte, Long createdLt) {

        Request(String resource) {
            this(resource, null, null);
        }

        boolean ranged() {
            return createdGte != null || createdLt != null;
        }
    }

    private final Map<String, SnapshotReader> lists;
    private final Map<String, SnapshotPlanner> planners;
    private final ObjectDigests digests;
    /** Each scheduled resource's interval (epoch milliseconds between the starts of its rounds). */
    private final Map<String, Long> everyMillis;
    private final long lookbackNanos;
    /** The first look at the schedule: a resource without a round is due an interval after it. */
    private long startedMillis = -1;
    private final Queue<Request> requested = new ConcurrentLinkedQueue<>();
    /** Objects a re-read emitted, with when their page was listed (nanoTime). */
    private final Map<String, Long> emittedAt = new ConcurrentHashMap<>();

    Rereads(Map<String, SnapshotReader> lists, Map<String, SnapshotPlanner> planners, ObjectDigests digests,
            Map<String, Long> everyMillis, long lookbackSeconds) {
        this.lists = lists;
        this.planners = planners;
        this.digests = digests;
        this.everyMillis = Map.copyOf(everyMillis);
        this.lookbackNanos = lookbackSeconds * 1_000_000_000L;
    }

    void request(Request request) {
        requested.add(request);
    }

    /** Whether a re-read was asked for and has not begun yet. */
    boolean pending() {
        return !requested.isEmpty();
    }

    /**
     * The position with a re-read begun, when one is asked for or due and its resource is not being read: asked ones
     * first, then the scheduled resource waiting longest. The same position otherwise.
     */
    Position begin(Position at, long nowMillis) throws StripeException {
        for (Iterator<Request> it = requested.iterator(); it.hasNext(); ) {
            Request r = it.next();
            if (idle(at, r.resource())) {
                it.remove();
                return at.withReread(r.resource(), slices(r.resource(), r.createdGte(), r.createdLt()), nowMillis,
                        r.ranged() ? Round.Kind.RANGE : Round.Kind.WHOLE);
            }
        }
        if (startedMillis < 0) {
            startedMillis = nowMillis;
        }
        String due = null;
        long oldest = Long.MAX_VALUE;
        for (Map.Entry<String, Long> e : everyMillis.entrySet()) {
            Round last = at.round(e.getKey());
            long since = last == null ? startedMillis : last.id();
            if (nowMillis - since >= e.getValue() && since < oldest && idle(at, e.getKey())) {
                due = e.getKey();
                oldest = since;
            }
        }
        return due == null ? at : at.withReread(due, slices(due, null, null), nowMillis, Round.Kind.CHANGES);
    }

    private static boolean idle(Position at, String resource) {
        Round last = at.round(resource);
        return (last == null || last.closed()) && !at.reading(resource) && !at.behind().contains(resource);
    }

    /** The list as it comes, plus the planner's passes (objects the list hides otherwise), within the bounds. */
    private List<SnapshotSlice> slices(String resource, Long createdGte, Long createdLt) throws StripeException {
        List<SnapshotSlice> slices = new ArrayList<>();
        slices.add(SnapshotSlice.unbounded().range(createdGte, createdLt));
        SnapshotPlanner planner = planners.get(resource);
        if (planner != null) {
            planner.passes().forEach(f -> slices.add(SnapshotSlice.pass(f).range(createdGte, createdLt)));
        }
        return slices;
    }

    /**
     * One page of the first open re-read slice, listed now: the objects to deliver (a scheduled round's only when they
     * differ from what was delivered; the others are confirmed in its round), each with the position after it.
     */
    PollResult read(Position from) throws StripeException {
        SnapshotSlice slice = from.rereads().get(0);
        String resource = slice.resource();
        Round round = from.round(resource);
        SnapshotReader list = lists.get(resource);
        long listed = System.nanoTime();
        SnapshotReader.Page page = list.fetch(slice);
        List<ChangeRecord> records = new ArrayList<>();
        Position current = from;
        List<JsonObject> items = page.items();
        for (int i = 0; i < items.size(); i++) {
            JsonObject item = items.get(i);
            String id = item.get("id").getAsString();
            // (each step finds the open slice by its range, which every step keeps)
            current = current.withRereadProgress(slice, page.after(i));
            boolean changesOnly = round.kind() == Round.Kind.CHANGES;
            if (changesOnly && digests.unchanged(resource, id, item)) {
                digests.confirmed(resource, id, round.id());
                continue;
            }
            emittedAt.put(id, listed);
            ChangeRecord record = list.record(item, current);
            records.add(changesOnly ? record.as(ChangeType.UPDATE) : record);
        }
        if (items.isEmpty()) {
            current = current.withRereadProgress(slice, slice.finished());
        }
        // the end holds where the page left off, past unchanged objects after the last record
        return new PollResult(records, current, true);
    }

    /**
     * Whether an event of this object may be older than what a re-read delivered of it: read it again before it goes.
     */
    boolean unsure(String objectId) {
        return objectId != null && emittedAt.containsKey(objectId);
    }

    /**
     * A read of the events that began then reached the newest event: every event made a look-back (and a second)
     * before it began had shown up, so the objects listed before that are settled.
     */
    void caughtUp(long readBeganNanos) {
        if (!emittedAt.isEmpty()) {
            long settled = readBeganNanos - lookbackNanos - 1_000_000_000L;
            emittedAt.values().removeIf(listed -> listed - settled < 0);
        }
    }
}
