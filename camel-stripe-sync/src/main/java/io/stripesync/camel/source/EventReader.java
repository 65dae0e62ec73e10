package io.stripesync.camel.source;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import io.stripesync.camel.catalog.StripeResource;
import io.stripesync.camel.client.ListPages;
import io.stripesync.camel.client.StripeGateway;
import io.stripesync.camel.position.EventCursor;
import io.stripesync.camel.position.Position;

/**
 * Follows a resource's changes through {@code /v1/events}, filtered to its exact event types, oldest first.
 *
 * <p>Forward progress pages {@code ending_before} the newest delivered event (Stripe's list order, so events of the
 * same second keep their order). Because Stripe's event list is eventually consistent, each poll also reads again the
 * look-back window before that cursor and delivers any event not yet delivered; the ids delivered inside the window
 * are kept in the position, so steady state delivers each event once. Types are requested at most 20 per request; a
 * resource with more is read in groups whose events are merged by time.
 */
public final class EventReader {

    public static final int MAX_TYPES_PER_REQUEST = 20;
    private static final String EVENTS = "/v1/events";
    /** Stripe keeps events for 30 days. */
    public static final long EVENT_RETENTION_SECONDS = 30L * 24 * 3600;
    private static final int RESCAN_PAGE = 100;

    private final StripeGateway gateway;
    private final StripeResource resource;
    private final List<EventQuery> groups;
    private final Predicate<String> notTheObject;
    private final int batchSize;
    private final long lookbackSeconds;
    private final Rehydration rehydration;
    private final NestedListReader nestedLists;
    private EventBacklog backlog;
    /** Reads look-back stretches at once, when set up. */
    private Executor readers;
    /** The created second of the newest event seen by a probe; 0 until one ran. Only ever grows. */
    private volatile long newestKnown;
    /**
     * Whether the last poll left events unread: only then may a backlog be worth a probe. True at first, so a start
     * after downtime finds its backlog on the first poll (one request per start).
     */
    private volatile boolean behind = true;
    /** The oldest cursor's second at the last probe. */
    private volatile long probedAt = Long.MIN_VALUE / 2;
    /** Whether this start already tried a backlog for a cursor that has no event yet. */
    private boolean unanchoredTried;
    /** Per event query, the cursor's second at its last look-back read. */
    private final Map<Integer, Long> rescannedAt = new ConcurrentHashMap<>();

    public EventReader(StripeGateway gateway, StripeResource resource, int batchSize, long lookbackSeconds) {
        this(gateway, resource, batchSize, lookbackSeconds, new Rehydration(gateway, resource, null, RehydrateMode.never),
                null, EventFilter.exact, t -> false);
    }

    /**
     * @param rehydration  how payloads are replaced by the object as read now
     * @param nestedLists  completes the lists embedded in each object, or null to leave them as Stripe sent them
     * @param filter       which events to ask Stripe for
     * @param notTheObject event types whose data.object only looks like this resource's (a preview invoice): never
     *                     emitted when read by wildcard or unfiltered
     */
    public EventReader(StripeGateway gateway, StripeResource resource, int batchSize, long lookbackSeconds,
                       Rehydration rehydration, NestedListReader nestedLists, EventFilter filter,
                       Predicate<String> notTheObject) {
        this.gateway = gateway;
        this.resource = resource;
        this.groups = queries(resource, filter);
        this.notTheObject = notTheObject;
        this.batchSize = batchSize;
        this.lookbackSeconds = lookbackSeconds;
        this.rehydration = rehydration;
        this.nestedLists = nestedLists;
    }

    static List<EventQuery> queries(StripeResource resource, EventFilter filter) {
        if (filter == EventFilter.all) {
            return List.of(EventQuery.everything());
        }
        if (filter == EventFilter.auto && resource.eventWildcard() != null) {
            return List.of(EventQuery.wildcard(resource.eventWildcard()));
        }
        List<String> types = resource.eventTypes();
        List<EventQuery> groups = new ArrayList<>();
        for (int i = 0; i < types.size(); i += MAX_TYPES_PER_REQUEST) {
            groups.add(EventQuery.exact(types.subList(i, Math.min(types.size(), i + MAX_TYPES_PER_REQUEST))));
        }
        return groups;
    }

