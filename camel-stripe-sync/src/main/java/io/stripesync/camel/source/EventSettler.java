package io.stripesync.camel.source;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import com.google.gson.JsonObject;
import com.stripe.exception.StripeException;
import io.stripesync.camel.catalog.StripeResource;
import io.stripesync.camel.position.EventCursor;
import io.stripesync.camel.position.Position;

/**
 * Turns the events a read found (or a webhook pushed) into the records the route gets: only changes of this resource,
 * each read again where its payload may be at another API version or not its object's newest state (rehydration), and
 * with its nested lists whole.
 */
final class EventSettler {

    /** A record for the route and the event it came from. */
    record Emitted(ChangeRecord record, EventCandidate from) {
    }

    private final StripeResource resource;
    private final List<EventQuery> groups;
    private final Predicate<String> notTheObject;
    private final Rehydration rehydration;
    private final NestedListReader nestedLists;

    /**
     * @param notTheObject event types whose data.object only looks like this resource's (a preview invoice): never
     *                     emitted when read by wildcard or unfiltered
     */
    EventSettler(StripeResource resource, List<EventQuery> groups, Predicate<String> notTheObject,
                 Rehydration rehydration, NestedListReader nestedLists) {
        this.resource = resource;
        this.groups = groups;
        this.notTheObject = notTheObject;
        this.rehydration = rehydration;
        this.nestedLists = nestedLists;
    }

    /**
     * The record of an event, or null when its object is not this resource's (or a wildcard match of another type):
     * remembered, never emitted.
     */
    ChangeRecord record(EventCandidate c, String positionAccount, Position after) {
        JsonObject data = c.event().getAsJsonObject("data");
        JsonObject object = data.getAsJsonObject("object");
        if (!ours(groups.get(c.group()), c.type(), object)) {
            return null;
        }
        JsonObject previous = data.has("previous_attributes") && data.get("previous_attributes").isJsonObject()
                ? data.getAsJsonObject("previous_attributes") : null;
        String account = EventsApi.stringOrNull(c.event(), "account");
        return new ChangeRecord(ChangeType.of(resource.changeKind(c.type())), resource.name(), object, c.id(), c.type(),
                c.created(), previous, account != null ? account : positionAccount,
                EventsApi.stringOrNull(c.event(), "api_version"), after);
    }

    /**
     * Each record as it should reach the route: read again where its payload may be at another API version or not its
     * object's newest state, and with its nested lists whole.
     *
     * <p>Stripe's order of events within one second is not the order of the changes, and a late-visible event is older
     * than what was delivered before it. Such a record is "order uncertain": it carries the object as read now, so
     * whichever of its object's records the route sees last holds the newest state. Uncertain are: late events, events
     * in the second the cursor stood in when the poll began, and several events of one object in one second.
     *
     * @param start the position the poll began at, null when the events are settled already (a backlog's window)
     */
    List<ChangeRecord> settle(List<Emitted> emitted, Position start) throws StripeException {
        Map<String, Integer> perObjectSecond = new HashMap<>();
        for (Emitted e : emitted) {
            perObjectSecond.merge(e.record().objectId() + "@" + e.record().eventCreated(), 1, Integer::sum);
        }
        List<Boolean> wanted = new ArrayList<>(emitted.size());
        List<String> toRead = new ArrayList<>();
        for (Emitted e : emitted) {
            ChangeRecord r = e.record();
            EventCandidate c = e.from();
            EventCursor cursor = start == null ? null : start.cursors().get(c.group());
            boolean uncertain = !c.forward() || cursor != null && cursor.eventId() != null && c.created() <= cursor.created()
                                || perObjectSecond.get(r.objectId() + "@" + r.eventCreated()) > 1;
            wanted.add(rehydration.wanted(r, uncertain));
            if (wanted.get(wanted.size() - 1)) {
                toRead.add(r.objectId());
            }
        }
        // objects read again in this poll, by id (empty when gone): one read per object, all at once
        Map<String, Optional<JsonObject>> reads = rehydration.readAll(toRead);
        List<ChangeRecord> settled = new ArrayList<>(emitted.size());
        for (int i = 0; i < emitted.size(); i++) {
            ChangeRecord r = emitted.get(i).record();
            if (wanted.get(i)) {
                r = rehydration.apply(r, reads);
            }
            settled.add(withWholeLists(r));
        }
        return settled;
    }

    /** A backlog window's events, oldest first, each as its record (no position yet), or null when not ours. */
    List<ChangeRecord> settleWindow(List<JsonObject> oldestFirst, String positionAccount) throws StripeException {
        List<Emitted> emitted = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        List<ChangeRecord> records = new ArrayList<>(Collections.nCopies(oldestFirst.size(), (ChangeRecord) null));
        for (int i = 0; i < oldestFirst.size(); i++) {
            EventCandidate c = new EventCandidate(0, oldestFirst.get(i), true);
            ChangeRecord r = record(c, positionAccount, null);
            if (r != null) {
                emitted.add(new Emitted(r, c));
                at.add(i);
            }
        }
        // settled events are certain of their order, except several changes of one object in one second
        List<ChangeRecord> settled = settle(emitted, null);
        for (int i = 0; i < settled.size(); i++) {
            records.set(at.get(i), settled.get(i));
        }
        return records;
    }

    /**
     * The record of an event pushed to the endpoint (a webhook) rather than read from the list, or null when the event
     * is not a change of this resource. Read again as a late event would be when its order is uncertain (an event of
     * its object at or after it was delivered before, or the list reading has passed its second), else as the list
     * reading treats an event in order; nested lists completed.
     */
    ChangeRecord pushedRecord(JsonObject event, String positionAccount, boolean orderUncertain) throws StripeException {
        String type = event.get("type").getAsString();
        JsonObject object = event.getAsJsonObject("data").getAsJsonObject("object");
        for (int g = 0; g < groups.size(); g++) {
            if (ours(groups.get(g), type, object)) {
                EventCandidate c = new EventCandidate(g, event, !orderUncertain);
                ChangeRecord record = record(c, positionAccount, null);
                return settle(List.of(new Emitted(record, c)), null).get(0);
            }
        }
        return null;
    }

    /**
     * The record carrying its object as Stripe has it now (a deletion when gone), as for a late event. Unchanged when
     * rehydrate=never or the resource cannot be read by id.
     */
    ChangeRecord current(ChangeRecord record) throws StripeException {
        if (!rehydration.wanted(record, true)) {
            return record;
        }
        return withWholeLists(rehydration.apply(record, rehydration.readAll(List.of(record.objectId()))));
    }

    /** The record with the lists embedded in its object read whole (a deletion when the object is gone meanwhile). */
    private ChangeRecord withWholeLists(ChangeRecord r) throws StripeException {
        if (nestedLists == null || r.type() == ChangeType.DELETE) {
            return r;
        }
        JsonObject whole = nestedLists.complete(r.object());
        return whole == null ? r.asDeletion() : r.withObject(whole, r.apiVersion());
    }

    /**
     * Whether an event found by the query is a change of this resource: by exact type for named types; by its object
     * for a wildcard or unfiltered read, so a type the catalog does not know is still delivered.
     */
    private boolean ours(EventQuery query, String type, JsonObject object) {
        if (!resource.name().equals(EventsApi.stringOrNull(object, "object"))) {
            return false;
        }
        if (query.types() != null) {
            return query.names(type);
        }
        return !notTheObject.test(type) && EventsApi.stringOrNull(object, "id") != null;
    }
}
