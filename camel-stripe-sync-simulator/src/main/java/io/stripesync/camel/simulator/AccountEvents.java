package io.stripesync.camel.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.stripe.Stripe;
import io.stripesync.camel.simulator.ApiSurface.ApiObject;

/**
 * The events of one account: which type a change emits (Stripe's names, less the types Stripe retired), recording
 * them at the account's API version with Stripe's visibility delays and same-second order, and the /v1/events list
 * and retrieve with their filters, cursors and 30-day retention. Runs under the simulator's lock, as the account does.
 */
final class AccountEvents {

    private static final Set<String> EVENT_LIST_PARAMS = Set.of("limit", "starting_after", "ending_before", "created",
            "expand", "type", "types", "delivery_success");
    static final long EVENT_RETENTION_SECONDS = 30L * 24 * 3600;

    private final StripeSimulator sim;
    private final String accountId;
    private final ConcurrentSkipListMap<OrderKey, StoredEvent> events = new ConcurrentSkipListMap<>();
    private final Map<String, StoredEvent> eventsById = new HashMap<>();
    /** The API version events are rendered at: the account's version when they are created. */
    private String apiVersion = Stripe.API_VERSION;

    AccountEvents(StripeSimulator sim, String accountId) {
        this.sim = sim;
        this.accountId = accountId;
    }

    void apiVersion(String version) {
        this.apiVersion = version;
    }

    /**
     * Event types Stripe's published spec named and Stripe has since stopped sending (invoiceitem.updated was
     * deprecated in 2023 and fully removed by 2024, stripe-node#1984; transfer.paid and transfer.failed went with the
     * 2017 transfer split). Accounts still on them, as during the deprecation window, are modelled by legacyEvents.
     */
    static final Set<String> RETIRED_EVENT_TYPES = Set.of("invoiceitem.updated", "transfer.paid", "transfer.failed");
    private boolean legacyEvents;

    void legacyEvents(boolean on) {
        this.legacyEvents = on;
    }

    /** The type this account emits for the change, or null when it emits none. */
    String emittedType(ApiObject resource, String suffix) {
        String type = eventType(resource, suffix);
        return type != null && RETIRED_EVENT_TYPES.contains(type) && !legacyEvents ? null : type;
    }

    /**
     * The exact event type Stripe uses for this resource and change, or null when Stripe emits none: from the
     * simulator's own knowledge of Stripe's event names (EventNames), never from the component's catalog.
     */
    static String eventType(ApiObject resource, String suffix) {
        return EventNames.of(resource.name(), suffix);
    }

    /** Records the resource's event of this change, unless the account emits none for it. */
    void record(ApiObject resource, String suffix, JsonObject object, JsonObject previous, Request request) {
        String type = emittedType(resource, suffix);
        if (type == null) {
            return;
        }
        record(type, object, previous, request);
    }

    /** Records an event of any type with the given data.object, e.g. customer.discount.created for tests. */
    JsonObject record(String type, JsonObject object, JsonObject previous, Request request) {
        long created = sim.clock().nowSeconds();
        String id = sim.newId("evt_");
        JsonObject event = new JsonObject();
        event.addProperty("id", id);
        event.addProperty("object", "event");
        if (accountId != null) {
            event.addProperty("account", accountId);
        }
        event.addProperty("api_version", apiVersion);
        event.addProperty("created", created);
        JsonObject data = new JsonObject();
        data.add("object", VersionShapes.render(object.deepCopy(), apiVersion));
        if (previous != null) {
            data.add("previous_attributes", previous);
        }
        event.add("data", data);
        event.addProperty("livemode", false);
        event.addProperty("pending_webhooks", 0);
        JsonObject req = new JsonObject();
        req.addProperty("id", request == null ? null : request.requestId());
        req.addProperty("idempotency_key", request == null ? null : request.idempotencyKey());
        event.add("request", req);
        event.addProperty("type", type);
        long delay = sim.faults().nextVisibilityDelayMillis();
        long visibleAt = sim.clock().nowMillis() + delay;
        if (delay > 0) {
            sim.counters().eventDelayed();
        }
        // Stripe's list order within one second is not the order of the changes: ties are broken at random
        StoredEvent stored = new StoredEvent(id, new OrderKey(created, sim.sameSecondOrder()), type, visibleAt,
                event.toString());
        events.put(stored.key(), stored);
        eventsById.put(id, stored);
        sim.counters().eventRecorded();
        if (accountId != null) {
            // rendered at the connected account's version, as Stripe sends a Connect endpoint's events
            String atAccount = event.toString();
            sim.webhooks().eventRecorded(id, type, version -> atAccount, true);
        } else {
            String atAccount = event.toString();
            // an endpoint with an api_version of its own gets the event rendered at it, as Stripe sends it
            sim.webhooks().eventRecorded(id, type, version -> {
                if (version == null || version.equals(apiVersion)) {
                    return atAccount;
                }
                JsonObject rendered = event.deepCopy();
                rendered.addProperty("api_version", version);
                rendered.getAsJsonObject("data").add("object", VersionShapes.render(object.deepCopy(), version));
                return rendered.toString();
            });
        }
        return event;
    }

