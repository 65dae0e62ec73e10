package io.stripesync.camel.client;

import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.Stripe;
import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.StripeException;
import com.stripe.net.ApiResource;
import com.stripe.net.FormEncoder;
import com.stripe.net.RawRequestOptions;
import com.stripe.net.StripeResponse;

/**
 * The only class that talks to stripe-java. It speaks in catalog terms (paths), so one gateway serves every resource;
 * stripe-java does the form encoding, retries, error mapping and deserialization.
 */
public final class StripeGateway {

    /** The API version stripe-java sends with every request, so the version of every object read through a gateway. */
    public static final String API_VERSION = Stripe.API_VERSION;

    private final StripeClient client;
    private final String accountId;
    /**
     * The Stripe-Version this gateway's requests are sent with; stripe-java's pinned one unless told otherwise. Null
     * until learnt for a gateway at the account's version.
     */
    private volatile String version;
    /** Whether this gateway reads at the account's own version, learnt from its events (version null until then). */
    private final boolean learnsVersion;
    /** Where the client sends its requests, for the message of a failure to reach it; null when unknown. */
    private final String apiBase;

    public StripeGateway(StripeClient client, String accountId) {
        this(client, accountId, null);
    }

    public StripeGateway(StripeClient client, String accountId, String apiBase) {
        this(client, accountId, apiBase, API_VERSION);
    }

    private StripeGateway(StripeClient client, String accountId, String apiBase, String version) {
        this(client, accountId, apiBase, version, version == null);
    }

    private StripeGateway(StripeClient client, String accountId, String apiBase, String version, boolean learnsVersion) {
        this.client = client;
        this.accountId = accountId;
        this.apiBase = apiBase;
        this.version = version;
        this.learnsVersion = learnsVersion;
    }

    /**
     * This gateway sending {@code Stripe-Version: version}: Stripe renders the objects it answers at that version, as
     * it renders an event's object at the account's version. Only for JSON answers: stripe-java's typed models are made
     * for its pinned version.
     */
    public StripeGateway atVersion(String version) {
        return new StripeGateway(client, accountId, apiBase, version);
    }

    /**
     * This gateway acting on another connected account (Stripe-Account), through the same client, so under the same
     * budget; at the same version, or, for a gateway at the account's own version, at that account's (learnt anew).
     */
    public StripeGateway forAccount(String account) {
        return new StripeGateway(client, account, apiBase, learnsVersion ? null : version, learnsVersion);
    }

    /**
     * This gateway at the account's own API version, the one Stripe renders the account's events at: learnt from the
     * newest event (one read, before the gateway's first request; the pinned version when the account has no event).
     */
    public StripeGateway atAccountVersion() {
        return new StripeGateway(client, accountId, apiBase, null);
    }

    /**
     * The version learnt so far, null for a gateway at the account's version that has sent nothing yet: what a stream
     * of many accounts keeps, so a gateway made again for an account need not learn it again ({@link #atVersion}).
     */
    public String knownVersion() {
        return version;
    }

    /** The API version the objects this gateway reads are rendered at. */
    public String version() {
        try {
            return learntVersion();
        } catch (StripeException e) {
            throw new IllegalStateException("Cannot learn the account's API version from its newest event: "
                                            + e.getMessage(), e);
        }
    }

    private String learntVersion() throws StripeException {
        String known = version;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (version == null) {
                JsonObject page = new StripeGateway(client, accountId, apiBase, API_VERSION).get("/v1/events",
                        Map.of("limit", 1));
                JsonArray data = page.getAsJsonArray("data");
                JsonElement newest = data == null || data.isEmpty() ? null
                        : data.get(0).getAsJsonObject().get("api_version");
                version = newest == null || newest.isJsonNull() ? API_VERSION : newest.getAsString();
            }
            return version;
        }
    }

    /** A GET on a catalog path, answered as Stripe's JSON: the shape every list and retrieve shares. */
    public JsonObject get(String path, Map<String, Object> params) throws StripeException {
        return call("GET", path, params, null, null).body();
    }

    /**
     * Any call on a catalog path. GET and DELETE carry the parameters in the query string, POST as a form body, both
     * encoded by stripe-java.
     *
     * @param account        the Connect account for this call, or null for the gateway's own
     * @param idempotencyKey sent as Idempotency-Key when not null
     */
    public StripeReply call(String method, String path, Map<String, Object> params, String account, String idempotencyKey)
            throws StripeException {
        RawRequestOptions.RawRequestOptionsBuilder builder = RawRequestOptions.builder();
        String effectiveAccount = account != null ? account : accountId;
        if (effectiveAccount != null) {
            builder.setStripeAccount(effectiveAccount);
        }
        if (idempotencyKey != null) {
            builder.setIdempotencyKey(idempotencyKey);
        }
        String version = learntVersion();
        if (!API_VERSION.equals(version)) {
            // stripe-java calls it unsafe because its typed models are made for the pinned version: answers here stay JSON
            RawRequestOptions.RawRequestOptionsBuilder.unsafeSetStripeVersionOverride(builder, version);
        }
        ApiResource.RequestMethod requestMethod = ApiResource.RequestMethod.valueOf(method);
        StripeResponse response;
        try {
            if (requestMethod == ApiResource.RequestMethod.POST) {
                String form = params == null || params.isEmpty() ? "" : FormEncoder.createQueryString(params);
                response = client.rawRequest(requestMethod, path, form, builder.build());
            } else {
                response = client.rawRequest(requestMethod, withQuery(path, params), null, builder.build());
            }
        } catch (ApiConnectionException e) {
            throw unreachable(method, path, e);
        }
        return new StripeReply(JsonParser.parseString(response.body()).getAsJsonObject(), response.requestId());
    }

    /**
     * stripe-java names its static default base ("https://api.stripe.com") and advises checking the internet
     * connection, whatever base the client really used: name the base and what the network said.
     */
    private ApiConnectionException unreachable(String method, String path, ApiConnectionException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String cause = root == e ? e.getMessage() : root.getClass().getSimpleName() + ": " + root.getMessage();
        String where = apiBase != null ? apiBase : "Stripe";
        return new ApiConnectionException("Cannot reach " + where + " (" + method + " " + path.replaceAll("\\?.*", "")
                                          + "): " + cause, e);
    }

    private static String withQuery(String path, Map<String, Object> params) {
        if (params == null || params.isEmpty()) {
            return path;
        }
        return path + "?" + FormEncoder.createQueryString(params);
    }
}
