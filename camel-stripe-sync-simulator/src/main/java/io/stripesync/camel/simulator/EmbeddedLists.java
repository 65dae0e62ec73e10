package io.stripesync.camel.simulator;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * The lists embedded in objects (an invoice's lines, a subscription's items): their items by parent, the first of them
 * in the object as Stripe renders it, the whole list paged at its own URL, and the items added, changed and removed
 * through the parent's parameters. Runs under the simulator's lock, as the account does.
 */
final class EmbeddedLists {

    private final StripeSimulator sim;
    private final Function<String, ObjectStore> stores;
    /** The items of each embedded list, by relation and parent id, in list order. */
    private final Map<String, ObjectStore> children = new HashMap<>();

    /** @param stores the account's objects of a resource, by name (items that are a resource of their own go there too) */
    EmbeddedLists(StripeSimulator sim, Function<String, ObjectStore> stores) {
        this.sim = sim;
        this.stores = stores;
    }

    ObjectStore items(NestedCollections.Relation relation, String parentId) {
        return children.computeIfAbsent(relation.child() + "|" + parentId, k -> new ObjectStore());
    }

    /** The object as Stripe shows it: each embedded list with its first 10 items, or all of them when whole. */
    JsonObject render(String resource, JsonObject object, boolean whole) {
        for (NestedCollections.Relation relation : NestedCollections.of(resource)) {
            String parentId = object.get("id").getAsString();
            ObjectStore items = items(relation, parentId);
            ObjectStore.GenericPage<StoredObject> page = items.page(CreatedRange.ALL, null, null,
                    whole ? Integer.MAX_VALUE : NestedCollections.EMBEDDED, o -> true);
            JsonArray data = new JsonArray();
            page.items().forEach(o -> data.add(o.json()));
            object.add(relation.field(), ListParams.listJson(data, page.hasMore(), relation.url(parentId)));
        }
        return object;
    }

    /** Adds items to a parent's embedded list; each is a map of the item's fields. */
    void addChildren(NestedCollections.Relation relation, String parentId, Object items, boolean fromForm) {
        if (!(items instanceof List<?> list)) {
            throw StripeApiError.invalidRequest(relation.createParam(), "Invalid array");
        }
        for (Object entry : list) {
            if (!(entry instanceof Map<?, ?> fields)) {
                throw StripeApiError.invalidRequest(relation.createParam(), "Invalid object");
            }
            addChild(relation, parentId, fields, fromForm);
        }
    }

    @SuppressWarnings("unchecked")
    StoredObject addChild(NestedCollections.Relation relation, String parentId, Map<?, ?> fields, boolean fromForm) {
        long created = sim.clock().nowSeconds();
        String id = sim.newId(IdPrefixes.of(relation.child()));
        JsonObject item = new JsonObject();
        item.addProperty("id", id);
        item.addProperty("object", relation.child());
        if (relation.ownPath() == null) {
            // a resource of its own (subscription_item) has a created time; invoice line items have none
            item.addProperty("created", created);
            item.addProperty("current_period_start", created);
            item.addProperty("current_period_end", created + 30L * 24 * 3600);
        }
        item.add("metadata", new JsonObject());
        ((Map<String, Object>) fields).forEach((k, v) -> {
            if (!FormValues.READ_ONLY.contains(k) && !k.equals(relation.parentField())) {
                item.add(k, FormValues.toJson(v, k, fromForm, false));
            }
        });
        item.addProperty(relation.parentField(), parentId);
        StoredObject stored = new StoredObject(id, new OrderKey(created, sim.nextSeq()), item.toString());
        items(relation, parentId).put(stored);
        if (relation.ownPath() == null) {
            stores.apply(relation.child()).put(stored);
        }
        return stored;
    }

    /** The items of one parent's list, paged like any Stripe list; 404 when the parent does not exist. */
    JsonObject list(NestedCollections.Relation relation, String parentId, Map<String, Object> params, String url) {
        for (String key : params.keySet()) {
            if (!Set.of("limit", "starting_after", "ending_before", "expand").contains(key)) {
                throw StripeApiError.unknownParameter(key);
            }
        }
        if (stores.apply(relation.parent()).get(parentId) == null) {
            throw StripeApiError.missing(relation.parent(), parentId, "id");
        }
        ObjectStore items = items(relation, parentId);
        String[] cursors = ListParams.cursors(params);
        OrderKey after = cursors[0] == null ? null : childKey(items, cursors[0], "starting_after");
        OrderKey before = cursors[1] == null ? null : childKey(items, cursors[1], "ending_before");
        ObjectStore.GenericPage<StoredObject> page = items.page(CreatedRange.ALL, after, before, ListParams.limit(params), o -> true);
        JsonArray data = new JsonArray();
        page.items().forEach(o -> data.add(o.json()));
        return ListParams.listJson(data, page.hasMore(), url);
    }

    private static OrderKey childKey(ObjectStore items, String id, String param) {
        StoredObject o = items.get(id);
        if (o == null) {
            throw new StripeApiError(400, "invalid_request_error", "resource_missing", param, "No such item: '" + id + "'");
        }
        return o.key;
    }

    JsonObject renderedParent(NestedCollections.Relation relation, String parentId) {
        StoredObject stored = stores.apply(relation.parent()).get(parentId);
        return stored == null ? new JsonObject() : render(relation.parent(), stored.json(), false);
    }

    void updateItems(NestedCollections.Relation relation, String parentId, Object value, boolean fromForm) {
        if (!(value instanceof List<?> list)) {
            throw StripeApiError.invalidRequest(relation.createParam(), "Invalid array");
        }
        ObjectStore items = items(relation, parentId);
        for (Object entry : list) {
            if (!(entry instanceof Map<?, ?> fields)) {
                throw StripeApiError.invalidRequest(relation.createParam(), "Invalid object");
            }
            Object itemId = fields.get("id");
            if (itemId == null) {
                addChild(relation, parentId, fields, fromForm);
                continue;
            }
            StoredObject item = items.get(String.valueOf(itemId));
            if (item == null) {
                throw StripeApiError.missing(relation.child(), String.valueOf(itemId), relation.createParam());
            }
            if ("true".equals(String.valueOf(fields.get("deleted")))) {
                items.remove(item.id);
                stores.apply(relation.child()).remove(item.id);
                continue;
            }
            JsonObject json = item.json();
            fields.forEach((k, v) -> {
                if (!"id".equals(k)) {
                    json.add(String.valueOf(k), FormValues.toJson(v, String.valueOf(k), fromForm, false));
                }
            });
            item.replace(json);
        }
    }

    void removeChildren(NestedCollections.Relation relation, String parentId, Object value) {
        if (!(value instanceof List<?> list)) {
            throw StripeApiError.invalidRequest("lines", "Invalid array");
        }
        ObjectStore items = items(relation, parentId);
        for (Object entry : list) {
            Object lineId = entry instanceof Map<?, ?> m ? m.get("id") : null;
            if (lineId == null || items.remove(String.valueOf(lineId)) == null) {
                throw StripeApiError.missing(relation.child(), String.valueOf(lineId), "lines");
            }
        }
    }

    /** A deleted parent's lists go with it. */
    void parentDeleted(String resource, String id) {
        for (NestedCollections.Relation relation : NestedCollections.of(resource)) {
            children.remove(relation.child() + "|" + id);
        }
    }
}
