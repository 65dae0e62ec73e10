package io.stripesync.camel.source;

import java.time.Instant;

/**
 * The position's events are gone: Stripe keeps events 30 days, and the newest event the consumer delivered is no
 * longer there. Carrying on would silently skip what happened in between.
 */
public class EventsExpiredException extends Exception {

    private final long eventCreated;

    public EventsExpiredException(String eventId, long eventCreated, Throwable cause) {
        super((eventId != null
                ? "Stripe no longer has event " + eventId + " (created " + Instant.ofEpochSecond(eventCreated)
                  + "), the newest one this consumer delivered"
                : "This consumer has delivered no event since " + Instant.ofEpochSecond(eventCreated)
                  + " and Stripe's newest event is more than 30 days later")
              + ": Stripe keeps events for 30 days, so changes after it may be lost", cause);
        this.eventCreated = eventCreated;
    }

    private EventsExpiredException(long eventCreated, String message, Throwable cause) {
        super(message, cause);
        this.eventCreated = eventCreated;
    }

    /**
     * Stripe has no event of this id. When Stripe's newest event is within its 30 days of it, the event did not
     * expire: it was never in this account (a position stored against another account, or a simulator that was
     * started afresh), which the message says instead of blaming the retention.
     *
     * @param newestVisible the created second of Stripe's newest event, of any type
     */
    public static EventsExpiredException missing(String eventId, long eventCreated, long newestVisible, Throwable cause) {
        if (newestVisible - eventCreated > EventsApi.RETENTION_SECONDS) {
            return new EventsExpiredException(eventId, eventCreated, cause);
        }
        return new EventsExpiredException(eventCreated, "Stripe has no event " + eventId + " (created "
                                          + Instant.ofEpochSecond(eventCreated) + "), the newest one this consumer"
                                          + " delivered, although Stripe keeps events for 30 days and its newest is"
                                          + " younger than that: the position was not made against this account (another"
                                          + " key's account, or a simulator started afresh), so changes after it may be"
                                          + " lost", cause);
    }

    public long eventCreated() {
        return eventCreated;
    }
}
