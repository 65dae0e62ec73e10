package io.stripesync.camel.position;

/** Where a consumer is: emitting the existing objects, or following changes. */
public enum Phase {
    SNAPSHOT,
    CDC
}
