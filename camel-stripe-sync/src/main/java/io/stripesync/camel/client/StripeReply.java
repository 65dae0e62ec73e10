package io.stripesync.camel.client;

import com.google.gson.JsonObject;

/** Stripe's answer: the JSON body and the request id Stripe gave it. */
public record StripeReply(JsonObject body, String requestId) {
}
