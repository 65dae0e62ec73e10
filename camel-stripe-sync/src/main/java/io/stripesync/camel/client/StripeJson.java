package io.stripesync.camel.client;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.stripe.model.StripeObject;
import com.stripe.net.ApiResource;

/**
 * Between Stripe's JSON and stripe-java's model objects, with stripe-java's own Gson setup (its type adapters for
 * expandable fields, metadata and so on), so bodies look exactly as stripe-java would have built them.
 */
public final class StripeJson {

    private StripeJson() {
    }

    @SuppressWarnings("unchecked")
    public static Class<? extends StripeObject> modelClass(String className) {
        try {
            return (Class<? extends StripeObject>) Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("stripe-java lacks model class " + className, e);
        }
    }

    public static <T extends StripeObject> T toModel(JsonObject json, Class<T> modelClass) {
        return ApiResource.GSON.fromJson(json, modelClass);
    }

    /** Compact JSON with Stripe's field names. */
    public static String toJson(StripeObject object) {
        return ApiResource.GSON.toJson(object);
    }

    public static JsonElement toJsonTree(StripeObject object) {
        return ApiResource.GSON.toJsonTree(object);
    }
}
