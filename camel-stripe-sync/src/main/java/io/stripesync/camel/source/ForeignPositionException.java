package io.stripesync.camel.source;

/**
 * The stored position names an event Stripe does not have, although Stripe still keeps events from that time: the
 * position was stored by an application reading another Stripe account (two apps sharing a state store and key).
 * Carrying on, or starting over, would overwrite the other application's position.
 */
public final class ForeignPositionException extends IllegalStateException {

    public ForeignPositionException(String stateKey, String eventId, long eventCreated) {
        super("The position under state key '" + stateKey + "' names event " + eventId + " (created "
              + java.time.Instant.ofEpochSecond(eventCreated) + "), which Stripe does not have for this API key although"
              + " it still keeps events from that time: the position was stored by an application reading another"
              + " Stripe account. Give this endpoint its own stateKey (or stateFile, or stateRepository), or remove that"
              + " key to start over with a snapshot");
    }
}
