package io.stripesync.camel.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.stripesync.camel.simulator.ApiSurface.Action;
import io.stripesync.camel.simulator.ApiSurface.ApiObject;

/**
 * The objects and events of one Stripe account (the platform, or a connected account). Every method runs under the
 * simulator's lock, which the caller holds.
 */
final class SimulatedAccount {

    private static final Gson GSON = new Gson();
    private static final Set<String> READ_ONLY = Set.of("id", "object", "created", "livemode");
    private static final Set<String> STRING_FIELDS = Set.of("phone", "postal_code", "line1", "line2", "description",
            "name", "email", "number", "account_number", "routing_number", "value", "query", "nickname", "statement_descriptor");
    private static final Set<String> LIST_PARAMS = Set.of("limit", "starting_after", "ending_before", "created", "expand");
    /** Lists that do not page (a connected account's capabilities, report types). */
    private static final Set<String> UNPAGED = Set.of("capability", "reporting.report_type");

    private final StripeSimulator sim;
    final String accountId;
    private final Map<String, ObjectStore> stores = new HashMap<>();
    private final AccountEvents events;
    /** The items of each embedded list, by relation and parent id, in list order. */
    private final Map<String, ObjectStore> children = new HashMap<>();

    SimulatedAccount(StripeSimulator sim, String accountId) {
        this.sim = sim;
        this.accountId = accountId;
        this.events = new AccountEvents(sim, accountId);
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

    // ---- embedded lists ------------------------------------------------------------------------------------------

    private ObjectStore children(NestedCollections.Relation relation, String parentId) {
        return children.computeIfAbsent(relation.child() + "|" + parentId, k -> new ObjectStore());
    }

    /** The object as Stripe shows it: each embedded list with its first 10 items, or all of them when whole. */
    private JsonObject render(String resource, JsonObject object, boolean whole) {
        for (NestedCollections.Relation relation : NestedCollections.of(resource)) {
            String parentId = object.get("id").getAsString();
            ObjectStore items = children(relation, parentId);
            ObjectStore.GenericPage<StoredObject> page = items.page(CreatedRange.ALL, null, null,
                    whole ? Integer.MAX_VALUE : NestedCollections.EMBEDDED, o -> true);
            JsonArray data = new JsonArray();
            page.items().forEach(o -> data.add(o.json()));
            object.add(relation.field(), listJson(data, page.hasMore(), relation.url(parentId)));
        }
        return object;
    }

    private JsonObject render(ApiObject resource, JsonObject object) {
        return render(resource.name(), object, false);
    }

    /** Adds items to a parent's embedded list; each is a map of the item's fields. */
    private void addChildren(NestedCollections.Relation relation, String parentId, Object items, boolean fromForm) {
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
    private StoredObject addChild(NestedCollections.Relation relation, String parentId, Map<?, ?> fields, boolean fromForm) {
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
            if (!READ_ONLY.contains(k) && !k.equals(relation.parentField())) {
                item.add(k, toJson(v, k, fromForm, false));
            }
        });
        item.addProperty(relation.parentField(), parentId);
        StoredObject stored = new StoredObject(id, new OrderKey(created, sim.nextSeq()), item.toString());
        children(relation, parentId).put(stored);
        if (relation.ownPath() == null) {
            store(relation.child()).put(stored);
        }
        return stored;
    }

    /** The items of one parent's list, paged like any Stripe list; 404 when the parent does not exist. */
    JsonObject listNested(NestedCollections.Relation relation, String parentId, Map<String, Object> params, String url) {
        for (String key : params.keySet()) {
            if (!Set.of("limit", "starting_after", "ending_before", "expand").contains(key)) {
                throw StripeApiError.unknownParameter(key);
            }
        }
        if (store(relation.parent()).get(parentId) == null) {
            throw StripeApiError.missing(relation.parent(), parentId, "id");
        }
        ObjectStore items = children(relation, parentId);
        String[] cursors = cursors(params);
        OrderKey after = cursors[0] == null ? null : childKey(items, cursors[0], "starting_after");
        OrderKey before = cursors[1] == null ? null : childKey(items, cursors[1], "ending_before");
        ObjectStore.GenericPage<StoredObject> page = items.page(CreatedRange.ALL, after, before, limit(params), o -> true);
        JsonArray data = new JsonArray();
        page.items().forEach(o -> data.add(o.json()));
        return listJson(data, page.hasMore(), url);
    }

