package io.stripesync.camel.source;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

import io.stripesync.camel.position.Phase;
import io.stripesync.camel.position.Position;

/**
 * What webhooks pushed into a stream that its reads may still meet: the events by id (with their created second) and,
 * per object, the newest change pushed. Merged into every position the stream saves, so no read delivers a pushed event
 * again whatever it read before; forgotten once the reads are a look-back past them. Thread-safe: pushes come on the
 * HTTP server's threads while the reads run on the poll's.
 */
final class PushLedger {

    /** What a pushed event is to the stream. */
    enum Admission {
        /** delivered already: by a push, by the reads, or older than the look-back (the reads passed it) */
        DUPLICATE,
        /** new, and no change of its object at or after it went out before */
        IN_ORDER,
        /** new, but the reads passed its second, or a change of its object at or after it was pushed before */
        ORDER_UNCERTAIN
    }

    private final Map<String, Long> pushed = new HashMap<>();
    /** Per object, the created second of the newest change pushed: a read record of it not newer is stale. */
    private final Map<String, Long> pushedObjects = new HashMap<>();
    /**
     * The newest event pushed before this stream was loaded, ahead of the reads (the stored ids do not say which
     * object each changed): any older record, read or pushed, may be older than what its object already got.
     */
    private long pushedBeforeLoad = Long.MIN_VALUE;
    /** Pushes remembered so far, and how many of them a save has made durable. */
    private long pushes;
    private long pushesSaved;

    /** The stream loaded its stored position: ids stored ahead of every cursor were pushed before. */
    synchronized void loaded(Position position) {
        pushedBeforeLoad = Long.MIN_VALUE;
        if (position != null && position.phase() == Phase.CDC) {
            long newestStored = position.delivered().values().stream().mapToLong(Long::longValue).max().orElse(0);
            pushedBeforeLoad = newestStored > position.newestRead() ? newestStored : Long.MIN_VALUE;
        }
    }

    /**
     * @param at                 the position saved last
     * @param deliveredMeanwhile whether the reads' batch being processed delivered this id (not saved yet)
     */
    synchronized Admission admit(String id, long created, String objectId, Position at,
                                 Predicate<String> deliveredMeanwhile, long lookbackSeconds) {
        if (at.delivered().containsKey(id) || pushed.containsKey(id) || deliveredMeanwhile.test(id)
            || created < at.lookbackFloor(lookbackSeconds)) {
            return Admission.DUPLICATE;
        }
        return created <= at.newestRead() || newerPushed(objectId, created) ? Admission.ORDER_UNCERTAIN
                : Admission.IN_ORDER;
    }

    /** The route processed a pushed event's record: a repeat is a duplicate from now on. @return the push's number */
    synchronized long delivered(ChangeRecord record) {
        pushed.put(record.eventId(), record.eventCreated());
        if (record.objectId() != null) {
            pushedObjects.merge(record.objectId(), record.eventCreated(), Math::max);
        }
        return ++pushes;
    }

    /** The pushes a save begun now makes durable, or -1 when a save already covered this push's number. */
    synchronized long unsavedUpTo(long number) {
        return pushesSaved >= number ? -1 : pushes;
    }

    synchronized void saved(long upTo) {
        pushesSaved = Math.max(pushesSaved, upTo);
    }

    synchronized boolean contains(String eventId) {
        return eventId != null && pushed.containsKey(eventId);
    }

    /** Whether a change of the object at or after this second may have been pushed already. */
    synchronized boolean newerPushed(String objectId, long created) {
        return created <= pushedBeforeLoad
               || objectId != null && pushedObjects.getOrDefault(objectId, Long.MIN_VALUE) >= created;
    }

    /**
     * The position with the ids of pushed events the reads may still meet: a position made by the reads from what they
     * read before a push does not hold them. Ids the reads are a look-back past are forgotten here.
     */
    synchronized Position mergedInto(Position next, long lookbackSeconds) {
        if (next == null || pushed.isEmpty() || next.phase() != Phase.CDC) {
            return next;
        }
        long floor = next.lookbackFloor(lookbackSeconds);
        pushed.values().removeIf(created -> created < floor);
        pushedObjects.values().removeIf(created -> created < floor);
        for (Map.Entry<String, Long> e : pushed.entrySet()) {
            if (!next.delivered().containsKey(e.getKey())) {
                next = next.withDelivered(e.getKey(), e.getValue());
            }
        }
        return next;
    }
}
