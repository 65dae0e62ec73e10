package io.stripesync.camel.source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.stripe.exception.StripeException;
import io.stripesync.camel.client.ListPages;
import io.stripesync.camel.client.StripeGateway;

/**
 * Stripe's {@code /v1/events} list as the event readers use it: its facts (path, retention, types per request), its
 * pages and its events' fields. One per stream, over the stream's gateway.
 */
public final class EventsApi {

    public static final String PATH = "/v1/events";
    /** Stripe keeps events for 30 days. */
    public static final long RETENTION_SECONDS = 30L * 24 * 3600;
    /** Stripe takes at most this many {@code types[]} in one request. */
    public static final int MAX_TYPES_PER_REQUEST = 20;
    /** Stripe's largest page: what the look-back and the backlog's windows ask for. */
    static final int MAX_PAGE = 100;

    private final StripeGateway gateway;

    EventsApi(StripeGateway gateway) {
        this.gateway = gateway;
    }

    /** One page of the list (newest first), as Stripe answered. */
    JsonObject page(Map<String, Object> params) throws StripeException {
        return gateway.get(PATH, params);
    }

    /** Every event of a list request, newest first. */
    List<JsonObject> all(Map<String, Object> params) throws StripeException {
        List<JsonObject> all = new ArrayList<>();
        ListPages pages = pages(params);
        for (JsonObject e = pages.nextOrNull(); e != null; e = pages.nextOrNull()) {
            all.add(e);
        }
        return all;
    }

    /** Every event of the query in one second, newest first (a page at a time). */
    List<JsonObject> ofSecond(Map<String, Object> query, long second) throws StripeException {
        Map<String, Object> params = new LinkedHashMap<>(query);
        params.put("limit", MAX_PAGE);
        params.put("created", Map.of("gte", second, "lte", second));
        return all(params);
    }

    /** The list request's events one by one, newest first, a page read when the last one is used up. */
    ListPages pages(Map<String, Object> params) {
        return new ListPages(gateway, PATH, params, null, false, 0);
    }

    /** One event by id. */
    JsonObject event(String id) throws StripeException {
        return gateway.get(PATH + "/" + id, Map.of());
    }

    /** The created second of the newest visible event of any type, or 0 when the account has none. */
    long newestOfAnyType() throws StripeException {
        List<JsonObject> newest = data(page(new LinkedHashMap<>(Map.of("limit", 1))));
        return newest.isEmpty() ? 0 : created(newest.get(0));
    }

    static List<JsonObject> data(JsonObject page) {
        List<JsonObject> items = new ArrayList<>();
        for (JsonElement e : page.getAsJsonArray("data")) {
            items.add(e.getAsJsonObject());
        }
        return items;
    }

    static boolean hasMore(JsonObject page) {
        return page.get("has_more").getAsBoolean();
    }

    static long created(JsonObject event) {
        return event.get("created").getAsLong();
    }

    static String stringOrNull(JsonObject o, String field) {
        return o.has(field) && !o.get(field).isJsonNull() ? o.get(field).getAsString() : null;
    }
}
