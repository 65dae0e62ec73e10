package io.stripesync.camel.source;

/**
 * When a change record's object is read again from Stripe instead of taken from the event payload. Stripe renders an
 * event's {@code data.object} at the event's {@code api_version}, which may not be the version stripe-java models.
 */
public enum RehydrateMode {
    /** Read again when the event's API version is not the pinned one, or when the payload may not be the newest state. */
    auto,
    /** Read every created or updated object again: bodies always at the pinned version and current. */
    always,
    /** Never: bodies are the event payloads, at the event's version, in Stripe's list order within a second. */
    never
}
