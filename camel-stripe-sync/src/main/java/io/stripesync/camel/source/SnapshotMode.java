package io.stripesync.camel.source;

/**
 * When a stream takes a snapshot (Debezium's names where they fit). Every mode also takes one for a resource added to
 * an endpoint's list, and after expired events unless {@code onEventsExpired=fail}.
 */
public enum SnapshotMode {
    /** At the first start only (no stored position); then changes. The default, and what {@code snapshot=true} was. */
    initial,
    /** Never at the first start: changes made from then on. What {@code snapshot=false} was. */
    never,
    /**
     * At every start: a new round, whose records and marker let a sink delete what went away while the route was
     * stopped. A stored snapshot still open goes on instead (its round was not delivered whole).
     */
    always,
    /**
     * Whenever there is no usable position: at the first start, after expired events (whatever onEventsExpired says,
     * which must not be fail), and when the stored position follows other event queries than the endpoint's (eventFilter
     * changed), which the other modes refuse.
     */
    when_needed;

    /** Whether a stream without a stored position starts with a snapshot. */
    public boolean atFirstStart() {
        return this != never;
    }
}
