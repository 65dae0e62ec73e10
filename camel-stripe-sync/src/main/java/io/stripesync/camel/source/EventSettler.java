package io.stripesync.camel.source;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * Turns the events a read found (or a webhook pushed) into the records the route gets: only changes of the stream's
 * resources, each to the one resource its object is and never older than that resource's watermark, each read again
 * where its payload may be at another API version or not its object's newest state (rehydration), and with its nested
 * lists whole.
 */
final class EventSettler {

    /** A record for the route and the event it came from. */
    record Emitted(ChangeRecord record, EventCandidate from) {
    }

    /** One resource the events are settled for: how its objects are read again and its nested lists completed. */
    record Follow(StripeResource resource, Rehydration rehydration, NestedListReader nestedLists) {
    }

    /** By object type, which is the resource's catalog name. */
    private final Map<String, Follow> follows = new HashMap<>();
    private final List<EventQuery> groups;
    private final Predicate<String> notTheObject;

    EventSettler(StripeResource resource, List<EventQuery> groups, Predicate<String> notTheObject,
                 Rehydration rehydration, NestedListReader nestedLists) {
        this(List.of(new Follow(resource, rehydration, nestedLists)), groups, notTheObject);
    }

    /**
     * @param notTheObject event types whose data.object only looks like a resource's (a preview invoice): never
     *                     emitted when read by wildcard or unfiltered
     */
    EventSettler(List<Follow> follows, List<EventQuery> groups, Predicate<String> notTheObject) {
        follows.forEach(f -> this.follows.put(f.resource().name(), f));
        this.groups = groups;
        this.notTheObject = notTheObject;
    }

    /**
     * The record of an event, or null when its object is none of the stream's resources (or a wildcard match of another
     * type), or it is older than its resource's watermark (its snapshot holds it): remembered, never emitted.
     *
     * @param from  the position the read began at: its account, and the resources' watermarks
     * @param after the position after the event, or null when the record gets its position later
     */
    ChangeRecord record(EventCandidate c, Position from, Position after) {
        JsonObject data = c.event().getAsJsonObject("data");
        JsonObject object = data.getAsJsonObject("object");
        Follow follow = ours(groups.get(c.group()), c.type(), object);
        if (follow == null) {
            return null;
        }
        StripeResource resource = follow.resource();
        if (from.several() && c.created() < from.watermark(resource.name())) {
            return null;
        }
        if (from.behind().contains(resource.name())) {
            // its snapshot is still being read: its events come when the cursor goes back for it (Position.caughtUp)
            return null;
        }
        JsonObject previous = data.has("previous_attributes") && data.get("previous_attributes").isJsonObject()
                ? data.getAsJsonObject("previous_attributes") : null;
        String account = EventsApi.stringOrNull(c.event(), "account");
        return new ChangeRecord(ChangeType.of(resource.changeKind(c.type())), resource.name(), object, c.id(), c.type(),
                c.created(), previous, account != null ? account : from.account(),
                EventsApi.stringOrNull(c.event(), "api_version"), after);
    }

