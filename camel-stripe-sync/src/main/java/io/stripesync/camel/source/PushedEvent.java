package io.stripesync.camel.source;

/**
 * What becomes of an event pushed to the endpoint (a webhook): delivered as its record, or answered without an
 * exchange for one of the reasons below. Only {@link Verdict#DELIVER} makes an exchange.
 *
 * @param record the record to deliver, with DELIVER only
 */
public record PushedEvent(Verdict verdict, ChangeRecord record) {

    public enum Verdict {
        /** A change of the resource not delivered yet: it goes to the route now. */
        DELIVER,
        /** Delivered before, by a webhook or by the reads (a replay or one of Stripe's duplicates). */
        DUPLICATE,
        /** The snapshot is running (or has not started): the reads deliver it after the snapshot, in order. */
        AFTER_SNAPSHOT,
        /** Older than the CDC start: the snapshot holds its object's state. */
        IN_SNAPSHOT,
        /** Not a change of this resource (another type sent to the same URL). */
        NOT_OURS
    }

    static PushedEvent not(Verdict verdict) {
        return new PushedEvent(verdict, null);
    }
}
