package io.stripesync.camel.source;

/**
 * The position's events are gone: Stripe keeps events 30 days, and the newest event the consumer delivered is no
 * longer there. Carrying on would silently skip what happened in between.
 */
public class EventsExpiredException extends Exception {

    private final long eventCreated;

    public EventsExpiredException(String eventId, long eventCreated, Throwable cause) {
        super((eventId != null
                ? "Stripe no longer has event " + eventId + " (created " + java.time.Instant.ofEpochSecond(eventCreated)
                  + "), the newest one this consumer delivered"
                : "This consumer has delivered no event since " + java.time.Instant.ofEpochSecond(eventCreated)
                  + " and Stripe's newest event is more than 30 days later")
              + ": Stripe keeps events for 30 days, so changes after it may be lost", cause);
        this.eventCreated = eventCreated;
    }

    public long eventCreated() {
        return eventCreated;
    }
}