    /**
     * Reads a backlog (events older than the look-back before the newest one) ahead in parallel, with these readers
     * and at most that many pages in memory. Only for a single event query; a resource read in several groups keeps
     * one page per poll.
     */
    public EventReader readingBacklogsWith(Executor executor, int readers, int pagesInMemory) {
        this.readers = executor;
        if (groups.size() == 1) {
            backlog = new EventBacklog(gateway, groups.get(0).params(), this::settleWindow, executor, readers,
                    pagesInMemory, batchSize, lookbackSeconds);
        }
        return this;
    }

    /** Drops what a backlog read ahead. */
    public void close() {
        if (backlog != null) {
            backlog.close();
        }
    }

    /** Whether the reader asks Stripe for more than the catalog's exact types (a wildcard, or every event). */
    public boolean readsBeyondKnownTypes() {
        return groups.stream().anyMatch(q -> q.types() == null);
    }

    /** How far back each read looks again for late-visible events. */
    public long lookbackSeconds() {
        return lookbackSeconds;
    }

    public int groupCount() {
        return groups.size();
    }

    /**
     * Where CDC starts: the newest event visible now in each group, taken before the snapshot's first request. The
     * other events visible in that second are recorded as accounted for, so the look-back never delivers them.
     */
    public Position startPosition(String account, boolean snapshot, long floor) throws StripeException {
        List<EventCursor> cursors = new ArrayList<>();
        Map<String, Long> accountedFor = new LinkedHashMap<>();
        for (EventQuery query : groups) {
            Map<String, Object> params = query.params();
            params.put("limit", 1);
            List<JsonObject> newest = data(gateway.get(EVENTS, params));
            if (newest.isEmpty()) {
                // No event of these types yet: anchor on the newest event of any type, Stripe's only clock, so that a
                // position left unused for longer than Stripe keeps events can still be recognised as expired.
                cursors.add(new EventCursor(newestEventOfAnyType(), null));
                continue;
            }
            long second = created(newest.get(0));
            cursors.add(new EventCursor(second, newest.get(0).get("id").getAsString()));
            Map<String, Object> sameSecond = query.params();
            sameSecond.put("limit", RESCAN_PAGE);
            sameSecond.put("created", Map.of("gte", second, "lte", second));
            for (JsonObject e : all(sameSecond)) {
                accountedFor.put(e.get("id").getAsString(), second);
            }
        }
        return Position.start(resource.name(), account, snapshot, cursors, accountedFor, floor);
    }

    /** The created second of the newest visible event of any type, or 0 when the account has none. */
    private long newestEventOfAnyType() throws StripeException {
        List<JsonObject> newest = data(gateway.get(EVENTS, new LinkedHashMap<>(Map.of("limit", 1))));
        return newest.isEmpty() ? 0 : created(newest.get(0));
    }

    /** Every event of a list request, newest first. */
    private List<JsonObject> all(Map<String, Object> params) throws StripeException {
        List<JsonObject> all = new ArrayList<>();
        ListPages pages = new ListPages(gateway, EVENTS, params, null, false, 0);
        for (JsonObject e = pages.nextOrNull(); e != null; e = pages.nextOrNull()) {
            all.add(e);
        }
        return all;
    }

