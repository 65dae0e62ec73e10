package io.stripesync.camel;

import java.util.HashMap;
import java.util.Map;

import com.google.gson.JsonObject;
import com.stripe.model.StripeObject;
import io.stripesync.camel.catalog.ResourceSelection;
import io.stripesync.camel.catalog.StripeResource;
import io.stripesync.camel.client.StripeJson;
import io.stripesync.camel.position.Position;
import io.stripesync.camel.position.Round;
import io.stripesync.camel.source.ChangeRecord;
import io.stripesync.camel.source.ChangeType;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Stripe JSON to message bodies per bodyType, and a ChangeRecord to the consumer exchange src-docs/design.adoc promises (body and
 * CamelStripeSync headers).
 */
final class BodyMapper {

    private final BodyType bodyType;
    /** The model class of each resource, for bodyType=object. */
    private final Map<String, Class<? extends StripeObject>> modelClasses = new HashMap<>();

    BodyMapper(StripeResource resource, BodyType bodyType) {
        this(ResourceSelection.of(resource), bodyType);
    }

    BodyMapper(ResourceSelection resources, BodyType bodyType) {
        this.bodyType = bodyType;
        resources.resources().forEach(r -> modelClasses.put(r.name(), StripeJson.modelClass(r.modelClass())));
    }

    /**
     * @param claim   the stream's claim on a fencing state repository, 0 when it does not fence (no header then)
     * @param current the stream's position now
     */
    void fill(Exchange exchange, ChangeRecord record, long claim, Position current) {
        Message in = exchange.getIn();
        // a round's marker is no Stripe object: JSON for bodyType=json, else a Map
        in.setBody(record.type() == ChangeType.SNAPSHOT_COMPLETE
                ? (bodyType == BodyType.json ? record.object().toString() : StripeSyncConverters.toMap(record.object()))
                : body(record.resource(), record.object()));
        in.setHeader(StripeSyncConstants.OPERATION, record.type().headerValue());
        in.setHeader(StripeSyncConstants.RESOURCE, record.resource());
        in.setHeader(StripeSyncConstants.OBJECT_ID, record.objectId());
        in.setHeader(StripeSyncConstants.OBJECT_CREATED, record.objectCreated());
        in.setHeader(StripeSyncConstants.LIVEMODE, record.livemode());
        in.setHeader(StripeSyncConstants.API_VERSION, record.apiVersion());
        if (record.account() != null) {
            in.setHeader(StripeSyncConstants.ACCOUNT, record.account());
        }
        if (record.eventId() != null) {
            in.setHeader(StripeSyncConstants.EVENT_ID, record.eventId());
            in.setHeader(StripeSyncConstants.EVENT_TYPE, record.eventType());
            in.setHeader(StripeSyncConstants.EVENT_CREATED, record.eventCreated());
        }
        if (record.type() == ChangeType.SNAPSHOT || record.type() == ChangeType.SNAPSHOT_COMPLETE) {
            in.setHeader(StripeSyncConstants.SNAPSHOT_START, record.after().watermark(record.resource()));
        }
        // a pushed event's record has no position of its own: the stream's tells its round
        Round round = (record.after() != null ? record.after() : current).round(record.resource());
        if (round != null) {
            in.setHeader(StripeSyncConstants.ROUND, round.id());
            if (record.type() == ChangeType.SNAPSHOT_COMPLETE) {
                in.setHeader(StripeSyncConstants.ROUND_PARTIAL, round.partial());
            }
        }
        if (claim > 0) {
            in.setHeader(StripeSyncConstants.CLAIM, claim);
        }
        if (record.previousAttributes() != null) {
            in.setHeader(StripeSyncConstants.PREVIOUS_ATTRIBUTES, StripeSyncConverters.toMap(record.previousAttributes()));
        }
    }

    /** The body of an object of the one resource (a producer's). */
    Object body(JsonObject object) {
        return body(modelClasses.keySet().iterator().next(), object);
    }

    /** @param resource the catalog name of the object's resource */
    Object body(String resource, JsonObject object) {
        return switch (bodyType) {
            case json -> object.toString();
            case map -> StripeSyncConverters.toMap(object);
            case object -> StripeJson.toModel(object, modelClasses.get(resource));
        };
    }
}
