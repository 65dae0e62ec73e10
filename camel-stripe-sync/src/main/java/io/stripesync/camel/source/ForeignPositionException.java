package io.stripesync.camel.source;

import java.time.Instant;

/**
 * The stored position names an event Stripe does not have, although Stripe still keeps events from that time: the
 * position was stored by an application reading another Stripe account (two apps sharing a state store and key).
 * Carrying on, or starting over, would overwrite the other application's position.
 */
public final class ForeignPositionException extends IllegalStateException {

    private final String finding;

    public ForeignPositionException(String stateKey, String eventId, long eventCreated) {
        this(finding(stateKey, eventId, eventCreated));
    }

    private ForeignPositionException(String finding) {
        super(finding + ". Give this endpoint its own stateKey (or stateFile, or stateRepository), or remove that key to"
              + " start over with a snapshot");
        this.finding = finding;
    }

    private static String finding(String stateKey, String eventId, long eventCreated) {
        return "The position under state key '" + stateKey + "' names event " + eventId + " (created "
               + Instant.ofEpochSecond(eventCreated) + "), which Stripe does not have for this API key although"
               + " it still keeps events from that time: the position was stored by an application reading another"
               + " Stripe account";
    }

    /** What was found, without the advice on what to do (which does not apply when the stream starts afresh). */
    public String finding() {
        return finding;
    }
}
