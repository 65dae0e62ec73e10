package io.stripesync.camel.position;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

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
 *                 happened before the first start, and are never delivered; with several resources, the oldest of
 *                 their watermarks (where the one events stream starts)
 * @param watermarks in a position of several resources, each resource's own CDC start (its snapshot holds its changes
 *                 before it, so its events older than it are passed over); empty in a position of one resource, whose
 *                 watermark is {@code cdcStart}
 * @param behind   resources added to a stream that was following changes: the cursor moves on while they take their
 *                 snapshot, passing over their events, and goes back to the oldest of their watermarks once their
 *                 snapshots are through ({@link #caughtUp(long)})
 * @param rereads  the open slices of re-reads: a resource read again while the events go on (a scheduled or an
 *                 on-demand round), each slice naming its resource; the phase stays CDC
 * @param rounds   each resource's latest snapshot round (by resource name, in a position of one resource too): its id,
 *                 the snapshot records delivered, and whether its marker was; optional in the stored JSON (older
 *                 releases write none and ignore it)
 */
public record Position(
        int version,
        String resource,
        String account,
        Phase phase,
        long cdcStart,
        List<SnapshotSlice> slices,
        List<EventCursor> cursors,
        Map<String, Long> delivered,
        Map<String, Long> watermarks,
        List<String> behind,
        Map<String, Round> rounds,
        List<SnapshotSlice> rereads) {

    /**
     * 2 added the slices' filters (extra snapshot passes), 3 the positions of several resources (watermarks, each
     * slice's resource, the resources behind the cursor); older versions are read as having none.
     */
    public static final int CURRENT_VERSION = 3;

    public Position {
        slices = List.copyOf(slices);
        cursors = List.copyOf(cursors);
        // shared between successive positions: one more delivered event must not copy them all
        delivered = DeliveredIds.of(delivered);
        watermarks = watermarks == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(watermarks));
        behind = behind == null ? List.of() : List.copyOf(new TreeSet<>(behind));
        rounds = rounds == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(rounds));
        rereads = rereads == null ? List.of() : List.copyOf(rereads);
    }

    /** A position of several resources, none of them behind the cursor. */
    public Position(int version, String resource, String account, Phase phase, long cdcStart, List<SnapshotSlice> slices,
                    List<EventCursor> cursors, Map<String, Long> delivered, Map<String, Long> watermarks) {
        this(version, resource, account, phase, cdcStart, slices, cursors, delivered, watermarks, List.of(), Map.of(), List.of());
    }

    /** A position of one resource. */
    public Position(int version, String resource, String account, Phase phase, long cdcStart, List<SnapshotSlice> slices,
                    List<EventCursor> cursors, Map<String, Long> delivered) {
        this(version, resource, account, phase, cdcStart, slices, cursors, delivered, Map.of());
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
     * A new position of several resources: one CDC start for all, each resource's snapshot (if wanted) side by side,
     * then the one events stream of them all.
     */
    public static Position startSeveral(Collection<String> resources, String account, boolean snapshot,
                                        List<EventCursor> cursors, Map<String, Long> accountedFor, long floor) {
        Position one = start(null, account, snapshot, cursors, accountedFor, floor);
        Map<String, Long> marks = new TreeMap<>();
        List<SnapshotSlice> slices = new ArrayList<>();
        for (String r : resources) {
            marks.put(r, one.cdcStart());
            if (snapshot) {
                slices.add(SnapshotSlice.unbounded().of(r));
            }
        }
        return new Position(CURRENT_VERSION, nameOf(marks), account, one.phase(), one.cdcStart(), slices, cursors,
                one.delivered(), marks);
    }

    /**
     * The position of several resources made of the positions endpoints of one resource stored (each checked to be of
     * the account): their snapshots go on where they stood, and the one events stream starts at the oldest of their
     * cursors. A resource in CDC takes as watermark its cursor less the look-back (its events delivered since are among
     * the delivered ids, which are merged), so nothing it delivered comes again and nothing it may still have missed
     * late is passed over. The resources without a position of their own are added afterwards, as to a running stream.
     */
    public static Position adopt(Map<String, Position> singles, String account, long lookbackSeconds) {
        Map<String, Long> marks = new TreeMap<>();
        List<SnapshotSlice> slices = new ArrayList<>();
        EventCursor oldest = null;
        DeliveredIds ids = DeliveredIds.of(Map.of());
        for (Map.Entry<String, Position> e : singles.entrySet()) {
            Position p = e.getValue();
            ids = ids.withAll(p.delivered());
            long cursorSecond = p.cursors().stream().mapToLong(EventCursor::created).min().orElse(p.cdcStart());
            marks.put(e.getKey(), p.phase() == Phase.SNAPSHOT ? p.cdcStart()
                    : Math.max(p.cdcStart(), cursorSecond - lookbackSeconds));
            p.openSlices().forEach(s -> slices.add(s.of(e.getKey())));
            for (EventCursor c : p.cursors()) {
                if (oldest == null || c.created() < oldest.created()) {
                    oldest = c;
                }
            }
        }
        long start = oldest(marks, 0);
        List<EventCursor> cursors = oldest == null ? List.of() : List.of(oldest);
        Map<String, Round> rounds = new TreeMap<>();
        singles.forEach((name, p) -> rounds.putAll(p.rounds()));
        return new Position(CURRENT_VERSION, nameOf(marks), account, slices.isEmpty() ? Phase.CDC : Phase.SNAPSHOT,
                start, slices, cursors, ids, marks, List.of(), rounds, List.of());
    }

    /** Whether this is the position of several resources (one events stream, a watermark per resource). */
    public boolean several() {
        return !watermarks.isEmpty();
    }

    /** The CDC start of a resource: its events created before it are in its snapshot, or before its first start. */
    public long watermark(String resourceName) {
        return watermarks.getOrDefault(resourceName, cdcStart);
    }

    /**
     * The position with a resource added to a running stream: it takes its snapshot (if wanted) from its own watermark,
     * taken now. Its events visible in the watermark's second are accounted for, its older ones passed over. When the
     * stream is following changes, it goes on following the others meanwhile: the added resource is then behind the
     * cursor until its snapshot is through ({@link #caughtUp(long)}).
     */
    public Position withResource(String resourceName, long watermark, Map<String, Long> accountedFor, boolean snapshot) {
        Map<String, Long> marks = new TreeMap<>(watermarks);
        marks.put(resourceName, watermark);
        List<SnapshotSlice> next = new ArrayList<>(slices);
        List<String> nextBehind = new ArrayList<>(behind);
        if (snapshot) {
            next.add(SnapshotSlice.unbounded().of(resourceName));
            if (phase == Phase.CDC || !behind.isEmpty()) {
                nextBehind.add(resourceName);
            }
        }
        DeliveredIds ids = DeliveredIds.of(delivered).withAll(accountedFor);
        boolean open = next.stream().anyMatch(s -> !s.done());
        return new Position(version, nameOf(marks), account, open ? Phase.SNAPSHOT : Phase.CDC,
                Math.min(cdcStart, watermark), next, cursors, ids, marks, nextBehind, rounds, rereads);
    }

    /** The position without a resource the endpoint no longer follows: its watermark and snapshot slices dropped. */
    public Position withoutResource(String resourceName) {
        Map<String, Long> marks = new TreeMap<>(watermarks);
        marks.remove(resourceName);
        List<SnapshotSlice> next = slices.stream().filter(s -> !resourceName.equals(s.resource())).toList();
        boolean open = next.stream().anyMatch(s -> !s.done());
        long start = oldest(marks, cdcStart);
        List<String> nextBehind = behind.stream().filter(r -> !r.equals(resourceName)).toList();
        return new Position(version, nameOf(marks), account, open ? Phase.SNAPSHOT : Phase.CDC, start, next, cursors,
                delivered, marks, nextBehind, withoutKey(rounds, resourceName),
                rereads.stream().filter(s -> !resourceName.equals(s.resource())).toList());
    }

    /**
     * Whether the stream follows the changes of some resources while others added to it take their snapshot: the
     * cursor moves on, passing over the events of those behind it.
     */
    public boolean followingWhileSnapshotting() {
        return phase == Phase.SNAPSHOT && !behind.isEmpty();
    }

    /**
     * Once the snapshots of the resources behind the cursor are through: the cursor goes back to the oldest of their
     * watermarks (by time, no event id yet), so their changes since are read; every other resource delivered its
     * events up to where the cursor stood, so its watermark moves up to a look-back before that (the ids delivered in
     * that last look-back are kept and stop those events from coming twice, and a late one still comes).
     *
     * @return this position when no resource is behind or a snapshot is still open
     */
    public Position caughtUp(long lookbackSeconds) {
        if (behind.isEmpty() || phase != Phase.CDC) {
            return this;
        }
        long back = behind.stream().mapToLong(this::watermark).min().orElse(cdcStart);
        long reached = cursors.stream().mapToLong(EventCursor::created).min().orElse(back);
        Map<String, Long> marks = new TreeMap<>(watermarks);
        for (Map.Entry<String, Long> e : marks.entrySet()) {
            if (!behind.contains(e.getKey())) {
                e.setValue(Math.max(e.getValue(), reached - lookbackSeconds));
            }
        }
        List<EventCursor> rewound = cursors.stream().map(c -> new EventCursor(Math.min(c.created(), back), null)).toList();
        long start = oldest(marks, back);
        return new Position(version, resource, account, phase, start, slices, rewound, delivered, marks, List.of(), rounds, rereads);
    }

    /** The latest snapshot round of a resource, or null before its first. */
    public Round round(String resourceName) {
        return rounds.get(resourceName);
    }

    /**
     * The position with a round begun for every resource that has open snapshot slices and no open round (a first
     * snapshot, a new one after expired events, an added resource, a position stored before rounds).
     */
    public Position withRoundsBegun(long nowMillis) {
        Map<String, Round> next = null;
        for (SnapshotSlice s : slices) {
            String name = resourceOf(s);
            Round r = (next == null ? rounds : next).get(name);
            if (!s.done() && (r == null || r.closed())) {
                next = next == null ? new TreeMap<>(rounds) : next;
                next.put(name, Round.after(r, nowMillis));
            }
        }
        return next == null ? this : withRounds(next);
    }

    /** The position with every resource's round closed, as a new snapshot of them all begins (ids carried on). */
    public Position withRounds(Map<String, Round> next) {
        return new Position(version, resource, account, phase, cdcStart, slices, cursors, delivered, watermarks, behind,
                next, rereads);
    }

    /**
     * This new position with the rounds of the one it replaces, each closed (a round not through is abandoned, never
     * closed: its marker would let a sink delete what it had not yet seen): the rounds begun next take greater ids.
     */
    public Position withRoundsAfter(Position replaced) {
        Map<String, Round> carried = new TreeMap<>();
        replaced.rounds().forEach((name, r) -> carried.put(name, r.closed() ? r : new Round(r.id(), r.objects(), true)));
        carried.putAll(rounds);
        return withRounds(carried);
    }

    /** A resource whose round is open while its snapshot (or re-read) is through: its marker is due. Null when none. */
    public String roundToClose() {
        for (Map.Entry<String, Round> e : rounds.entrySet()) {
            if (!e.getValue().closed() && !reading(e.getKey())) {
                return e.getKey();
            }
        }
        return null;
    }

    /** Whether a snapshot or a re-read of the resource has open slices. */
    public boolean reading(String resourceName) {
        return slices.stream().anyMatch(s -> !s.done() && resourceName.equals(resourceOf(s)))
               || rereads.stream().anyMatch(s -> !s.done() && resourceName.equals(s.resource()));
    }

    /**
     * The position with a resource read again while the events go on: a round of that kind begun now and the slices to
     * list, each naming the resource. Only while the resource has no open round.
     */
    public Position withReread(String resourceName, List<SnapshotSlice> toList, long nowMillis, Round.Kind kind) {
        Round last = rounds.get(resourceName);
        if (last != null && !last.closed() || reading(resourceName)) {
            throw new IllegalStateException("resource " + resourceName + " is being read already");
        }
        Map<String, Round> nextRounds = new TreeMap<>(rounds);
        nextRounds.put(resourceName, Round.after(last, nowMillis, kind));
        List<SnapshotSlice> next = new ArrayList<>(rereads);
        toList.forEach(s -> next.add(s.of(resourceName)));
        return new Position(version, resource, account, phase, cdcStart, slices, cursors, delivered, watermarks, behind,
                nextRounds, next);
    }

    /**
     * This position with the re-reads and rounds of {@code source}: what a read of the events never changes, taken from
     * the position the read began at (a backlog read ahead builds on the position it started from).
     */
    public Position withRereadsOf(Position source) {
        if (rereads.equals(source.rereads) && rounds.equals(source.rounds)) {
            return this;
        }
        return new Position(version, resource, account, phase, cdcStart, slices, cursors, delivered, watermarks, behind,
                source.rounds, source.rereads);
    }

    /** A re-read's progress: the open re-read slice {@code was} replaced by {@code now}, finished ones dropped. */
    public Position withRereadProgress(SnapshotSlice was, SnapshotSlice now) {
        return new Position(version, resource, account, phase, cdcStart, slices, cursors, delivered, watermarks, behind,
                rounds, progressed(rereads, was, List.of(now), "re-read"));
    }

    /** The resource a slice lists: its own name in a position of several, the position's in one of one. */
    public String resourceOf(SnapshotSlice slice) {
        return slice.resource() != null ? slice.resource() : resource;
    }

    private static <V> Map<String, V> withoutKey(Map<String, V> map, String key) {
        Map<String, V> copy = new TreeMap<>(map);
        copy.remove(key);
        return copy;
    }

    /** The oldest of the watermarks: where the one events stream of several resources starts. */
    private static long oldest(Map<String, Long> marks, long none) {
        return marks.values().stream().mapToLong(Long::longValue).min().orElse(none);
    }

    private static String nameOf(Map<String, Long> marks) {
        return String.join(",", new TreeMap<>(marks).keySet());
    }

    /**
     * The snapshot as the list as it comes plus one pass per filter: for objects the list hides unless asked (objects on
     * test clocks, custom payment methods). Only before the snapshot has started.
     */
    public Position withSnapshotPasses(List<Map<String, String>> filters) {
        return withSnapshotPasses(null, filters);
    }

    /**
     * As {@link #withSnapshotPasses(List)} for one resource of a position of several: the passes' slices name it (in a
     * position of one resource they name none).
     */
    public Position withSnapshotPasses(String resourceName, List<Map<String, String>> filters) {
        if (phase != Phase.SNAPSHOT || filters.isEmpty()) {
            return this;
        }
        List<SnapshotSlice> next = new ArrayList<>(slices);
        filters.forEach(f -> next.add(SnapshotSlice.pass(f).of(several() ? resourceName : null)));
        return new Position(version, resource, account, phase, cdcStart, next, cursors, delivered, watermarks, behind, rounds, rereads);
    }

    public Position withSlice(int index, SnapshotSlice slice) {
        List<SnapshotSlice> next = new ArrayList<>(slices);
        next.set(index, slice);
        boolean allDone = next.stream().allMatch(SnapshotSlice::done);
        return new Position(version, resource, account, allDone ? Phase.CDC : Phase.SNAPSHOT, cdcStart, next, cursors,
                delivered, watermarks, behind, rounds, rereads);
    }

    /**
     * A parallel snapshot's progress on one slice: the open slice with {@code was}'s range and filter is replaced by
     * {@code now} (the slice itself further on, or cut into several when a split shares it out, or nothing once it is
     * listed to its end). Finished slices are dropped, so the position holds only the open ones; the snapshot is over
     * when none is left.
     */
    public Position withSliceProgress(SnapshotSlice was, List<SnapshotSlice> now) {
        List<SnapshotSlice> next = progressed(slices, was, now, "snapshot");
        return new Position(version, resource, account, next.isEmpty() ? Phase.CDC : Phase.SNAPSHOT, cdcStart, next,
                cursors, delivered, watermarks, behind, rounds, rereads);
    }

    /** The open slices with the one of {@code was}'s range and filter replaced by the open ones of {@code now}. */
    private static List<SnapshotSlice> progressed(List<SnapshotSlice> open, SnapshotSlice was, List<SnapshotSlice> now,
                                                  String what) {
        List<SnapshotSlice> next = new ArrayList<>(open.size() + now.size());
        boolean found = false;
        for (SnapshotSlice s : open) {
            if (!found && s.sameRange(was)) {
                found = true;
                now.stream().filter(n -> !n.done()).forEach(next::add);
            } else if (!s.done()) {
                next.add(s);
            }
        }
        if (!found) {
            throw new IllegalStateException("no open " + what + " slice " + was + " in " + open);
        }
        return next;
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
        return new Position(version, resource, account, phase, cdcStart, slices, nextCursors, nextDelivered, watermarks, behind, rounds, rereads);
    }

    /**
     * After an event delivered out of list order (pushed by a webhook): it is remembered, so that no read delivers it
     * again, and the cursors stay where the list reading stands, so that every event before it is still read.
     */
    public Position withDelivered(String eventId, long created) {
        return new Position(version, resource, account, phase, cdcStart, slices, cursors,
                DeliveredIds.of(delivered).with(eventId, created), watermarks, behind, rounds, rereads);
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