    JsonObject list(Map<String, Object> params, String url) {
        for (Map.Entry<String, Object> e : params.entrySet()) {
            if (!EVENT_LIST_PARAMS.contains(e.getKey())) {
                throw StripeApiError.unknownParameter(e.getKey());
            }
        }
        if (params.containsKey("type") && params.containsKey("types")) {
            throw StripeApiError.invalidRequest("types", "You may only specify one of these parameters: type, types.");
        }
        Predicate<String> typeFilter = typeFilter(params);
        int limit = ListParams.limit(params);
        CreatedRange range = CreatedRange.parse(params.get("created"));
        long nowMillis = sim.clock().nowMillis();
        long oldestKept = sim.clock().nowSeconds() - EVENT_RETENTION_SECONDS;
        Predicate<StoredEvent> visible = e -> e.visibleAtMillis() <= nowMillis && e.created() >= oldestKept;
        String[] cursors = ListParams.cursors(params);
        OrderKey after = cursors[0] == null ? null : eventCursor(cursors[0], "starting_after", visible);
        OrderKey before = cursors[1] == null ? null : eventCursor(cursors[1], "ending_before", visible);
        ObjectStore.GenericPage<StoredEvent> page = ObjectStore.page(events, range, after, before, limit,
                e -> visible.test(e) && typeFilter.test(e.type()), StoredEvent::key);
        JsonArray data = new JsonArray();
        page.items().forEach(e -> {
            JsonObject json = e.toJson();
            data.add(json);
            sim.counters().eventServed(json.getAsJsonObject("data").getAsJsonObject("object").get("object").getAsString());
        });
        return ListParams.listJson(data, page.hasMore(), url);
    }

    JsonObject retrieve(String id) {
        StoredEvent e = eventsById.get(id);
        long oldestKept = sim.clock().nowSeconds() - EVENT_RETENTION_SECONDS;
        if (e == null || e.visibleAtMillis() > sim.clock().nowMillis() || e.created() < oldestKept) {
            throw StripeApiError.missing("event", id, "id");
        }
        return e.toJson();
    }

    private OrderKey eventCursor(String id, String param, Predicate<StoredEvent> visible) {
        StoredEvent e = eventsById.get(id);
        if (e == null || !visible.test(e)) {
            throw new StripeApiError(400, "invalid_request_error", "resource_missing", param, "No such event: '" + id + "'");
        }
        return e.key();
    }

    @SuppressWarnings("unchecked")
    private static Predicate<String> typeFilter(Map<String, Object> params) {
        Object types = params.get("types");
        if (types != null) {
            if (!(types instanceof List<?> list)) {
                throw StripeApiError.invalidRequest("types", "Invalid array");
            }
            if (list.size() > 20) {
                throw StripeApiError.invalidRequest("types", "You may pass at most 20 types, got " + list.size());
            }
            Set<String> exact = Set.copyOf((List<String>) list);
            return exact::contains;
        }
        Object type = params.get("type");
        if (type != null) {
            String pattern = String.valueOf(type);
            if (!pattern.contains("*")) {
                return pattern::equals;
            }
            Pattern regex = Pattern.compile(Pattern.quote(pattern).replace("*", "\\E.*\\Q"));
            return t -> regex.matcher(t).matches();
        }
        return t -> true;
    }

    /** Every event ever recorded, oldest first, whatever its visibility: for test assertions. */
    List<JsonObject> all() {
        List<JsonObject> all = new ArrayList<>();
        events.descendingMap().values().forEach(e -> all.add(e.toJson()));
        return all;
    }
}
