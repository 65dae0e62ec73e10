package io.stripesync.camel;

import java.lang.reflect.Type;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.ToNumberPolicy;
import com.google.gson.reflect.TypeToken;
import com.stripe.model.StripeObject;
import io.stripesync.camel.client.StripeJson;
import org.apache.camel.Converter;

/**
 * Type converters for stripe-java objects, so {@code convertBodyTo(String.class)}, {@code ${body[email]}} and
 * {@code bodyType} work the same in every DSL: JSON text is Stripe's own field names; maps keep integers as Long.
 */
@Converter(generateLoader = true)
public final class StripeSyncConverters {

    private static final Gson MAPS = new GsonBuilder().setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
            .serializeNulls().create();
    private static final Type MAP_TYPE = new TypeToken<Map<String, Object>>() {
    }.getType();

    private StripeSyncConverters() {
    }

    /** Stripe's JSON for the object (compact, Stripe's field names). */
    @Converter
    public static String toJson(StripeObject object) {
        return StripeJson.toJson(object);
    }

    /** The object's JSON fields as a Map; nested objects are Maps and lists are Lists. */
    @Converter
    public static Map<String, Object> toMap(StripeObject object) {
        return toMap(StripeJson.toJsonTree(object));
    }

    static Map<String, Object> toMap(JsonElement json) {
        return MAPS.fromJson(json, MAP_TYPE);
    }
}
