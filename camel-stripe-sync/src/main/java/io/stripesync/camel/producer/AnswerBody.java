package io.stripesync.camel.producer;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.model.HasId;
import com.stripe.model.StripeObject;

/**
 * A message body that is a Stripe answer rather than request parameters: a stripe-java object, a Map or JSON text with
 * {@code object} and {@code id} (what a stripe-sync step or the consumer leaves with bodyType map or json), or a list
 * of them (what a list step leaves). Sending it as parameters would make Stripe refuse the request.
 *
 * @param object the object's type, or {@code list}
 * @param id     the object's id, null for a list
 */
public record AnswerBody(String object, String id) {

    /** The answer the body is, or null when the body is parameters (or nothing). */
    public static AnswerBody of(Object body) {
        if (body instanceof StripeObject o) {
            JsonElement type = o.getRawJsonObject() == null ? null : o.getRawJsonObject().get("object");
            return new AnswerBody(type == null ? o.getClass().getSimpleName() : type.getAsString(),
                    o instanceof HasId h ? h.getId() : null);
        }
        if (body instanceof Map<?, ?> map) {
            return map.get("object") instanceof String type && map.get("id") instanceof String id
                    ? new AnswerBody(type, id) : null;
        }
        if (body instanceof String text && text.trim().startsWith("{")) {
            try {
                JsonObject json = JsonParser.parseString(text).getAsJsonObject();
                JsonElement type = json.get("object");
                JsonElement id = json.get("id");
                return type != null && type.isJsonPrimitive() && id != null && id.isJsonPrimitive()
                        ? new AnswerBody(type.getAsString(), id.getAsString()) : null;
            } catch (RuntimeException notJson) {
                // not JSON: the producer's parameter parsing reports it
                return null;
            }
        }
        if (body instanceof Collection<?> || body instanceof Iterator<?>) {
            return new AnswerBody("list", null);
        }
        return null;
    }

    public String describe() {
        return id == null ? "a list of Stripe objects" : "the Stripe " + object + " " + id;
    }
}
