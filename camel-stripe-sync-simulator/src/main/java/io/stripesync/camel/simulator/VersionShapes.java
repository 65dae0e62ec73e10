package io.stripesync.camel.simulator;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * How an object looked at an older API version, for event payloads (Stripe renders an event's {@code data.object} at the
 * API version the account had when the event was created) and for answers to requests sent with that
 * {@code Stripe-Version}. One real difference is modelled: before 2025-03-31.basil a
 * subscription carried {@code current_period_start} / {@code current_period_end} itself; since, its items do.
 */
final class VersionShapes {

    static final String BASIL = "2025-03-31";

    private VersionShapes() {
    }

    /** Whether objects at this version look different from today's. */
    static boolean reshapes(String apiVersion) {
        return apiVersion.compareTo(BASIL) < 0;
    }

    static JsonObject render(JsonObject object, String apiVersion) {
        if (apiVersion.compareTo(BASIL) >= 0 || !"subscription".equals(string(object, "object"))) {
            return object;
        }
        JsonObject old = object.deepCopy();
        JsonElement items = old.get("items");
        if (items != null && items.isJsonObject()) {
            boolean first = true;
            for (JsonElement item : items.getAsJsonObject().getAsJsonArray("data")) {
                JsonObject i = item.getAsJsonObject();
                if (first) {
                    old.add("current_period_start", i.get("current_period_start"));
                    old.add("current_period_end", i.get("current_period_end"));
                    first = false;
                }
                i.remove("current_period_start");
                i.remove("current_period_end");
            }
        }
        return old;
    }

    private static String string(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }
}
