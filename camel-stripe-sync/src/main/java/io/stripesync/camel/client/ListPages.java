package io.stripesync.camel.client;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.stripe.exception.StripeException;
import org.apache.camel.RuntimeCamelException;

/**
 * Every object of a list or search endpoint, one page at a time and only when asked for: a split() over it holds one
 * page, whatever the size of the collection. Lists page with {@code starting_after}, search with {@code page}.
 */
public final class ListPages implements Iterator<JsonObject> {

    private final StripeGateway gateway;
    private final String path;
    private final Map<String, Object> params;
    private final String account;
    private final boolean search;
    private final long max;
    private final Deque<JsonObject> page = new ArrayDeque<>();
    private boolean exhausted;
    private long returned;
    private final boolean paged;
    private String firstRequestId;

    /**
     * @param max at most this many objects in all (Stripe's {@code limit} is per page); 0 or less for all
     */
    public ListPages(StripeGateway gateway, String path, Map<String, Object> params, String account, boolean search, long max) {
        this(gateway, path, params, account, search, max, true);
    }

    /**
     * @param paged false for the few lists that answer every object at once and refuse {@code limit} and
     *              {@code starting_after} (a connected account's capabilities)
     */
    public ListPages(StripeGateway gateway, String path, Map<String, Object> params, String account, boolean search, long max,
                     boolean paged) {
        this.gateway = gateway;
        this.path = path;
        this.params = new LinkedHashMap<>(params);
        if (paged) {
            this.params.putIfAbsent("limit", 100);
        } else {
            this.params.remove("limit");
        }
        this.paged = paged;
        this.account = account;
        this.search = search;
        this.max = max;
    }

    @Override
    public boolean hasNext() {
        if (max > 0 && returned >= max) {
            return false;
        }
        if (page.isEmpty() && !exhausted) {
            fetch();
        }
        return !page.isEmpty();
    }

    @Override
    public JsonObject next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        returned++;
        return page.removeFirst();
    }

    /**
     * The next object, reading the next page only when the current one is used up; null at the end. Unlike
     * {@link #next()}, Stripe's errors come through as they are.
     */
    public JsonObject nextOrNull() throws StripeException {
        if (max > 0 && returned >= max) {
            return null;
        }
        if (page.isEmpty() && !exhausted) {
            load();
        }
        if (page.isEmpty()) {
            return null;
        }
        returned++;
        return page.removeFirst();
    }

    /** The request id of the first page, once it has been read. */
    public String firstRequestId() {
        return firstRequestId;
    }

    private void fetch() {
        try {
            load();
        } catch (StripeException e) {
            throw new RuntimeCamelException("Reading " + path + " failed: " + e.getMessage(), e);
        }
    }

    private void load() throws StripeException {
        StripeReply reply = gateway.call("GET", path, params, account, null);
        if (firstRequestId == null) {
            firstRequestId = reply.requestId();
        }
        JsonObject body = reply.body();
        for (JsonElement e : body.getAsJsonArray("data")) {
            page.addLast(e.getAsJsonObject());
        }
        boolean hasMore = body.has("has_more") && body.get("has_more").getAsBoolean();
        if (!hasMore || page.isEmpty() || !paged) {
            exhausted = true;
        } else if (search) {
            params.put("page", body.get("next_page").getAsString());
        } else {
            params.put("starting_after", page.peekLast().get("id").getAsString());
        }
    }

    /** Reads the first page now, so that errors surface in the producer rather than later inside a split. */
    public ListPages start() throws StripeException {
        if (page.isEmpty() && !exhausted) {
            load();
        }
        return this;
    }
}
