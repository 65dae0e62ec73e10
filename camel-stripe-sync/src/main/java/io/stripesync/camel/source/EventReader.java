package io.stripesync.camel.source;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import com.google.gson.JsonObject;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import io.stripesync.camel.catalog.StripeResource;
import io.stripesync.camel.client.StripeGateway;
import io.stripesync.camel.position.EventCursor;
import io.stripesync.camel.position.Position;

/**
 * Follows a resource's changes through {@code /v1/events}, filtered to its exact event types, oldest first.
 *
 * <p>Each poll reads forward from the cursor ({@link ForwardRead}) and again the look-back window before it
 * ({@link LookBack}), because Stripe's event list is eventually consistent; the ids delivered inside the window are
 * kept in the position, so steady state delivers each event once. Types are requested at most 20 per request; a
 * resource with more is read in groups whose events are merged by time. Behind by more than the look-back
 * ({@link BacklogProbe}), a backlog is read ahead in parallel ({@link EventBacklog}). The events become records through
 * {@link EventSettler}.
 */
public final class EventReader {

    private final EventsApi api;
    /** The resources followed, by name; one for the stream of one resource. */
    private final List<String> resources;
    private final boolean several;
    private final List<EventQuery> groups;
    private final int batchSize;
    private final long lookbackSeconds;
    private final EventSettler settler;
    private final ForwardRead forward;
    private LookBack lookBack;
    private final BacklogProbe probe;
    private EventBacklog backlog;

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
        this(gateway, List.of(new EventSettler.Follow(resource, rehydration, nestedLists)), false, batchSize,
                lookbackSeconds, filter, notTheObject);
    }

    /**
     * The events of several resources: one query for all of them (see {@link #queries(List, boolean, EventFilter)}),
     * each event delivered to the resource its object is, never before that resource's watermark.
     *
     * @param several whether the position is one of several resources (a list of one resource is, too)
     */
    EventReader(StripeGateway gateway, List<EventSettler.Follow> follows, boolean several, int batchSize,
                long lookbackSeconds, EventFilter filter, Predicate<String> notTheObject) {
        this.api = new EventsApi(gateway);
        this.resources = follows.stream().map(f -> f.resource().name()).toList();
        this.several = several;
        this.groups = queries(follows.stream().map(EventSettler.Follow::resource).toList(), several, filter);
        this.batchSize = batchSize;
        this.lookbackSeconds = lookbackSeconds;
        this.settler = new EventSettler(follows, groups, notTheObject);
        this.forward = new ForwardRead(api, groups, batchSize);
        this.lookBack = new LookBack(api, groups, lookbackSeconds);
        this.probe = new BacklogProbe(api, lookbackSeconds);
    }

    static List<EventQuery> queries(StripeResource resource, EventFilter filter) {
        return queries(List.of(resource), false, filter);
    }

    /**
     * The event queries of a stream. One resource: its exact types, at most 20 per query, or its wildcard, or
     * everything. Several: always one query, whatever their number, so a poll costs one request: the union of their
     * exact types while it fits Stripe's 20 per request, else no type filter (the events are then sorted out here by
     * their object); never one query per resource.
     */
    static List<EventQuery> queries(List<StripeResource> resources, boolean several, EventFilter filter) {
        if (several) {
            Set<String> union = new LinkedHashSet<>();
            resources.forEach(r -> union.addAll(r.eventTypes()));
            if (union.isEmpty()) {
                return List.of();
            }
            return filter == EventFilter.all || union.size() > EventsApi.MAX_TYPES_PER_REQUEST
                    ? List.of(EventQuery.everything()) : List.of(EventQuery.exact(List.copyOf(union)));
        }
        StripeResource resource = resources.get(0);
        if (filter == EventFilter.all) {
            return List.of(EventQuery.everything());
        }
        if (filter == EventFilter.auto && resource.eventWildcard() != null) {
            return List.of(EventQuery.wildcard(resource.eventWildcard()));
        }
        List<String> types = resource.eventTypes();
        List<EventQuery> groups = new ArrayList<>();
        for (int i = 0; i < types.size(); i += EventsApi.MAX_TYPES_PER_REQUEST) {
            groups.add(EventQuery.exact(types.subList(i, Math.min(types.size(), i + EventsApi.MAX_TYPES_PER_REQUEST))));
        }
        return groups;
    }

    /** The reader with the look-back's clock replaced (a test's, to settle a window without waiting a look-back). */
    EventReader withClock(LongSupplier nanoTime) {
        lookBack = new LookBack(api, groups, lookbackSeconds, nanoTime);
        return this;
    }

    /**
     * Reads a backlog (events older than the look-back before the newest one) ahead in parallel, with these readers
     * and at most that many pages in memory. Only for a single event query; a resource read in several groups keeps
     * one page per poll.
     */
    public EventReader readingBacklogsWith(Executor executor, int readers, int pagesInMemory) {
        lookBack.readingWith(executor);
        if (groups.size() == 1) {
            backlog = new EventBacklog(api, groups.get(0).params(), settler::settleWindow, executor, readers,
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
            List<JsonObject> newest = EventsApi.data(api.page(params));
            if (newest.isEmpty()) {
                // No event of these types yet: anchor on the newest event of any type, Stripe's only clock, so that a
                // position left unused for longer than Stripe keeps events can still be recognised as expired.
                cursors.add(new EventCursor(api.newestOfAnyType(), null));
                continue;
            }
            long second = EventsApi.created(newest.get(0));
            cursors.add(new EventCursor(second, newest.get(0).get("id").getAsString()));
            for (JsonObject e : api.ofSecond(query.params(), second)) {
                accountedFor.put(e.get("id").getAsString(), second);
            }
        }
        return several ? Position.startSeveral(resources, account, snapshot, cursors, accountedFor, floor)
                : Position.start(resources.get(0), account, snapshot, cursors, accountedFor, floor);
    }

    /**
     * The watermark of a resource added to a running stream of several: the second of the newest event of any type
     * (Stripe's only clock) and the events of this resource visible in it, accounted for. Two requests. Its events
     * before that second are in the snapshot it takes next.
     */
    public Watermark watermarkFor(String resourceName) throws StripeException {
        long second = api.newestOfAnyType();
        Map<String, Long> accountedFor = new LinkedHashMap<>();
        if (second > 0) {
            for (JsonObject e : api.ofSecond(Map.of(), second)) {
                JsonObject object = e.getAsJsonObject("data").getAsJsonObject("object");
                if (resourceName.equals(EventsApi.stringOrNull(object, "object"))) {
                    accountedFor.put(e.get("id").getAsString(), second);
                }
            }
        }
        return new Watermark(second, accountedFor);
    }

    /** Where a resource's changes start: its events before {@code second}, and those accounted for, are passed over. */
    public record Watermark(long second, Map<String, Long> accountedFor) {
    }

    /**
     * The next events after the position, at most {@code max} (0: a batch). Behind by more than the look-back, a
     * backlog is read ahead in parallel when set up; otherwise one page per call.
     */
    public PollResult read(Position position, int max) throws StripeException, EventsExpiredException {
        if (probe.due(position, backlog != null)) {
            long newest = probe.newestKnown(position, backlog != null && backlog.reading());
            if (backlog != null) {
                PollResult ahead = backlog.read(position, newest, max);
                if (ahead != null) {
                    probe.polled(true);
                    return ahead;
                }
            }
        } else if (backlog != null) {
            backlog.close();
        }
        PollResult result = read(position);
        probe.polled(result.moreAvailable());
        return result;
    }

    /** One page forward per event query and its look-back, merged by time and settled into records. */
    public PollResult read(Position position) throws StripeException, EventsExpiredException {
        Set<String> seen = new LinkedHashSet<>(position.delivered().keySet());
        List<EventCandidate> late = new ArrayList<>();
        List<List<EventCandidate>> ahead = new ArrayList<>();
        Long bound = null;
        boolean more = false;
        for (int g = 0; g < groups.size(); g++) {
            EventCursor cursor = position.cursors().get(g);
            ForwardRead.Forward f = forward.after(g, cursor);
            ahead.add(f.events());
            if (f.hasMore()) {
                more = true;
                if (!f.events().isEmpty()) {
                    long newest = f.events().get(f.events().size() - 1).created();
                    bound = bound == null ? newest : Math.min(bound, newest);
                }
            }
            Set<String> forwardIds = new LinkedHashSet<>();
            f.events().forEach(c -> forwardIds.add(c.id()));
            for (EventCandidate c : lookBack.lateEvents(g, cursor, position.cdcStart(), f.hasMore(), probe.newestKnown())) {
                if (!forwardIds.contains(c.id())) {
                    late.add(c);
                }
            }
        }
        List<EventCandidate> ordered = new ArrayList<>(late);
        ordered.sort((a, b) -> Long.compare(a.created(), b.created()));
        ordered.addAll(ForwardRead.merge(ahead, groups.size() > 1 ? bound : null));

        List<EventSettler.Emitted> emitted = new ArrayList<>();
        Position current = position;
        for (EventCandidate c : ordered) {
            if (!seen.add(c.id())) {
                if (c.forward()) {
                    // delivered before, out of list order (a webhook pushed it): the cursor still moves past it
                    current = current.afterEvent(c.group(), c.id(), c.created(), true, lookbackSeconds);
                }
                continue;
            }
            // an event of a resource behind the cursor (taking its snapshot) is read again later: not remembered
            current = current.afterEvent(c.group(), c.id(), c.created(), c.forward(), lookbackSeconds,
                    !settler.passedOver(c, position));
            ChangeRecord record = settler.record(c, position, current);
            if (record != null) {
                emitted.add(new EventSettler.Emitted(record, c));
            }
        }
        return new PollResult(settler.settle(emitted, position), current, more);
    }

    /**
     * The record of an event pushed to the endpoint (a webhook) rather than read from the list, or null when the event
     * is not a change of this resource. Read again as a late event would be when its order is uncertain (an event of
     * its object at or after it was delivered before, or the list reading has passed its second), else as the list
     * reading treats an event in order; nested lists completed.
     */
    public ChangeRecord pushedRecord(JsonObject event, Position at, boolean orderUncertain)
            throws StripeException {
        return settler.pushedRecord(event, at, orderUncertain);
    }

    /**
     * The record carrying its object as Stripe has it now (a deletion when gone), as for a late event: for a record
     * read from the list whose object a webhook delivered a change of since, at or after this one. Unchanged when
     * rehydrate=never or the resource cannot be read by id.
     */
    public ChangeRecord current(ChangeRecord record) throws StripeException {
        return settler.current(record);
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
            api.event(newest.eventId());
            return;
        } catch (InvalidRequestException e) {
            if (!"resource_missing".equals(e.getCode())) {
                throw e;
            }
        }
        JsonObject older = api.page(Map.of("limit", 1, "created", Map.of("lte", newest.created())));
        if (!EventsApi.data(older).isEmpty()) {
            throw new ForeignPositionException(stateKey, newest.eventId(), newest.created());
        }
    }
}