    private static OrderKey childKey(ObjectStore items, String id, String param) {
        StoredObject o = items.get(id);
        if (o == null) {
            throw new StripeApiError(400, "invalid_request_error", "resource_missing", param, "No such item: '" + id + "'");
        }
        return o.key;
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

    private JsonObject renderedParent(NestedCollections.Relation relation, String parentId) {
        StoredObject stored = store(relation.parent()).get(parentId);
        return stored == null ? new JsonObject() : render(relation.parent(), stored.json(), false);
    }

    // ---- objects ------------------------------------------------------------------------------------------------

    JsonObject create(ApiObject resource, Map<String, Object> params, boolean fromForm, Request request) {
        for (String key : params.keySet()) {
            if (READ_ONLY.contains(key)) {
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
            JsonObject before = renderedParent(relation, id);
            StoredObject item = addChild(relation, id, params, fromForm);
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
            java.util.Collection<?> asked = enabled instanceof java.util.Collection<?> c ? c
                    : enabled instanceof Map<?, ?> m ? m.values() : List.of(enabled);
            java.util.Set<String> known = new java.util.HashSet<>(List.of("*"));
            for (com.stripe.param.WebhookEndpointCreateParams.EnabledEvent e
                    : com.stripe.param.WebhookEndpointCreateParams.EnabledEvent.values()) {
                known.add(e.getValue());
            }
            for (Object type : asked) {
                if (!known.contains(String.valueOf(type))) {
                    throw StripeApiError.invalidRequest("enabled_events", "Invalid enabled_events: " + type
                                                                          + " is not a valid event type.");
                }
            }
            params = new java.util.LinkedHashMap<>(params);
            params.put("status", "enabled");
        }
        JsonObject object = render(resource, insert(resource, sim.clock().nowSeconds(), params, fromForm));
        if (resource.name().equals("webhook_endpoint") && accountId == null) {
            // Stripe answers the signing secret once, at creation; deliveries start at once
            String secret = "whsec_" + sim.webhooks().token(32);
            java.util.List<String> enabled = new java.util.ArrayList<>();
            if (object.has("enabled_events") && object.get("enabled_events").isJsonArray()) {
                object.getAsJsonArray("enabled_events").forEach(e -> enabled.add(e.getAsString()));
            }
            // an endpoint made without api_version takes the account's: Stripe renders its events as the account's
            JsonElement version = object.get("api_version");
            sim.webhooks().register(object.get("id").getAsString(), object.get("url").getAsString(), secret, enabled,
                    version == null || version.isJsonNull() ? null : version.getAsString());
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
                object.add(e.getKey(), toJson(e.getValue(), e.getKey(), fromForm, false));
            }
        }
        store(resource).put(new StoredObject(id, new OrderKey(created, sim.nextSeq()), object.toString()));
        for (NestedCollections.Relation relation : relations) {
            Object items = fields.get(relation.createParam());
            if (items != null) {
                addChildren(relation, id, items, fromForm);
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
        JsonObject parentBefore = asItem.map(r -> renderedParent(r, object.get(r.parentField()).getAsString())).orElse(null);
        for (Map.Entry<String, Object> e : params.entrySet()) {
            String key = e.getKey();
            if (key.equals("expand")) {
                continue;
            }
            NestedCollections.Relation relation = NestedCollections.of(resource.name()).stream()
                    .filter(r -> key.equals(r.createParam()) && r.ownPath() == null).findFirst().orElse(null);
            if (relation != null) {
                updateItems(relation, id, e.getValue(), fromForm);
                previous.add(relation.field(), before.get(relation.field()));
                continue;
            }
            if (READ_ONLY.contains(key)) {
                throw StripeApiError.unknownParameter(key);
            }
            if (key.equals("metadata")) {
                mergeMetadata(object, e.getValue(), previous, fromForm);
                continue;
            }
            JsonElement value = toJson(e.getValue(), key, fromForm, false);
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
    private void updateItems(NestedCollections.Relation relation, String parentId, Object value, boolean fromForm) {
        if (!(value instanceof List<?> list)) {
            throw StripeApiError.invalidRequest(relation.createParam(), "Invalid array");
        }
        ObjectStore items = children(relation, parentId);
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
                store(relation.child()).remove(item.id);
                continue;
            }
            JsonObject json = item.json();
            fields.forEach((k, v) -> {
                if (!"id".equals(k)) {
                    json.add(String.valueOf(k), toJson(v, String.valueOf(k), fromForm, false));
                }
            });
            item.replace(json);
        }
    }

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
            JsonObject parentBefore = renderedParent(asItem.get(), parentId);
            children(asItem.get(), parentId).remove(id);
            parentItemsChanged(asItem.get(), parentId, parentBefore, request);
        }
        for (NestedCollections.Relation relation : NestedCollections.of(resource.name())) {
            children.remove(relation.child() + "|" + id);
        }
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
                addChildren(lines, id, params.get("lines"), true);
            } else {
                removeChildren(lines, id, params.get("lines"));
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
            JsonElement now = toJson(v, k, false, false);
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

    private void removeChildren(NestedCollections.Relation relation, String parentId, Object value) {
        if (!(value instanceof List<?> list)) {
            throw StripeApiError.invalidRequest("lines", "Invalid array");
        }
        ObjectStore items = children(relation, parentId);
        for (Object entry : list) {
            Object lineId = entry instanceof Map<?, ?> m ? m.get("id") : null;
            if (lineId == null || items.remove(String.valueOf(lineId)) == null) {
                throw StripeApiError.missing(relation.child(), String.valueOf(lineId), "lines");
            }
        }
    }

    private StoredObject existing(ApiObject resource, String id, String param) {
        StoredObject stored = store(resource).get(id);
        if (stored == null) {
            throw StripeApiError.missing(resource.name(), id, param);
        }
        return stored;
    }

    // ---- lists and search ---------------------------------------------------------------------------------------

    JsonObject list(ApiObject resource, Map<String, Object> params, String url) {
        Map<String, String> equals = new LinkedHashMap<>();
        boolean hideCanceled = false;
        if ("subscription".equals(resource.name())) {
            // Stripe: "If no value is supplied, all subscriptions that have not been canceled are returned"; all lists all
            params = new LinkedHashMap<>(params);
            Object status = params.remove("status");
            if (status == null) {
                hideCanceled = true;
            } else if (!"all".equals(status)) {
                params.put("status", status);
            }
        }
        if (UNPAGED.contains(resource.name())) {
            // Stripe's reference: these lists take no limit or cursors and answer every object at once
            for (String key : params.keySet()) {
                if (!key.equals("expand")) {
                    throw StripeApiError.unknownParameter(key);
                }
            }
            JsonArray all = new JsonArray();
            store(resource).newestFirst().forEach(o -> all.add(render(resource, o.json())));
            return listJson(all, false, url);
        }
        for (Map.Entry<String, Object> e : params.entrySet()) {
            if (e.getKey().equals("created") && !resource.listsByCreated()) {
                throw StripeApiError.unknownParameter("created");
            }
            if (!LIST_PARAMS.contains(e.getKey())) {
                if (!(e.getValue() instanceof String s)) {
                    throw StripeApiError.unknownParameter(e.getKey());
                }
                equals.put(e.getKey(), s);
            }
        }
        int limit = limit(params);
        CreatedRange range = CreatedRange.parse(params.get("created"));
        ObjectStore store = store(resource);
        String[] cursors = cursors(params);
        OrderKey after = cursors[0] == null ? null : cursorKey(resource, store, cursors[0], "starting_after");
        OrderKey before = cursors[1] == null ? null : cursorKey(resource, store, cursors[1], "ending_before");
        boolean hidden = hideCanceled;
        Predicate<JsonObject> hiddenUnlessAsked = hiddenUnlessAsked(resource.name(), params);
        Predicate<StoredObject> filter = equals.isEmpty() && !hidden && hiddenUnlessAsked == null ? o -> true : o -> {
            JsonObject json = o.json();
            if (hidden && json.has("status") && "canceled".equals(json.get("status").getAsString())) {
                return false;
            }
            if (hiddenUnlessAsked != null && hiddenUnlessAsked.test(json)) {
                return false;
            }
            for (Map.Entry<String, String> e : equals.entrySet()) {
                JsonElement v = json.get(e.getKey());
                if (v == null || !v.isJsonPrimitive() || !v.getAsString().equals(e.getValue())) {
                    return false;
                }
            }
            return true;
        };
        ObjectStore.GenericPage<StoredObject> page = store.page(range, after, before, limit, filter);
        JsonArray data = new JsonArray();
        page.items().forEach(o -> data.add(render(resource, o.json())));
        return listJson(data, page.hasMore(), url);
    }

    /**
     * Objects Stripe's lists leave out unless a filter asks for them (Stripe's API reference, list parameters): objects
     * on a test clock without test_clock (subscriptions: or customer), subscription schedules of customers on a test
     * clock without customer, custom payment methods without type. Null when the list hides nothing.
     */
    private Predicate<JsonObject> hiddenUnlessAsked(String resource, Map<String, Object> params) {
        return switch (resource) {
            case "customer", "quote" -> params.containsKey("test_clock") ? null : SimulatedAccount::onTestClock;
            case "subscription" -> params.containsKey("test_clock") || params.containsKey("customer") ? null
                    : SimulatedAccount::onTestClock;
            case "subscription_schedule" -> params.containsKey("customer") ? null : o -> {
                JsonElement customer = o.get("customer");
                StoredObject c = customer == null || customer.isJsonNull() ? null : store("customer").get(customer.getAsString());
                return c != null && onTestClock(c.json());
            };
            case "payment_method" -> params.containsKey("type") ? null
                    : o -> o.has("type") && "custom".equals(o.get("type").getAsString());
            default -> null;
        };
    }

    private static boolean onTestClock(JsonObject o) {
        JsonElement clock = o.get("test_clock");
        return clock != null && !clock.isJsonNull();
    }

    private OrderKey cursorKey(ApiObject resource, ObjectStore store, String id, String param) {
        StoredObject o = store.get(id);
        if (o == null) {
            throw new StripeApiError(400, "invalid_request_error", "resource_missing", param,
                    "No such " + resource.name() + ": '" + id + "'");
        }
        return o.key;
    }

    JsonObject search(ApiObject resource, Map<String, Object> params, String url) {
        for (String key : params.keySet()) {
            if (!Set.of("query", "limit", "page", "expand").contains(key)) {
                throw StripeApiError.unknownParameter(key);
            }
        }
        SearchQuery query = SearchQuery.parse((String) params.get("query"));
        int limit = limit(params);
        int offset = 0;
        Object page = params.get("page");
        if (page != null) {
            String token = String.valueOf(page);
            if (!token.startsWith("page_")) {
                throw StripeApiError.invalidRequest("page", "Invalid page token: " + token);
            }
            try {
                offset = Integer.parseInt(token.substring(5));
            } catch (NumberFormatException e) {
                throw StripeApiError.invalidRequest("page", "Invalid page token: " + token);
            }
        }
        JsonArray data = new JsonArray();
        int matched = 0;
        boolean hasMore = false;
        for (StoredObject o : store(resource).newestFirst()) {
            JsonObject json = o.json();
            if (!query.matches(json)) {
                continue;
            }
            if (matched++ < offset) {
                continue;
            }
            if (data.size() == limit) {
                hasMore = true;
                break;
            }
            data.add(render(resource, json));
        }
        JsonObject result = new JsonObject();
        result.addProperty("object", "search_result");
        result.add("data", data);
        result.addProperty("has_more", hasMore);
        if (hasMore) {
            result.addProperty("next_page", "page_" + (offset + limit));
        } else {
            result.add("next_page", JsonNull.INSTANCE);
        }
        result.addProperty("url", url);
        return result;
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    static JsonObject listJson(JsonArray data, boolean hasMore, String url) {
        JsonObject list = new JsonObject();
        list.addProperty("object", "list");
        list.add("data", data);
        list.addProperty("has_more", hasMore);
        list.addProperty("url", url);
        return list;
    }

    static String[] cursors(Map<String, Object> params) {
        Object after = params.get("starting_after");
        Object before = params.get("ending_before");
        if (after != null && before != null) {
            throw StripeApiError.invalidRequest("ending_before",
                    "You may only specify one of these parameters: ending_before, starting_after.");
        }
        return new String[] { after == null ? null : String.valueOf(after), before == null ? null : String.valueOf(before) };
    }

    static int limit(Map<String, Object> params) {
        Object raw = params.get("limit");
        if (raw == null) {
            return 10;
        }
        int limit;
        try {
            limit = Integer.parseInt(String.valueOf(raw));
        } catch (NumberFormatException e) {
            throw StripeApiError.invalidRequest("limit", "Invalid integer: " + raw);
        }
        if (limit < 1) {
            throw StripeApiError.invalidRequest("limit", "This value must be greater than or equal to 1.");
        }
        if (limit > 100) {
            throw StripeApiError.invalidRequest("limit", "This value must be less than or equal to 100 (it currently is '"
                                                         + limit + "').");
        }
        return limit;
    }

    /** Form values are strings; Stripe types them. Metadata stays text, as Stripe keeps it. */
    @SuppressWarnings("unchecked")
    private static JsonElement toJson(Object value, String key, boolean fromForm, boolean inMetadata) {
        if (value == null) {
            return JsonNull.INSTANCE;
        }
        if (value instanceof Map<?, ?> map) {
            JsonObject o = new JsonObject();
            boolean metadata = inMetadata || "metadata".equals(key);
            ((Map<String, Object>) map).forEach((k, v) -> o.add(k, toJson(v, k, fromForm, metadata)));
            return o;
        }
        if (value instanceof List<?> list) {
            JsonArray a = new JsonArray();
            list.forEach(v -> a.add(toJson(v, key, fromForm, inMetadata)));
            return a;
        }
        if (value instanceof String s && fromForm && !inMetadata && !STRING_FIELDS.contains(key)) {
            if (s.equals("true") || s.equals("false")) {
                return new JsonPrimitive(Boolean.parseBoolean(s));
            }
            if (!s.isEmpty() && s.length() <= 18 && s.chars().allMatch(Character::isDigit)) {
                return new JsonPrimitive(Long.parseLong(s));
            }
            if (s.isEmpty()) {
                return JsonNull.INSTANCE;
            }
        }
        return GSON.toJsonTree(value);
    }

    /** Live objects of a resource, newest first. */
    List<JsonObject> objects(ApiObject resource) {
        List<JsonObject> all = new ArrayList<>();
        store(resource).newestFirst().forEach(o -> all.add(render(resource.name(), o.json(), true)));
        return all;
    }

    int count(ApiObject resource) {
        return store(resource).size();
    }
}
