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
 * @param apiVersion         the Stripe API version the object is rendered at: the event's {@code api_version} for an
 *                           event payload, the version stripe-java pins for objects read from the API
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
        String apiVersion,
        Position after) {

    /** The same change carrying the object as read again from Stripe, at that read's API version. */
    public ChangeRecord withObject(JsonObject current, String currentApiVersion) {
        return new ChangeRecord(type, resource, current, eventId, eventType, eventCreated, previousAttributes, account,
                currentApiVersion, after);
    }

    /** The same change, delivered with this position after it. */
    public ChangeRecord at(Position position) {
        return new ChangeRecord(type, resource, object, eventId, eventType, eventCreated, previousAttributes, account,
                apiVersion, position);
    }

    /** The same object, delivered as this type of record (a re-read's object that changed: an update). */
    public ChangeRecord as(ChangeType otherType) {
        return new ChangeRecord(otherType, resource, object, eventId, eventType, eventCreated, previousAttributes, account,
                apiVersion, after);
    }

    /** The same change, known now to leave the object gone from the API. */
    public ChangeRecord asDeletion() {
        return new ChangeRecord(ChangeType.DELETE, resource, object, eventId, eventType, eventCreated, previousAttributes,
                account, apiVersion, after);
    }

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
