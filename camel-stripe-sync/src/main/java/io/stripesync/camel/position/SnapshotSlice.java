package io.stripesync.camel.position;

import java.util.Map;

/**
 * A created-time slice of the snapshot and how far it got. Slices let a later version list several time ranges in
 * parallel; today there is one.
 *
 * @param createdGte  lower bound (created[gte]), or null for none
 * @param createdLt   upper bound (created[lt]), or null for none
 * @param lastId      the last object emitted (Stripe lists newest first, so the next page is starting_after it)
 * @param lastCreated that object's created, so a page can resume by time when the cursor object has been deleted
 * @param done        whether the slice has been listed to its end
 * @param filter      list filters of this pass, for objects the list hides without them ({@code test_clock=clock_...}),
 *                    empty for the list as it comes
 */
public record SnapshotSlice(Long createdGte, Long createdLt, String lastId, Long lastCreated, boolean done,
                            Map<String, String> filter) {

    public SnapshotSlice {
        filter = filter == null ? Map.of() : Map.copyOf(filter);
    }

    public SnapshotSlice(Long createdGte, Long createdLt, String lastId, Long lastCreated, boolean done) {
        this(createdGte, createdLt, lastId, lastCreated, done, Map.of());
    }

    public static SnapshotSlice unbounded() {
        return new SnapshotSlice(null, null, null, null, false);
    }

    /** A whole pass over the list with these filters. */
    public static SnapshotSlice pass(Map<String, String> filter) {
        return new SnapshotSlice(null, null, null, null, false, filter);
    }

    public SnapshotSlice emitted(String id, long created) {
        return new SnapshotSlice(createdGte, createdLt, id, created, done, filter);
    }

    public SnapshotSlice finished() {
        return new SnapshotSlice(createdGte, createdLt, lastId, lastCreated, true, filter);
    }
}
