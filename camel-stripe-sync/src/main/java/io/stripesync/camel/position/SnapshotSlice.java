package io.stripesync.camel.position;

/**
 * A created-time slice of the snapshot and how far it got. Slices let a later version list several time ranges in
 * parallel; today there is one.
 *
 * @param createdGte  lower bound (created[gte]), or null for none
 * @param createdLt   upper bound (created[lt]), or null for none
 * @param lastId      the last object emitted (Stripe lists newest first, so the next page is starting_after it)
 * @param lastCreated that object's created, so a page can resume by time when the cursor object has been deleted
 * @param done        whether the slice has been listed to its end
 */
public record SnapshotSlice(Long createdGte, Long createdLt, String lastId, Long lastCreated, boolean done) {

    public static SnapshotSlice unbounded() {
        return new SnapshotSlice(null, null, null, null, false);
    }

    public SnapshotSlice emitted(String id, long created) {
        return new SnapshotSlice(createdGte, createdLt, id, created, done);
    }

    public SnapshotSlice finished() {
        return new SnapshotSlice(createdGte, createdLt, lastId, lastCreated, true);
    }
}
