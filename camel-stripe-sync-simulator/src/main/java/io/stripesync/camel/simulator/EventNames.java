package io.stripesync.camel.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.google.gson.JsonParser;
import com.stripe.param.WebhookEndpointCreateParams;

/**
 * The event names the simulator emits, known on its own and not from the component's catalog: Stripe's names as its
 * published spec (the 2022-04 reference) and stripe-java's webhook enum list them, and the simulator's own table of
 * objects whose events carry another prefix. A catalog that assigned the wrong types to a resource would ask Stripe
 * for events the simulator never emits, and the consumer tests would show it.
 */
final class EventNames {

    /** Objects whose events are named after another prefix (Stripe's API reference, "Types of events"). */
    private static final Map<String, String> PREFIXES = Map.of(
            "subscription", "customer.subscription",
            "dispute", "charge.dispute",
            "tax_id", "customer.tax_id",
            "scheduled_query_run", "sigma.scheduled_query_run");

    private static final Set<String> KNOWN = load();

    private EventNames() {
    }

    /** The event Stripe emits when an object of this type changes this way ({@code created}, ...), or null. */
    static String of(String objectType, String suffix) {
        String type = prefix(objectType) + "." + suffix;
        return KNOWN.contains(type) ? type : null;
    }

    static String prefix(String objectType) {
        String prefix = PREFIXES.get(objectType);
        if (prefix != null) {
            return prefix;
        }
        // issuing objects name their events issuing_card.*, issuing_authorization.*, ...
        return objectType.startsWith("issuing.") ? "issuing_" + objectType.substring("issuing.".length()) : objectType;
    }

    private static Set<String> load() {
        Set<String> names = new HashSet<>();
        for (WebhookEndpointCreateParams.EnabledEvent e : WebhookEndpointCreateParams.EnabledEvent.values()) {
            names.add(e.getValue());
        }
        try (InputStream in = EventNames.class.getResourceAsStream("/reference/stripe-api-2022-04.json")) {
            if (in == null) {
                throw new IllegalStateException("The simulator's reference /reference/stripe-api-2022-04.json is missing");
            }
            JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject()
                    .getAsJsonArray("eventTypes").forEach(t -> names.add(t.getAsString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(names);
    }
}
