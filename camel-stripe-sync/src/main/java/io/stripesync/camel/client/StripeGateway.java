package io.stripesync.camel.client;

import java.util.Map;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
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
    public static final String API_VERSION = com.stripe.Stripe.API_VERSION;

    private final StripeClient client;
    private final String accountId;
    /** Where the client sends its requests, for the message of a failure to reach it; null when unknown. */
    private final String apiBase;

    public StripeGateway(StripeClient client, String accountId) {
        this(client, accountId, null);
    }

    public StripeGateway(StripeClient client, String accountId, String apiBase) {
        this.client = client;
        this.accountId = accountId;
        this.apiBase = apiBase;
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
