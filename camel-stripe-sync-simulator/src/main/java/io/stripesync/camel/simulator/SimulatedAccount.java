package io.stripesync.camel.simulator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.stripe.param.WebhookEndpointCreateParams;
import io.stripesync.camel.simulator.ApiSurface.Action;
import io.stripesync.camel.simulator.ApiSurface.ApiObject;

/**
 * The objects and events of one Stripe account (the platform, or a connected account). Every method runs under the
 * simulator's lock, which the caller holds.
 */
final class SimulatedAccount {

    private final StripeSimulator sim;
    final String accountId;
    private final Map<String, ObjectStore> stores = new HashMap<>();
    private final AccountEvents events;
    private final EmbeddedLists embedded;
    private final AccountLists lists;

    SimulatedAccount(StripeSimulator sim, String accountId) {
        this.sim = sim;
        this.accountId = accountId;
        this.events = new AccountEvents(sim, accountId);
        this.embedded = new EmbeddedLists(sim, this::store);
        this.lists = new AccountLists(this::store, this::render);
    }

    ObjectStore store(ApiObject resource) {
        return store(resource.name());
    }

    private ObjectStore store(String name) {
        return stores.computeIfAbsent(name, n -> new ObjectStore());
    }

    /** This account's events. */
    AccountEvents events() {
        return events;
    }

    // ---- embedded lists: EmbeddedLists --------------------------------------------------------------------------

    private JsonObject render(String resource, JsonObject object, boolean whole) {
        return embedded.render(resource, object, whole);
    }

    private JsonObject render(ApiObject resource, JsonObject object) {
        return render(resource.name(), object, false);
    }

    JsonObject listNested(NestedCollections.Relation relation, String parentId, Map<String, Object> params, String url) {
        return embedded.list(relation, parentId, params, url);
    }

    /** A change to a parent's items is a change of the parent: Stripe emits its .updated event. */
    private void parentItemsChanged(NestedCollections.Relation relation, String parentId, JsonObject before,
                                    Request request) {
        ApiObject parent = sim.apiObject(relation.parent());
        StoredObject stored = store(parent).get(parentId);
        if (stored == null) {
            return;
        }
        JsonObject now = render(parent, stored.json());
        JsonObject previous = new JsonObject();
        previous.add(relation.field(), before.get(relation.field()));
        events.record(parent, "updated", now, previous, request);
    }

    // ---- objects ------------------------------------------------------------------------------------------------

    JsonObject create(ApiObject resource, Map<String, Object> params, boolean fromForm, Request request) {
        for (String key : params.keySet()) {
            if (FormValues.READ_ONLY.contains(key)) {
                throw StripeApiError.unknownParameter(key);
            }
        }
        Optional<NestedCollections.Relation> asItem = NestedCollections.ofChild(resource.name());
        if (asItem.isPresent()) {
            // e.g. POST /v1/subscription_items: an item of its parent's embedded list
            NestedCollections.Relation relation = asItem.get();
            Object parentId = params.get(relation.parentField());
            if (!(parentId instanceof String id) || store(relation.parent()).get(id) == null) {
                throw StripeApiError.missing(relation.parent(), String.valueOf(parentId), relation.parentField());
            }
            JsonObject before = embedded.renderedParent(relation, id);
            StoredObject item = embedded.addChild(relation, id, params, fromForm);
            parentItemsChanged(relation, id, before, request);
            return item.json();
        }
        if (resource.name().equals("webhook_endpoint")) {
            // Stripe requires both (API reference, "Create a webhook endpoint")
            for (String required : List.of("url", "enabled_events")) {
                if (!params.containsKey(required)) {
                    throw StripeApiError.invalidRequest(required, "Missing required param: " + required + ".");
                }
            }
            // Stripe takes only the types of its enabled_events enum (stripe-java's copy of it) or "*"
            Object enabled = params.get("enabled_events");
            Collection<?> asked = enabled instanceof Collection<?> c ? c
                    : enabled instanceof Map<?, ?> m ? m.values() : List.of(enabled);
            Set<String> known = new HashSet<>(List.of("*"));
            for (WebhookEndpointCreateParams.EnabledEvent e
                    : WebhookEndpointCreateParams.EnabledEvent.values()) {
                known.add(e.getValue());
            }
            for (Object type : asked) {
                if (!known.contains(String.valueOf(type))) {
                    throw StripeApiError.invalidRequest("enabled_events", "Invalid enabled_events: " + type
                                                                          + " is not a valid event type.");
                }
            }
            params = new LinkedHashMap<>(params);
            params.put("status", "enabled");
        }
        JsonObject object = render(resource, insert(resource, sim.clock().nowSeconds(), params, fromForm));
        if (resource.name().equals("webhook_endpoint") && accountId == null) {
            // Stripe answers the signing secret once, at creation; deliveries start at once
            String secret = "whsec_" + sim.webhooks().token(32);
            List<String> enabled = new ArrayList<>();
            if (object.has("enabled_events") && object.get("enabled_events").isJsonArray()) {
                object.getAsJsonArray("enabled_events").forEach(e -> enabled.add(e.getAsString()));
            }
            // an endpoint made without api_version takes the account's: Stripe renders its events as the account's
            JsonElement version = object.get("api_version");
            // connect=true: the connected accounts' events, each with its account (Stripe's Connect webhooks)
            sim.webhooks().register(object.get("id").getAsString(), object.get("url").getAsString(), secret, enabled,
                    version == null || version.isJsonNull() ? null : version.getAsString(),
                    "true".equals(String.valueOf(params.get("connect"))));
            events.record(resource, "created", object, null, request);
            JsonObject answer = object.deepCopy();
            answer.addProperty("secret", secret);
            return answer;
        }
        events.record(resource, "created", object, null, request);
        return object;
    }

