package io.stripesync.camel.simulator;

import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** The parameters and the answer every Stripe list shares: limit, the two cursors, the list object. */
final class ListParams {

    private ListParams() {
    }

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
}
