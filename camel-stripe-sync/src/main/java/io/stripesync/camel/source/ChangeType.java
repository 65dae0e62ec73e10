package io.stripesync.camel.source;

import java.util.Locale;

/** What a record says happened to the object; the value of the CamelStripeSyncOperation header. */
public enum ChangeType {
    SNAPSHOT,
    CREATE,
    UPDATE,
    DELETE;

    public String headerValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** From the event type's last segment: {@code created} -> create, {@code deleted} -> delete, anything else -> update. */
    public static ChangeType ofEventType(String eventType) {
        String last = eventType.substring(eventType.lastIndexOf('.') + 1);
        return switch (last) {
            case "created" -> CREATE;
            case "deleted" -> DELETE;
            default -> UPDATE;
        };
    }
}