    /** Bulk insert of pre-existing objects: no events, as if created long before the event retention window. */
    void seed(ApiObject resource, long created, Map<String, Object> fields) {
        insert(resource, created, fields, false);
    }

    private JsonObject insert(ApiObject resource, long created, Map<String, Object> fields, boolean fromForm) {
        String id = sim.newId(IdPrefixes.of(resource.name()));
        JsonObject object = new JsonObject();
        object.addProperty("id", id);
        object.addProperty("object", resource.name());
        object.addProperty("created", created);
        object.addProperty("livemode", false);
        object.add("metadata", new JsonObject());
        List<NestedCollections.Relation> relations = NestedCollections.of(resource.name());
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            boolean items = relations.stream().anyMatch(r -> e.getKey().equals(r.createParam()));
            if (!e.getKey().equals("expand") && !items) {
                object.add(e.getKey(), FormValues.toJson(e.getValue(), e.getKey(), fromForm, false));
            }
        }
        store(resource).put(new StoredObject(id, new OrderKey(created, sim.nextSeq()), object.toString()));
        for (NestedCollections.Relation relation : relations) {
            Object items = fields.get(relation.createParam());
            if (items != null) {
                embedded.addChildren(relation, id, items, fromForm);
            }
        }
        return object;
    }

    JsonObject retrieve(ApiObject resource, String id) {
        return render(resource, existing(resource, id, "id").json());
    }

    JsonObject update(ApiObject resource, String id, Map<String, Object> params, boolean fromForm, Request request) {
        StoredObject stored = existing(resource, id, "id");
        JsonObject object = stored.json();
        if ("subscription".equals(resource.name()) && object.has("status")
            && "canceled".equals(object.get("status").getAsString())) {
            throw StripeApiError.invalidRequest(null, "A canceled subscription can only update its cancellation_details"
                                                      + " and metadata.");
        }
        JsonObject previous = new JsonObject();
        JsonObject before = render(resource.name(), object.deepCopy(), false);
        Optional<NestedCollections.Relation> asItem = NestedCollections.ofChild(resource.name());
        JsonObject parentBefore = asItem.map(r -> embedded.renderedParent(r, object.get(r.parentField()).getAsString())).orElse(null);
        for (Map.Entry<String, Object> e : params.entrySet()) {
            String key = e.getKey();
            if (key.equals("expand")) {
                continue;
            }
            NestedCollections.Relation relation = NestedCollections.of(resource.name()).stream()
                    .filter(r -> key.equals(r.createParam()) && r.ownPath() == null).findFirst().orElse(null);
            if (relation != null) {
                embedded.updateItems(relation, id, e.getValue(), fromForm);
                previous.add(relation.field(), before.get(relation.field()));
                continue;
            }
            if (FormValues.READ_ONLY.contains(key)) {
                throw StripeApiError.unknownParameter(key);
            }
            if (key.equals("metadata")) {
                mergeMetadata(object, e.getValue(), previous, fromForm);
                continue;
            }
            JsonElement value = FormValues.toJson(e.getValue(), key, fromForm, false);
            JsonElement old = object.get(key);
            if (!value.equals(old == null ? JsonNull.INSTANCE : old)) {
                previous.add(key, old == null ? JsonNull.INSTANCE : old);
                object.add(key, value);
            }
        }
        if (previous.size() > 0) {
            stored.replace(object);
            events.record(resource, "updated", render(resource, object.deepCopy()), previous, request);
        }
        if (asItem.isPresent() && previous.size() > 0) {
            parentItemsChanged(asItem.get(), object.get(asItem.get().parentField()).getAsString(), parentBefore, request);
        }
        return render(resource, object);
    }

    /** Subscription-style item updates: an entry with an id changes (or, with deleted, removes) that item, else adds. */
    private void mergeMetadata(JsonObject object, Object value, JsonObject previous, boolean fromForm) {
        JsonObject metadata = object.has("metadata") && object.get("metadata").isJsonObject()
                ? object.getAsJsonObject("metadata") : new JsonObject();
        JsonObject before = metadata.deepCopy();
        JsonObject changed = new JsonObject();
        if (value instanceof String s && s.isEmpty()) {
            metadata.keySet().forEach(k -> changed.add(k, before.get(k)));
            metadata = new JsonObject();
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String k = String.valueOf(e.getKey());
                String v = e.getValue() == null ? "" : String.valueOf(e.getValue());
                JsonElement old = before.get(k);
                if (v.isEmpty()) {
                    if (old != null) {
                        metadata.remove(k);
                        changed.add(k, old);
                    }
                } else if (old == null || !old.getAsString().equals(v)) {
                    metadata.addProperty(k, v);
                    changed.add(k, old == null ? JsonNull.INSTANCE : old);
                }
            }
        } else {
            throw StripeApiError.invalidRequest("metadata", "Invalid hash");
        }
        object.add("metadata", metadata);
        if (changed.size() > 0) {
            previous.add("metadata", changed);
        }
    }

    JsonObject delete(ApiObject resource, String id, Request request) {
        StoredObject stored = existing(resource, id, "id");
        if (resource.name().equals("webhook_endpoint")) {
            sim.webhooks().unregister(id);
        }
        JsonObject last = render(resource, stored.json());
        store(resource).remove(id);
        Optional<NestedCollections.Relation> asItem = NestedCollections.ofChild(resource.name());
        if (asItem.isPresent()) {
            String parentId = last.get(asItem.get().parentField()).getAsString();
            JsonObject parentBefore = embedded.renderedParent(asItem.get(), parentId);
            embedded.items(asItem.get(), parentId).remove(id);
            parentItemsChanged(asItem.get(), parentId, parentBefore, request);
        }
        embedded.parentDeleted(resource.name(), id);
        events.record(resource, "deleted", last, null, request);
        JsonObject deleted = new JsonObject();
        deleted.addProperty("id", id);
        deleted.addProperty("object", resource.name());
        deleted.addProperty("deleted", true);
        return deleted;
    }

    JsonObject action(ApiObject resource, Action action, String id, Map<String, Object> params,
                      Request request) {
        StoredObject stored = existing(resource, id, "id");
        JsonObject object = stored.json();
        NestedCollections.Relation lines = NestedCollections.of(resource.name()).stream()
                .filter(r -> r.ownPath() != null).findFirst().orElse(null);
        if (lines != null && (action.name().equals("add_lines") || action.name().equals("remove_lines"))) {
            JsonObject before = render(resource, object.deepCopy());
            if (action.name().equals("add_lines")) {
                embedded.addChildren(lines, id, params.get("lines"), true);
            } else {
                embedded.removeChildren(lines, id, params.get("lines"));
            }
            JsonObject now = render(resource, object);
            JsonObject previous = new JsonObject();
            previous.add(lines.field(), before.get(lines.field()));
            events.record(resource, "updated", now, previous, request);
            return now;
        }
        ActionEffects.Effect effect = ActionEffects.of(action.name());
        JsonObject previous = new JsonObject();
        effect.fields().forEach((k, v) -> {
            JsonElement old = object.get(k);
            JsonElement now = FormValues.toJson(v, k, false, false);
            if (!now.equals(old)) {
                previous.add(k, old == null ? JsonNull.INSTANCE : old);
                object.add(k, now);
            }
        });
        if ("DELETE".equals(action.method()) && action.path().equals(resource.itemPath())) {
            // subscription cancel: Stripe's DELETE on the item. The subscription stays, canceled and retrievable; it
            // leaves the default list (status=all lists it) and Stripe emits customer.subscription.deleted.
            long now = sim.clock().nowSeconds();
            object.addProperty("canceled_at", now);
            object.addProperty("ended_at", now);
            stored.replace(object);
            JsonObject rendered = render(resource, object);
            events.record(resource, "deleted", rendered, null, request);
            return rendered;
        }
        stored.replace(object);
        render(resource, object);
        String pastTense = effect.eventSuffix();
        if (pastTense != null && events.emittedType(resource, pastTense) != null) {
            events.record(resource, pastTense, object, previous.size() > 0 ? previous : null, request);
        } else if (previous.size() > 0) {
            events.record(resource, "updated", object, previous, request);
        }
        return object;
    }

    private StoredObject existing(ApiObject resource, String id, String param) {
        StoredObject stored = store(resource).get(id);
        if (stored == null) {
            throw StripeApiError.missing(resource.name(), id, param);
        }
        return stored;
    }

    // ---- lists and search: AccountLists ------------------------------------------------------------------------

    JsonObject list(ApiObject resource, Map<String, Object> params, String url) {
        return lists.list(resource, params, url);
    }

    JsonObject search(ApiObject resource, Map<String, Object> params, String url) {
        return lists.search(resource, params, url);
    }

    List<JsonObject> objects(ApiObject resource) {
        List<JsonObject> all = new ArrayList<>();
        store(resource).newestFirst().forEach(o -> all.add(render(resource.name(), o.json(), true)));
        return all;
    }

    int count(ApiObject resource) {
        return store(resource).size();
    }
}
