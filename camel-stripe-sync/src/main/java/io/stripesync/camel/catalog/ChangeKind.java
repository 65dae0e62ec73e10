package io.stripesync.camel.catalog;

/** What a Stripe event does to the object it carries, as far as a replica of that object is concerned. */
public enum ChangeKind {
    CREATE,
    UPDATE,
    /** The object is gone from the API (a retrieve answers {@code deleted: true} or 404). */
    DELETE
}