    /**
     * The next events after the position, at most {@code max} (0: a batch). Behind by more than the look-back, a
     * backlog is read ahead in parallel when set up; otherwise one page per call.
     */
    public PollResult read(Position position, int max) throws StripeException, EventsExpiredException {
        // No event of ours delivered yet (a fresh account, or none since the anchor): the first read would walk every
        // event visible since the anchor, page after page, to deliver the oldest batch. Once per start, a backlog is
        // tried first: it finds the oldest event in a few requests and reads from there in parallel.
        boolean unanchored = backlog != null && !unanchoredTried && position.cursors().size() == 1
                             && position.cursors().get(0).eventId() == null;
        if (unanchored) {
            unanchoredTried = true;
        }
        if (behind || unanchored) {
            long oldestCursor = position.cursors().stream().mapToLong(EventCursor::created).min().orElse(0);
            if (oldestCursor >= newestKnown - lookbackSeconds - 1 && oldestCursor - probedAt >= lookbackSeconds / 2
                && (backlog == null || !backlog.reading())) {
                // one request, only when the last poll saw more to read (steady state never pays it), and again only
                // after half a look-back of progress: new events far enough ahead to start another backlog take that.
                // Not while a backlog is delivered: it reads to the newest second it knew, and its last minute would
                // wait for a probe per half look-back on the way
                newestKnown = Math.max(newestKnown, newestEventOfAnyType());
                probedAt = oldestCursor;
            }
            if (oldestCursor > 0 && newestKnown - oldestCursor > EVENT_RETENTION_SECONDS) {
                throw new EventsExpiredException(position.cursors().get(0).eventId(), oldestCursor, null);
            }
            if (backlog != null) {
                PollResult ahead = backlog.read(position, newestKnown, max);
                if (ahead != null) {
                    behind = true;
                    return ahead;
                }
            }
        } else if (backlog != null) {
            backlog.close();
        }
        PollResult result = read(position);
        behind = result.moreAvailable();
        return result;
    }

    /**
     * Whether this poll reads the look-back window again. Not when everything up to the cursor has long been visible;
     * while a backlog is read page after page, once per half look-back of progress (a late event is at most the
     * look-back behind, so it is still inside a later window) instead of on every page; else on every poll.
     */
    private boolean rescanDue(int group, EventCursor cursor, boolean more) {
        if (settled(cursor)) {
            return false;
        }
        Long last = rescannedAt.get(group);
        if (more && last != null && cursor.created() - last < Math.max(1, lookbackSeconds / 2)) {
            return false;
        }
        rescannedAt.put(group, cursor.created());
        return true;
    }

    /** Whether every event up to this cursor has long been visible: no late event can show up behind it. */
    private boolean settled(EventCursor cursor) {
        return cursor.created() < newestKnown - lookbackSeconds - 1;
    }

