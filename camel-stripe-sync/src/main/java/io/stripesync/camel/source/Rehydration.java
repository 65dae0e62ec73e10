package io.stripesync.camel.source;

import java.util.Map;
import java.util.Optional;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import io.stripesync.camel.catalog.Operation;
import io.stripesync.camel.catalog.StripeResource;
import io.stripesync.camel.client.StripeGateway;

/**
 * Reads a change's object again, at the pinned API version and as it is now. Used for events rendered at another API
 * version, and for events that may not be their object's newest (same-second ties, late-visible events): a record
 * carrying the current state is right whatever order it reaches the route in. Deletions keep their payload, which is
 * all Stripe has left; an object found gone turns its record into a deletion.
 */
public final class Rehydration {

    private final StripeGateway gateway;
    private final RehydrateMode mode;
    private final String itemPath;

    public Rehydration(StripeGateway gateway, StripeResource resource, String account, RehydrateMode mode) {
        this.gateway = gateway;
        this.mode = mode;
        boolean retrievable = resource.itemPath() != null && resource.supports(Operation.RETRIEVE);
        this.itemPath = retrievable ? resource.itemPath().replace("{account}", account == null ? "" : account) : null;
    }

    public RehydrateMode mode() {
        return mode;
    }

    /** Whether the record is to carry the object as read now rather than its payload. */
    public boolean wanted(ChangeRecord record, boolean orderUncertain) {
        if (itemPath == null || mode == RehydrateMode.never || record.type() == ChangeType.DELETE) {
            return false;
        }
        return mode == RehydrateMode.always || orderUncertain
               || !StripeGateway.API_VERSION.equals(record.apiVersion());
    }

    /**
     * The record with its object as Stripe has it now; a deletion when Stripe no longer has it.
     *
     * @param readThisPoll objects already read in the same poll, by id (empty when gone), so an object is read once
     */
    public ChangeRecord apply(ChangeRecord record, Map<String, Optional<JsonObject>> readThisPoll) throws StripeException {
        String id = record.objectId();
        Optional<JsonObject> current = readThisPoll.get(id);
        if (current == null) {
            current = Optional.ofNullable(retrieve(id));
            readThisPoll.put(id, current);
        }
        return current.map(o -> record.withObject(o, StripeGateway.API_VERSION)).orElseGet(record::asDeletion);
    }

    private JsonObject retrieve(String id) throws StripeException {
        try {
            JsonObject object = gateway.get(itemPath.replace("{id}", java.net.URLEncoder.encode(id,
                    java.nio.charset.StandardCharsets.UTF_8)), null);
            JsonElement deleted = object.get("deleted");
            return deleted != null && deleted.isJsonPrimitive() && deleted.getAsBoolean() ? null : object;
        } catch (InvalidRequestException e) {
            if (e.getStatusCode() != null && e.getStatusCode() == 404) {
                return null;
            }
            throw e;
        }
    }
}
