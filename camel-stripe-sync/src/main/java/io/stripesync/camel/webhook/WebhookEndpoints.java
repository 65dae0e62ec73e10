package io.stripesync.camel.webhook;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.stripe.exception.StripeException;
import com.stripe.param.WebhookEndpointCreateParams;
import io.stripesync.camel.client.ListPages;
import io.stripesync.camel.client.StripeGateway;

/**
 * The account's webhook endpoints ({@code /v1/webhook_endpoints}) as a stream registers its own: one per URL, sending
 * exactly the resource's event types, rendered at the API version stripe-java pins (so payloads need no reading
 * again for their version). Stripe shows an endpoint's signing secret only in the answer that creates it.
 */
public final class WebhookEndpoints {

    private static final String PATH = "/v1/webhook_endpoints";
    /** The metadata a Connect endpoint made by a stream carries. */
    private static final String CONNECT_METADATA = "stripe_sync_connect";
    private static final String CONNECT_MARK = "true";

    /** The endpoint a stream receives from, the secret its requests are signed with, and the types it sends. */
    public record Registration(String id, String secret, boolean created, List<String> types) {
    }

    /**
     * The types a webhook endpoint can be made with: stripe-java's enum of {@code enabled_events}. Types Stripe
     * retired (invoiceitem.updated, transfer.paid) are refused there, though old accounts' events still carry them:
     * the poll reads those.
     */
    static List<String> registrable(List<String> types) {
        Set<String> known = new HashSet<>();
        for (WebhookEndpointCreateParams.EnabledEvent e
                : WebhookEndpointCreateParams.EnabledEvent.values()) {
            known.add(e.getValue());
        }
        return types.stream().filter(known::contains).toList();
    }

    private final StripeGateway gateway;

    public WebhookEndpoints(StripeGateway gateway) {
        this.gateway = gateway;
    }

    /**
     * The endpoint at this URL: kept when it is enabled, sends exactly these types (those Stripe takes) and its secret
     * is known; otherwise made anew (an existing one at the URL is deleted first, so Stripe does not sign each event twice).
     *
     * @param knownSecret the signing secret the application was given, or null
     * @param apiVersion  the version Stripe is to render the endpoint's events at; null: the account's own (Stripe's
     *                    default for an endpoint made without one)
     * @param connect     a Connect endpoint ({@code connect=true}): the connected accounts' events, each naming its
     *                    account, instead of the platform's own
     */
    public Registration register(String url, List<String> resourceTypes, String knownSecret, String description,
                                 String apiVersion, boolean connect) throws StripeException {
        List<String> types = registrable(resourceTypes);
        for (JsonObject existing : atUrl(url)) {
            String id = existing.get("id").getAsString();
            if (knownSecret != null && "enabled".equals(text(existing, "status"))
                && new HashSet<>(types).equals(new HashSet<>(enabledEvents(existing)))
                && Objects.equals(apiVersion, text(existing, "api_version"))
                && connect == CONNECT_MARK.equals(metadata(existing, CONNECT_METADATA))) {
                return new Registration(id, knownSecret, false, types);
            }
            delete(id);
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("url", url);
        params.put("enabled_events", new ArrayList<>(types));
        if (apiVersion != null) {
            params.put("api_version", apiVersion);
        }
        params.put("description", description);
        if (connect) {
            // Stripe answers no field saying so: the metadata lets a restart tell its Connect endpoint from another
            params.put("connect", true);
            params.put("metadata", Map.of(CONNECT_METADATA, CONNECT_MARK));
        }
        JsonObject made = gateway.call("POST", PATH, params, null, null).body();
        return new Registration(made.get("id").getAsString(), made.get("secret").getAsString(), true, types);
    }

    public void delete(String id) throws StripeException {
        gateway.call("DELETE", PATH + "/" + id, Map.of(), null, null);
    }

    private List<JsonObject> atUrl(String url) throws StripeException {
        List<JsonObject> found = new ArrayList<>();
        ListPages pages = new ListPages(gateway, PATH, new LinkedHashMap<>(Map.of("limit", 100)), null, false, 0);
        for (JsonObject e = pages.nextOrNull(); e != null; e = pages.nextOrNull()) {
            if (url.equals(text(e, "url"))) {
                found.add(e);
            }
        }
        return found;
    }

    private static List<String> enabledEvents(JsonObject endpoint) {
        List<String> types = new ArrayList<>();
        if (endpoint.has("enabled_events") && endpoint.get("enabled_events").isJsonArray()) {
            for (JsonElement t : endpoint.getAsJsonArray("enabled_events")) {
                types.add(t.getAsString());
            }
        }
        return types;
    }

    private static String metadata(JsonObject endpoint, String key) {
        JsonElement metadata = endpoint.get("metadata");
        return metadata != null && metadata.isJsonObject() ? text(metadata.getAsJsonObject(), key) : null;
    }

    private static String text(JsonObject o, String field) {
        return o.has(field) && !o.get(field).isJsonNull() ? o.get(field).getAsString() : null;
    }
}