    /**
     * Whether the event is a change of a resource behind the cursor (taking its snapshot while the others are
     * followed): passed over now, read again once the cursor goes back for it.
     */
    boolean passedOver(EventCandidate c, Position from) {
        if (from.behind().isEmpty()) {
            return false;
        }
        Follow follow = ours(groups.get(c.group()), c.type(), c.event().getAsJsonObject("data").getAsJsonObject("object"));
        return follow != null && from.behind().contains(follow.resource().name());
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
        Map<Follow, List<String>> toRead = new LinkedHashMap<>();
        for (Emitted e : emitted) {
            ChangeRecord r = e.record();
            EventCandidate c = e.from();
            EventCursor cursor = start == null ? null : start.cursors().get(c.group());
            boolean uncertain = !c.forward() || cursor != null && cursor.eventId() != null && c.created() <= cursor.created()
                                || perObjectSecond.get(r.objectId() + "@" + r.eventCreated()) > 1;
            Follow follow = follow(r);
            wanted.add(follow.rehydration().wanted(r, uncertain));
            if (wanted.get(wanted.size() - 1)) {
                toRead.computeIfAbsent(follow, f -> new ArrayList<>()).add(r.objectId());
            }
        }
        // objects read again in this poll, by id (empty when gone): one read per object, all at once; Stripe's ids
        // are unique across object types, so one map holds every resource's
        Map<String, Optional<JsonObject>> reads = new HashMap<>();
        for (Map.Entry<Follow, List<String>> e : toRead.entrySet()) {
            reads.putAll(e.getKey().rehydration().readAll(e.getValue()));
        }
        List<ChangeRecord> settled = new ArrayList<>(emitted.size());
        for (int i = 0; i < emitted.size(); i++) {
            ChangeRecord r = emitted.get(i).record();
            if (wanted.get(i)) {
                r = follow(r).rehydration().apply(r, reads);
            }
            settled.add(withWholeLists(r));
        }
        return settled;
    }

    /** A backlog window's events, oldest first, each as its record (no position yet), or null when not ours. */
    List<ChangeRecord> settleWindow(List<JsonObject> oldestFirst, Position from) throws StripeException {
        List<Emitted> emitted = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        List<ChangeRecord> records = new ArrayList<>(Collections.nCopies(oldestFirst.size(), (ChangeRecord) null));
        for (int i = 0; i < oldestFirst.size(); i++) {
            EventCandidate c = new EventCandidate(0, oldestFirst.get(i), true);
            ChangeRecord r = record(c, from, null);
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
    ChangeRecord pushedRecord(JsonObject event, Position at, boolean orderUncertain) throws StripeException {
        String type = event.get("type").getAsString();
        JsonObject object = event.getAsJsonObject("data").getAsJsonObject("object");
        for (int g = 0; g < groups.size(); g++) {
            if (ours(groups.get(g), type, object) != null) {
                EventCandidate c = new EventCandidate(g, event, !orderUncertain);
                ChangeRecord record = record(c, at, null);
                return record == null ? null : settle(List.of(new Emitted(record, c)), null).get(0);
            }
        }
        return null;
    }

    /**
     * The record carrying its object as Stripe has it now (a deletion when gone), as for a late event. Unchanged when
     * rehydrate=never or the resource cannot be read by id.
     */
    ChangeRecord current(ChangeRecord record) throws StripeException {
        Rehydration rehydration = follow(record).rehydration();
        if (!rehydration.wanted(record, true)) {
            return record;
        }
        return withWholeLists(rehydration.apply(record, rehydration.readAll(List.of(record.objectId()))));
    }

    /** The record with the lists embedded in its object read whole (a deletion when the object is gone meanwhile). */
    private ChangeRecord withWholeLists(ChangeRecord r) throws StripeException {
        NestedListReader nestedLists = follow(r).nestedLists();
        if (nestedLists == null || r.type() == ChangeType.DELETE) {
            return r;
        }
        JsonObject whole = nestedLists.complete(r.object());
        return whole == null ? r.asDeletion() : r.withObject(whole, r.apiVersion());
    }

    private Follow follow(ChangeRecord r) {
        return follows.get(r.resource());
    }

    /**
     * The resource an event found by the query is a change of, or null: by exact type for named types; by its object
     * for a wildcard or unfiltered read, so a type the catalog does not know is still delivered.
     */
    private Follow ours(EventQuery query, String type, JsonObject object) {
        String objectType = EventsApi.stringOrNull(object, "object");
        Follow follow = objectType == null ? null : follows.get(objectType);
        if (follow == null) {
            return null;
        }
        if (query.types() != null) {
            return query.names(type) && follow.resource().eventTypes().contains(type) ? follow : null;
        }
        return !notTheObject.test(type) && EventsApi.stringOrNull(object, "id") != null ? follow : null;
    }
}