    /** A backlog window's events, oldest first, each as its record (no position yet), or null when not ours. */
    private List<ChangeRecord> settleWindow(List<JsonObject> oldestFirst, String positionAccount) throws StripeException {
        List<Emitted> emitted = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        List<ChangeRecord> records = new ArrayList<>(Collections.nCopies(oldestFirst.size(), (ChangeRecord) null));
        for (int i = 0; i < oldestFirst.size(); i++) {
            Candidate c = new Candidate(0, oldestFirst.get(i), true);
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

    public PollResult read(Position position) throws StripeException, EventsExpiredException {
        Set<String> seen = new LinkedHashSet<>(position.delivered().keySet());
        List<Candidate> late = new ArrayList<>();
        List<List<Candidate>> forward = new ArrayList<>();
        Long bound = null;
        boolean more = false;
        for (int g = 0; g < groups.size(); g++) {
            EventCursor cursor = position.cursors().get(g);
            Forward f = forward(g, cursor);
            forward.add(f.events());
            if (f.hasMore()) {
                more = true;
                if (!f.events().isEmpty()) {
                    long newest = f.events().get(f.events().size() - 1).created;
                    bound = bound == null ? newest : Math.min(bound, newest);
                }
            }
            Set<String> forwardIds = new LinkedHashSet<>();
            f.events().forEach(c -> forwardIds.add(c.id));
            for (Candidate c : rescanDue(g, cursor, f.hasMore()) ? rescan(g, cursor, position.cdcStart()) : List.<Candidate>of()) {
                if (!forwardIds.contains(c.id)) {
                    late.add(c);
                }
            }
        }
        List<Candidate> ordered = new ArrayList<>(late);
        ordered.sort((a, b) -> Long.compare(a.created, b.created));
        ordered.addAll(merge(forward, groups.size() > 1 ? bound : null));

        List<Emitted> emitted = new ArrayList<>();
        Position current = position;
        for (Candidate c : ordered) {
            if (!seen.add(c.id)) {
                if (c.forward) {
                    // delivered before, out of list order (a webhook pushed it): the cursor still moves past it
                    current = current.afterEvent(c.group, c.id, c.created, true, lookbackSeconds);
                }
                continue;
            }
            current = current.afterEvent(c.group, c.id, c.created, c.forward, lookbackSeconds);
            ChangeRecord record = record(c, position.account(), current);
            if (record != null) {
                emitted.add(new Emitted(record, c));
            }
        }
        return new PollResult(settle(emitted, position), current, more);
    }

    /**
     * The record of an event, or null when its object is not this resource's (or a wildcard match of another type):
     * remembered, never emitted.
     */
    private ChangeRecord record(Candidate c, String positionAccount, Position after) {
        JsonObject data = c.event.getAsJsonObject("data");
        JsonObject object = data.getAsJsonObject("object");
        if (!ours(groups.get(c.group), c.type, object)) {
            return null;
        }
        JsonObject previous = data.has("previous_attributes") && data.get("previous_attributes").isJsonObject()
                ? data.getAsJsonObject("previous_attributes") : null;
        String account = stringOrNull(c.event, "account");
        return new ChangeRecord(ChangeType.of(resource.changeKind(c.type)), resource.name(), object, c.id, c.type,
                c.created, previous, account != null ? account : positionAccount, stringOrNull(c.event, "api_version"),
                after);
    }

    /**
     * Each record as it should reach the route: read again where its payload may be at another API version or not its
     * object's newest state, and with its nested lists whole.
     *
     * <p>Stripe's order of events within one second is not the order of the changes, and a late-visible event is older
     * than what was delivered before it. Such a record is "order uncertain": it carries the object as read now, so
     * whichever of its object's records the route sees last holds the newest state. Uncertain are: late events, events
     * in the second the cursor stood in when the poll began, and several events of one object in one second.
     */
    private List<ChangeRecord> settle(List<Emitted> emitted, Position start) throws StripeException {
        Map<String, Integer> perObjectSecond = new HashMap<>();
        for (Emitted e : emitted) {
            perObjectSecond.merge(e.record().objectId() + "@" + e.record().eventCreated(), 1, Integer::sum);
        }
        List<Boolean> wanted = new ArrayList<>(emitted.size());
        List<String> toRead = new ArrayList<>();
        for (Emitted e : emitted) {
            ChangeRecord r = e.record();
            Candidate c = e.from();
            EventCursor cursor = start == null ? null : start.cursors().get(c.group);
            boolean uncertain = !c.forward || cursor != null && cursor.eventId() != null && c.created <= cursor.created()
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

    /**
     * The record of an event pushed to the endpoint (a webhook) rather than read from the list, or null when the event
     * is not a change of this resource. Read again as a late event would be when its order is uncertain (an event of
     * its object at or after it was delivered before, or the list reading has passed its second), else as the list
     * reading treats an event in order; nested lists completed.
     */
    public ChangeRecord pushedRecord(JsonObject event, String positionAccount, boolean orderUncertain)
            throws StripeException {
        String type = event.get("type").getAsString();
        JsonObject object = event.getAsJsonObject("data").getAsJsonObject("object");
        for (int g = 0; g < groups.size(); g++) {
            if (ours(groups.get(g), type, object)) {
                Candidate c = new Candidate(g, event, !orderUncertain);
                ChangeRecord record = record(c, positionAccount, null);
                return settle(List.of(new Emitted(record, c)), null).get(0);
            }
        }
        return null;
    }

    /**
     * The record carrying its object as Stripe has it now (a deletion when gone), as for a late event: for a record
     * read from the list whose object a webhook delivered a change of since, at or after this one. Unchanged when
     * rehydrate=never or the resource cannot be read by id.
     */
    public ChangeRecord current(ChangeRecord record) throws StripeException {
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
     * Checks, with one request, that the newest event the position names is this account's. Stripe keeps events 30
     * days: when it lacks the event but still lists one from the event's second or before, the event was never here.
     * When it lists none that old the event expired, which the reads report as such.
     *
     * @throws ForeignPositionException when the position was stored for another account
     */
    public void confirmOwnEvents(Position position, String stateKey) throws StripeException {
        EventCursor newest = position.cursors().stream().filter(c -> c.eventId() != null)
                .max(Comparator.comparingLong(EventCursor::created)).orElse(null);
        if (newest == null) {
            return;
        }
        try {
            gateway.get(EVENTS + "/" + newest.eventId(), Map.of());
            return;
        } catch (InvalidRequestException e) {
            if (!"resource_missing".equals(e.getCode())) {
                throw e;
            }
        }
        JsonObject older = gateway.get(EVENTS, Map.of("limit", 1, "created", Map.of("lte", newest.created())));
        if (!data(older).isEmpty()) {
            throw new ForeignPositionException(stateKey, newest.eventId(), newest.created());
        }
    }

    /** The events after the cursor in list order, oldest first, at most one batch. */
    private Forward forward(int group, EventCursor cursor) throws StripeException, EventsExpiredException {
        Map<String, Object> params = groups.get(group).params();
        params.put("limit", batchSize);
        if (cursor.eventId() != null) {
            params.put("ending_before", cursor.eventId());
            JsonObject page;
            try {
                page = gateway.get(EVENTS, params);
            } catch (InvalidRequestException e) {
                if ("ending_before".equals(e.getParam()) || "resource_missing".equals(e.getCode())) {
                    throw new EventsExpiredException(cursor.eventId(), cursor.created(), e);
                }
                throw e;
            }
            List<Candidate> events = new ArrayList<>();
            for (JsonObject e : data(page)) {
                events.add(new Candidate(group, e, true));
            }
            Collections.reverse(events);
            boolean hasMore = page.get("has_more").getAsBoolean();
            return new Forward(hasMore ? wholeSeconds(events) : events, hasMore);
        }
        // No event seen yet: everything visible after the anchor is new. If Stripe's newest event is more than the
        // retention past the anchor, events of these types may have come and gone: never carry on as if not.
        if (cursor.created() > 0) {
            long newestAny = newestEventOfAnyType();
            if (newestAny - cursor.created() > EVENT_RETENTION_SECONDS) {
                throw new EventsExpiredException(null, cursor.created(), null);
            }
            params.put("created", Map.of("gte", cursor.created()));
        }
        // Stripe lists newest first, so walk to the end keeping only the oldest batch.
        Deque<Candidate> oldest = new ArrayDeque<>();
        boolean dropped = false;
        ListPages pages = new ListPages(gateway, EVENTS, params, null, false, 0);
        for (JsonObject e = pages.nextOrNull(); e != null; e = pages.nextOrNull()) {
            oldest.addLast(new Candidate(group, e, true));
            if (oldest.size() > batchSize) {
                oldest.removeFirst();
                dropped = true;
            }
        }
        List<Candidate> events = new ArrayList<>(oldest);
        Collections.reverse(events);
        return new Forward(dropped ? wholeSeconds(events) : events, dropped);
    }

    /**
     * A batch cut by the page size ends at a second boundary, so that the events of one second, whose list order is
     * not their order, come in one poll. A second with more events than a batch is cut all the same.
     */
    private static List<Candidate> wholeSeconds(List<Candidate> oldestFirst) {
        int end = oldestFirst.size();
        if (end < 2 || oldestFirst.get(0).created == oldestFirst.get(end - 1).created) {
            return oldestFirst;
        }
        long lastSecond = oldestFirst.get(end - 1).created;
        while (oldestFirst.get(end - 1).created == lastSecond) {
            end--;
        }
        return new ArrayList<>(oldestFirst.subList(0, end));
    }

    /** Events at or before the cursor within the look-back window: where late-visible events show up. */
    private List<Candidate> rescan(int group, EventCursor cursor, long cdcStart) throws StripeException {
        if (cursor.eventId() == null || lookbackSeconds <= 0) {
            return List.of();
        }
        Map<String, Object> params = groups.get(group).params();
        params.put("limit", RESCAN_PAGE);
        Map<String, Object> created = new LinkedHashMap<>();
        // never below the CDC start: what happened before it is in the snapshot (or before the first start)
        created.put("gte", Math.max(cdcStart, cursor.created() - lookbackSeconds));
        created.put("lte", cursor.created());
        params.put("created", created);
        List<Candidate> found = new ArrayList<>();
        for (JsonObject e : window(params, (long) created.get("gte"))) {
            if (!e.get("id").getAsString().equals(cursor.eventId())) {
                found.add(new Candidate(group, e, false));
            }
        }
        Collections.reverse(found);
        return found;
    }

    /**
     * Every event of a look-back window, newest first. A window of several pages (the first look-back after a
     * backlog holds a whole look-back of events) is cut by the first page's density into stretches of about a page,
     * read at once by the backlog readers, instead of page after page.
     */
    private List<JsonObject> window(Map<String, Object> params, long gte) throws StripeException {
        if (readers == null) {
            return all(params);
        }
        JsonObject first = gateway.get(EVENTS, params);
        List<JsonObject> page = data(first);
        if (!first.get("has_more").getAsBoolean()) {
            return page;
        }
        long oldest = created(page.get(page.size() - 1));
        long span = Math.max(1, created(page.get(0)) - oldest + 1);
        List<ParallelReads.Read<List<JsonObject>>> parts = new ArrayList<>();
        // [gte, oldest]: the page's oldest second comes again whole; ids are deduplicated below
        for (long hi = oldest; hi >= gte; hi -= span) {
            Map<String, Object> part = new LinkedHashMap<>(params);
            part.put("created", Map.of("gte", Math.max(gte, hi - span + 1), "lte", hi));
            parts.add(() -> all(part));
        }
        Map<String, JsonObject> byId = new LinkedHashMap<>();
        page.forEach(e -> byId.put(e.get("id").getAsString(), e));
        for (List<JsonObject> part : ParallelReads.all(parts, readers)) {
            part.forEach(e -> byId.putIfAbsent(e.get("id").getAsString(), e));
        }
        return new ArrayList<>(byId.values());
    }

    /** Merges the groups' forward events by time, up to the bound a group with more to read imposes. */
    private static List<Candidate> merge(List<List<Candidate>> forward, Long bound) {
        List<Candidate> all = new ArrayList<>();
        for (List<Candidate> group : forward) {
            for (Candidate c : group) {
                if (bound == null || c.created <= bound) {
                    all.add(c);
                }
            }
        }
        all.sort((a, b) -> Long.compare(a.created, b.created));
        return all;
    }

    /**
     * Whether an event found by the query is a change of this resource: by exact type for named types; by its object
     * for a wildcard or unfiltered read, so a type the catalog does not know is still delivered.
     */
    private boolean ours(EventQuery query, String type, JsonObject object) {
        if (!resource.name().equals(stringOrNull(object, "object"))) {
            return false;
        }
        if (query.types() != null) {
            return query.names(type);
        }
        return !notTheObject.test(type) && stringOrNull(object, "id") != null;
    }

    private static List<JsonObject> data(JsonObject page) {
        List<JsonObject> items = new ArrayList<>();
        for (JsonElement e : page.getAsJsonArray("data")) {
            items.add(e.getAsJsonObject());
        }
        return items;
    }

    private static long created(JsonObject e) {
        return e.get("created").getAsLong();
    }

    private static String stringOrNull(JsonObject o, String field) {
        return o.has(field) && !o.get(field).isJsonNull() ? o.get(field).getAsString() : null;
    }

    private record Forward(List<Candidate> events, boolean hasMore) {
    }

    /** A record for the route and the event it came from. */
    private record Emitted(ChangeRecord record, Candidate from) {
    }

    private static final class Candidate {
        final int group;
        final JsonObject event;
        final String id;
        final String type;
        final long created;
        final boolean forward;

        Candidate(int group, JsonObject event, boolean forward) {
            this.group = group;
            this.event = event;
            this.id = event.get("id").getAsString();
            this.type = event.get("type").getAsString();
            this.created = event.get("created").getAsLong();
            this.forward = forward;
        }
    }
}
