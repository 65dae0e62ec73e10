package io.stripesync.camel;

/** What the consumer does when the events after its position have expired at Stripe. */
public enum EventsExpiredAction {
    /** Take a new snapshot, then follow changes again. */
    resnapshot,
    /** Stop polling with an error. */
    fail
}
