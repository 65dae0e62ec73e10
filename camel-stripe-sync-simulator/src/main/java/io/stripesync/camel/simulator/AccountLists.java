package io.stripesync.camel.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import io.stripesync.camel.simulator.ApiSurface.ApiObject;

/**
 * An account's lists and searches as Stripe answers them: pages by cursor and created range, the filters each list
 * takes, the objects a list hides unless asked (test clocks, custom payment methods, canceled subscriptions), the lists
 * that do not page, and search's page tokens. Runs under the simulator's lock, as the account does.
 */
final class AccountLists {

    private static final Set<String> LIST_PARAMS = Set.of("limit", "starting_after", "ending_before", "created", "expand");
    /** Lists that do not page (a connected account's capabilities, report types). */
    private static final Set<String> UNPAGED = Set.of("capability", "reporting.report_type");

    private final Function<String, ObjectStore> stores;
    private final BiFunction<ApiObject, JsonObject, JsonObject> render;

    /**
     * @param stores the account's objects of a resource, by name
     * @param render an object as Stripe shows it (its embedded lists' first items)
     */
    AccountLists(Function<String, ObjectStore> stores, BiFunction<ApiObject, JsonObject, JsonObject> render) {
        this.stores = stores;
        this.render = render;
    }

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
            stores.apply(resource.name()).newestFirst().forEach(o -> all.add(render.apply(resource, o.json())));
            return ListParams.listJson(all, false, url);
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
        int limit = ListParams.limit(params);
        CreatedRange range = CreatedRange.parse(params.get("created"));
        ObjectStore store = stores.apply(resource.name());
        String[] cursors = ListParams.cursors(params);
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
        page.items().forEach(o -> data.add(render.apply(resource, o.json())));
        return ListParams.listJson(data, page.hasMore(), url);
    }

    /**
     * Objects Stripe's lists leave out unless a filter asks for them (Stripe's API reference, list parameters): objects
     * on a test clock without test_clock (subscriptions: or customer), subscription schedules of customers on a test
     * clock without customer, custom payment methods without type. Null when the list hides nothing.
     */
    private Predicate<JsonObject> hiddenUnlessAsked(String resource, Map<String, Object> params) {
        return switch (resource) {
            case "customer", "quote" -> params.containsKey("test_clock") ? null : AccountLists::onTestClock;
            case "subscription" -> params.containsKey("test_clock") || params.containsKey("customer") ? null
                    : AccountLists::onTestClock;
            case "subscription_schedule" -> params.containsKey("customer") ? null : o -> {
                JsonElement customer = o.get("customer");
                StoredObject c = customer == null || customer.isJsonNull() ? null : stores.apply("customer").get(customer.getAsString());
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
        int limit = ListParams.limit(params);
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
        for (StoredObject o : stores.apply(resource.name()).newestFirst()) {
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
            data.add(render.apply(resource, json));
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
}
