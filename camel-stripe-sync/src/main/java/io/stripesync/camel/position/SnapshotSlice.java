package io.stripesync.camel.position;

import java.util.Map;
import java.util.Objects;

/**
 * A created-time slice of the snapshot and how far it got. A parallel snapshot lists several slices at once; a slice
 * is known by its range and filter, which no two open slices share.
 *
 * @param createdGte  lower bound (created[gte]), or null for none
 * @param createdLt   upper bound (created[lt]), or null for none
 * @param lastId      the last object emitted (Stripe lists newest first, so the next page is starting_after it)
 * @param lastCreated that object's created, so a page can resume by time when the cursor object has been deleted
 * @param done        whether the slice has been listed to its end
 * @param filter      list filters of this pass, for objects the list hides without them ({@code test_clock=clock_...}),
 *                    empty for the list as it comes
 * @param resource    the resource listed, in a position of several resources; null in a position of one (its resource)
 */
public record SnapshotSlice(Long createdGte, Long createdLt, String lastId, Long lastCreated, boolean done,
                            Map<String, String> filter, String resource) {

    public SnapshotSlice {
        filter = filter == null ? Map.of() : Map.copyOf(filter);
    }

    public SnapshotSlice(Long createdGte, Long createdLt, String lastId, Long lastCreated, boolean done,
                         Map<String, String> filter) {
        this(createdGte, createdLt, lastId, lastCreated, done, filter, null);
    }

    public SnapshotSlice(Long createdGte, Long createdLt, String lastId, Long lastCreated, boolean done) {
        this(createdGte, createdLt, lastId, lastCreated, done, Map.of());
    }

    /** The same slice, of that resource (in a position of several). */
    public SnapshotSlice of(String resourceName) {
        return new SnapshotSlice(createdGte, createdLt, lastId, lastCreated, done, filter, resourceName);
    }

    public static SnapshotSlice unbounded() {
        return new SnapshotSlice(null, null, null, null, false);
    }

    /** A whole pass over the list with these filters. */
    public static SnapshotSlice pass(Map<String, String> filter) {
        return new SnapshotSlice(null, null, null, null, false, filter);
    }

    public SnapshotSlice emitted(String id, long created) {
        return new SnapshotSlice(createdGte, createdLt, id, created, done, filter, resource);
    }

    /** The same slice narrowed to objects created at or after {@code gte}, keeping how far it got. */
    public SnapshotSlice from(long gte) {
        return new SnapshotSlice(gte, createdLt, lastId, lastCreated, done, filter, resource);
    }

    /** A fresh slice of the same pass over {@code [gte, lt)}; null bounds are open. */
    public SnapshotSlice range(Long gte, Long lt) {
        return new SnapshotSlice(gte, lt, null, null, false, filter, resource);
    }

    /** Whether this is the same slice as {@code other}, maybe further on: the same range of the same pass. */
    public boolean sameRange(SnapshotSlice other) {
        return Objects.equals(createdGte, other.createdGte) && Objects.equals(createdLt, other.createdLt)
               && filter.equals(other.filter) && Objects.equals(resource, other.resource);
    }

    public SnapshotSlice finished() {
        return new SnapshotSlice(createdGte, createdLt, lastId, lastCreated, true, filter, resource);
    }
}
