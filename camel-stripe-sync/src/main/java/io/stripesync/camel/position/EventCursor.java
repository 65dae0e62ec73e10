package io.stripesync.camel.position;

/**
 * The newest event delivered from one group of event types (at most 20 types per Stripe request), in Stripe's list
 * order. The next changes are the events listed {@code ending_before} it.
 *
 * @param created the event's created, epoch seconds; 0 when nothing has been seen yet
 * @param eventId the event id, or null when no event of these types was visible yet: then every visible event is new
 */
public record EventCursor(long created, String eventId) {

    public static final EventCursor BEGINNING = new EventCursor(0, null);
}
