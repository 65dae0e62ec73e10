package io.stripesync.camel.simulator;

import java.util.Map;

/**
 * What an item action does to the object in the simulator, and the event suffix Stripe emits for it. Only the state
 * a sync needs to see change is modelled (mostly {@code status}); other actions leave the object as it is.
 */
final class ActionEffects {

    record Effect(Map<String, Object> fields, String eventSuffix) {
    }

    private static final Map<String, Effect> EFFECTS = Map.ofEntries(
            Map.entry("finalize", new Effect(Map.of("status", "open"), "finalized")),
            Map.entry("void", new Effect(Map.of("status", "void"), "voided")),
            Map.entry("pay", new Effect(Map.of("status", "paid", "paid", true), "paid")),
            Map.entry("mark_uncollectible", new Effect(Map.of("status", "uncollectible"), "marked_uncollectible")),
            Map.entry("send", new Effect(Map.of(), "sent")),
            Map.entry("cancel", new Effect(Map.of("status", "canceled"), "canceled")),
            Map.entry("capture", new Effect(Map.of("status", "succeeded", "captured", true), "captured")),
            Map.entry("confirm", new Effect(Map.of("status", "succeeded"), "succeeded")),
            Map.entry("close", new Effect(Map.of("status", "lost"), "closed")),
            Map.entry("expire", new Effect(Map.of("status", "expired"), "expired")),
            Map.entry("release", new Effect(Map.of("status", "released"), "released")),
            Map.entry("reverse", new Effect(Map.of("status", "reversed"), "reversed")),
            Map.entry("accept", new Effect(Map.of("status", "accepted"), "accepted")),
            Map.entry("submit", new Effect(Map.of("status", "submitted"), "submitted")),
            Map.entry("approve", new Effect(Map.of("approved", true), "approved")),
            Map.entry("decline", new Effect(Map.of("approved", false), "declined")));

    private ActionEffects() {
    }

    static Effect of(String action) {
        return EFFECTS.getOrDefault(action, new Effect(Map.of(), null));
    }
}
