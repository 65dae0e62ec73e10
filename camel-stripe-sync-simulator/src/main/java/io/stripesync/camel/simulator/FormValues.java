package io.stripesync.camel.simulator;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/** Request parameters as the JSON Stripe stores: form values typed as Stripe types them, read-only fields refused. */
final class FormValues {

    private static final Gson GSON = new Gson();
    static final Set<String> READ_ONLY = Set.of("id", "object", "created", "livemode");
    private static final Set<String> STRING_FIELDS = Set.of("phone", "postal_code", "line1", "line2", "description",
            "name", "email", "number", "account_number", "routing_number", "value", "query", "nickname", "statement_descriptor");

    private FormValues() {
    }

    /** Form values are strings; Stripe types them. Metadata stays text, as Stripe keeps it. */
    @SuppressWarnings("unchecked")
    static JsonElement toJson(Object value, String key, boolean fromForm, boolean inMetadata) {
        if (value == null) {
            return JsonNull.INSTANCE;
        }
        if (value instanceof Map<?, ?> map) {
            JsonObject o = new JsonObject();
            boolean metadata = inMetadata || "metadata".equals(key);
            ((Map<String, Object>) map).forEach((k, v) -> o.add(k, toJson(v, k, fromForm, metadata)));
            return o;
        }
        if (value instanceof List<?> list) {
            JsonArray a = new JsonArray();
            list.forEach(v -> a.add(toJson(v, key, fromForm, inMetadata)));
            return a;
        }
        if (value instanceof String s && fromForm && !inMetadata && !STRING_FIELDS.contains(key)) {
            if (s.equals("true") || s.equals("false")) {
                return new JsonPrimitive(Boolean.parseBoolean(s));
            }
            if (!s.isEmpty() && s.length() <= 18 && s.chars().allMatch(Character::isDigit)) {
                return new JsonPrimitive(Long.parseLong(s));
            }
            if (s.isEmpty()) {
                return JsonNull.INSTANCE;
            }
        }
        return GSON.toJsonTree(value);
    }

    /** Live objects of a resource, newest first. */
}
