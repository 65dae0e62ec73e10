package io.stripesync.camel.simulator;

import com.google.gson.JsonObject;

/** An error the simulator answers with, in Stripe's {@code {"error": {...}}} shape. */
final class StripeApiError extends RuntimeException {

    final int status;
    final String type;
    final String code;
    final String param;

    StripeApiError(int status, String type, String code, String param, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
    }

    static StripeApiError invalidRequest(String param, String message) {
        return new StripeApiError(400, "invalid_request_error", "parameter_invalid", param, message);
    }

    static StripeApiError unknownParameter(String param) {
        return new StripeApiError(400, "invalid_request_error", "parameter_unknown", param,
                "Received unknown parameter: " + param);
    }

    static StripeApiError missing(String objectType, String id, String param) {
        return new StripeApiError(404, "invalid_request_error", "resource_missing", param,
                "No such " + objectType + ": '" + id + "'");
    }

    static StripeApiError unrecognizedUrl(String method, String path) {
        return new StripeApiError(404, "invalid_request_error", null, null,
                "Unrecognized request URL (" + method + ": " + path + "). Please see https://stripe.com/docs or we can help"
                                                                       + " at https://support.stripe.com/.");
    }

    JsonObject toJson(String requestId) {
        JsonObject error = new JsonObject();
        if (code != null) {
            error.addProperty("code", code);
        }
        error.addProperty("message", getMessage());
        if (param != null) {
            error.addProperty("param", param);
        }
        error.addProperty("request_log_url", "https://dashboard.stripe.com/test/logs/" + requestId);
        error.addProperty("type", type);
        JsonObject body = new JsonObject();
        body.add("error", error);
        return body;
    }
}
