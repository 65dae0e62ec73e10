package io.stripesync.camel.source;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import io.stripesync.camel.catalog.NestedList;
import io.stripesync.camel.catalog.StripeResource;
import io.stripesync.camel.client.ListPages;
import io.stripesync.camel.client.StripeGateway;

/**
 * Completes the lists Stripe embeds in an object: an invoice's {@code lines}, a subscription's {@code items} and the
 * others the catalog names carry at most 10 items with {@code has_more: true}, in list pages and event payloads alike
 * ({@code /v1/events} takes no {@code expand}). A list that says it has more is read whole from its own endpoint, through
 * the same gateway and so under the same rate limiter, and replaces the embedded one.
 */
public final class NestedListReader {

    private final StripeGateway gateway;
    private final StripeResource resource;

    public NestedListReader(StripeGateway gateway, StripeResource resource) {
        this.gateway = gateway;
        this.resource = resource;
    }

    /**
     * The object with every nested list whole. The object given is left as it is; a copy is made only when a list
     * needed completing.
     *
     * @return the completed object, or null when Stripe no longer has the object (its lists answer 404): the caller
     *         keeps what it had, the object's deletion follows
     */
    public JsonObject complete(JsonObject object) throws StripeException {
        JsonObject result = object;
        for (NestedList nested : resource.nestedLists()) {
            JsonElement value = result.get(nested.field());
            if (value == null || !value.isJsonObject() || !hasMore(value.getAsJsonObject())) {
                continue;
            }
            String parentId = result.get("id").getAsString();
            JsonArray all = new JsonArray();
            ListPages pages = new ListPages(gateway, nested.pathFor(parentId), nested.paramsFor(parentId), null, false, 0);
            try {
                for (JsonObject item = pages.nextOrNull(); item != null; item = pages.nextOrNull()) {
                    all.add(item);
                }
            } catch (InvalidRequestException e) {
                if (e.getStatusCode() != null && e.getStatusCode() == 404) {
                    return null;
                }
                throw e;
            }
            if (result == object) {
                result = object.deepCopy();
            }
            JsonObject list = result.getAsJsonObject(nested.field());
            list.add("data", all);
            list.addProperty("has_more", false);
        }
        return result;
    }

    private static boolean hasMore(JsonObject list) {
        JsonElement more = list.get("has_more");
        return more != null && more.isJsonPrimitive() && more.getAsBoolean();
    }
}
