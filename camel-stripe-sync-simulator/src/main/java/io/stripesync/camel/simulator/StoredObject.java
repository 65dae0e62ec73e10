package io.stripesync.camel.simulator;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** One live object. Kept as compact JSON text so a simulator can hold a million of them. */
final class StoredObject {

    final String id;
    final OrderKey key;
    private String json;

    StoredObject(String id, OrderKey key, String json) {
        this.id = id;
        this.key = key;
        this.json = json;
    }

    JsonObject json() {
        return JsonParser.parseString(json).getAsJsonObject();
    }

    String jsonText() {
        return json;
    }

    void replace(JsonObject object) {
        this.json = object.toString();
    }
}
