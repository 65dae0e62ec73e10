package io.stripesync.camel.source;

import com.google.gson.JsonObject;
import io.stripesync.camel.position.Position;

/**
 * One object or change a reader yields, and the position to store once it has been processed.
 *
 * @param object             the Stripe object (for CDC, the event's data.object)
 * @param eventId            CDC only, else null
 * @param eventType          CDC only, else null
 * @param eventCreated       CDC only, else null
 * @param previousAttributes CDC updates: data.previous_attributes, else null
 * @param account            the Connect account of the object or event, or null
 * @param after              where the consumer stands once this record has been processed successfully
 */
public record ChangeRecord(
        ChangeType type,
        String resource,
        JsonObject object,
        String eventId,
        String eventType,
        Long eventCreated,
        JsonObject previousAttributes,
        String account,
        Position after) {

    public String objectId() {
        return object.has("id") && !object.get("id").isJsonNull() ? object.get("id").getAsString() : null;
    }

    public Long objectCreated() {
        return object.has("created") && !object.get("created").isJsonNull() ? object.get("created").getAsLong() : null;
    }

    public Boolean livemode() {
        return object.has("livemode") && !object.get("livemode").isJsonNull() ? object.get("livemode").getAsBoolean() : null;
    }
}
