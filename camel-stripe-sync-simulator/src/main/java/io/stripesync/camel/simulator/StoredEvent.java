package io.stripesync.camel.simulator;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** One event as recorded, with the simulated time from which list requests can see it. */
record StoredEvent(String id, OrderKey key, String type, long visibleAtMillis, String json) {

    long created() {
        return key.created();
    }

    JsonObject toJson() {
        return JsonParser.parseString(json).getAsJsonObject();
    }
}
