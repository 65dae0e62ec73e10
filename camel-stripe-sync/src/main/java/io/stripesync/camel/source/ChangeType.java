package io.stripesync.camel.source;

import java.util.Locale;

import io.stripesync.camel.catalog.ChangeKind;

/** What a record says happened to the object; the value of the CamelStripeSyncOperation header. */
public enum ChangeType {
    SNAPSHOT,
    CREATE,
    UPDATE,
    DELETE,
    /** The end of a snapshot round: every record of it was processed (a marker, not an object). */
    SNAPSHOT_COMPLETE;

    public String headerValue() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The record type of a change the catalog classified ({@link io.stripesync.camel.catalog.StripeResource#changeKind}). */
    public static ChangeType of(ChangeKind kind) {
        return switch (kind) {
            case CREATE -> CREATE;
            case UPDATE -> UPDATE;
            case DELETE -> DELETE;
        };
    }
}
