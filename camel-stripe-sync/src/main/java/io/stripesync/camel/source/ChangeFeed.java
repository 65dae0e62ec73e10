package io.stripesync.camel.source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import com.google.gson.JsonObject;
import com.stripe.exception.StripeException;
import io.stripesync.camel.catalog.ResourceSelection;
import io.stripesync.camel.catalog.StripeResource;
import io.stripesync.camel.position.FencedStateRepository;
import io.stripesync.camel.position.ObjectDigests;
import io.stripesync.camel.position.Phase;
import io.stripesync.camel.position.Position;
import io.stripesync.camel.position.PositionStore;
import io.stripesync.camel.position.Round;
import io.stripesync.camel.position.UnreadablePositionException;

/**
 * What is read, what is saved, and when: the whole life of one stream of a resource, without Camel. It loads and checks
 * the stored position, takes the CDC start watermark before the snapshot's first request, reads by phase (the snapshot
 * through a {@link SnapshotPipeline}, then events), switches from snapshot to CDC, starts over with a new snapshot when
 * events expired (never below the old watermark), cuts batches to {@code maxMessagesPerPoll}, and saves a position
 * only when told that the records before it were processed.
 *
 * <p>The consumer keeps Camel's part: scheduling, exchanges, {@code processBatch}, health and errors. It calls
 * {@link #next()} for a batch, processes it, and calls {@link #processed(Position)} with the position after the last
 * record that completed.
 */
public final class ChangeFeed implements AutoCloseable {

    /**
     * How the stream is set up; nothing here changes while it runs.
     *
     * @param mode             when a snapshot is taken
     * @param roundMarkers     whether a round's end is delivered as a marker record (else it is closed silently)
     * @param followEveryNanos how often the others' events are read while resources added to a running stream take
     *                         their snapshot: the poll delay
     */
    public record Settings(String account, SnapshotMode mode, boolean roundMarkers, int maxMessagesPerPoll,
                           boolean resnapshotOnExpiry, long followEveryNanos) {

        public Settings(String account, boolean snapshot, int maxMessagesPerPoll, boolean resnapshotOnExpiry) {
            this(account, snapshot ? SnapshotMode.initial : SnapshotMode.never, false, maxMessagesPerPoll,
                    resnapshotOnExpiry, 5_000_000_000L);
        }
    }

    /** No resource read again, none tracked. */
    private Rereads rereads = new Rereads(Map.of(), Map.of(), new ObjectDigests(List.of()), Map.of(), 0);
    private ObjectDigests digests = new ObjectDigests(List.of());
    private LongSupplier wallClock = System::currentTimeMillis;


    private final ResourceSelection resources;
    /** Reads in one poll while they bring no record but move the position: each is one request. */
    private static final int MAX_READS_WITHOUT_RECORDS = 20;

    private final PositionStore store;
    private final SnapshotPipeline snapshot;
    private final EventReader events;
    /** Each resource's planner of extra snapshot passes. */
    private final Map<String, SnapshotPlanner> planners;
    private final Settings settings;
    private final Consumer<EventsExpiredException> onResnapshot;
    private volatile Position position;
    /** Events pushed by webhooks that the reads may still meet: merged into every position saved. */
    private final PushLedger pushes = new PushLedger();
    /** Held while the store is written: saves of the reads and of pushes go one after the other, in order. */
    private final Object saving = new Object();
    /** Whether the loaded position was checked against the account (once, at the first poll: it costs a request). */
    private boolean confirmed;
    private final Consumer<String> onLegacyForeign;
    private final Consumer<String> onReshaped;
    private final ResourceListChange listChange;
    private final Consumer<String> onNewRound;
    /**
     * A stored position this stream does not resume (snapshotMode=when_needed and other event queries): the next
     * position starts afresh and carries its rounds on, so their ids still grow.
     */
    private Position unusable;
    /** While a resource is read again: a page goes next, after a read of the events that brought changes. */
    private boolean pageTurn;
    /** While added resources take their snapshot and the others are followed: when the others' events are read next. */
    private long followDueNanos = System.nanoTime();

    /** @param onResnapshot told when events expired and a new snapshot starts (for the warning) */
    public ChangeFeed(StripeResource resource, PositionStore store, SnapshotPipeline snapshot, EventReader events,
                      SnapshotPlanner planner, Settings settings,
                      Consumer<EventsExpiredException> onResnapshot) {
        this(ResourceSelection.of(resource), store, snapshot, events, Map.of(resource.name(), planner), settings,
                onResnapshot, message -> {
                }, message -> {
                }, message -> {
                });
    }

    /**
     * @param planners        each resource's planner of extra snapshot passes
     * @param onLegacyForeign told (with why) when a position found under the key of earlier versions belongs to
     *                        another account, and the stream starts afresh instead
     * @param onReshaped      told (what changed) when the resources of a stored position of several are not the
     *                        endpoint's: added ones take their snapshot, removed ones are dropped
     * @param onNewRound      told (why) when a stored position is not resumed but a new snapshot round begins
     *                        (snapshotMode always or when_needed)
     */
    public ChangeFeed(ResourceSelection resources, PositionStore store, SnapshotPipeline snapshot, EventReader events,
                      Map<String, SnapshotPlanner> planners, Settings settings,
                      Consumer<EventsExpiredException> onResnapshot,
                      Consumer<String> onLegacyForeign, Consumer<String> onReshaped, Consumer<String> onNewRound) {
        this.onNewRound = onNewRound;
        this.onLegacyForeign = onLegacyForeign;
        this.onReshaped = onReshaped;
        this.resources = resources;
        this.store = store;
        this.snapshot = snapshot;
        this.events = events;
        this.planners = new LinkedHashMap<>(planners);
        this.settings = settings;
        this.listChange = new ResourceListChange(resources, events, this.planners, settings.mode().atFirstStart());
        this.onResnapshot = onResnapshot;
    }

    /**
     * Reads resources again as these say, keeping these digests of what was delivered.
     *
     * @param wallClock epoch milliseconds: round ids and the re-reads' schedule
     */
    ChangeFeed readingAgain(Rereads rereads, ObjectDigests digests, LongSupplier wallClock) {
        this.rereads = rereads;
        this.digests = digests;
        this.wallClock = wallClock;
        return this;
    }

    /**
     * Asks for a new round of the resource, read again while the events go on (every object, as snapshot records): it
     * begins at the next poll once the resource is not being read.
     *
     * @throws IllegalArgumentException when the stream does not follow that resource
     */
    public void requestResnapshot(String resource) {
        requestResnapshot(resource, null, null);
    }

    /**
     * As {@link #requestResnapshot(String)} for the objects created in {@code [createdGte, createdLt)} (epoch seconds,
     * either bound null for none): a round whose marker says partial, so a sink deletes nothing outside it.
     *
     * @throws IllegalArgumentException when the stream does not follow that resource, or the range is empty, or Stripe
     *                                  cannot list the resource by created time
     */
    public void requestResnapshot(String resource, Long createdGte, Long createdLt) {
        StripeResource followed = resources.resources().stream().filter(r -> r.name().equals(resource)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("This stream follows " + String.join(",",
                        resources.names()) + ", not " + resource));
        checkCreatedRange(followed, createdGte, createdLt);
        rereads.request(new Rereads.Request(resource, createdGte, createdLt));
    }

    /**
     * A created range a re-snapshot of the resource may take: either bound may be null.
     *
     * @throws IllegalArgumentException when it is empty, or Stripe cannot list the resource by created time
     */
    public static void checkCreatedRange(StripeResource resource, Long createdGte, Long createdLt) {
        if (createdGte == null && createdLt == null) {
            return;
        }
        if (!resource.createdFilter()) {
            throw new IllegalArgumentException("Stripe's list of " + resource.name() + " takes no created filter: only a"
                                               + " whole re-snapshot of it can be asked for");
        }
        if (createdGte != null && createdLt != null && createdGte >= createdLt) {
            throw new IllegalArgumentException("The created range [" + createdGte + ", " + createdLt + ") of "
                                               + resource.name() + " is empty");
        }
    }

    /**
     * The route processed this record: the digests of the resources read again on a schedule learn what it delivered.
     */
    public void delivered(ChangeRecord record) {
        String id = record.objectId();
        // (a round's marker has no object id)
        if (id == null || !digests.tracks(record.resource())) {
            return;
        }
        if (record.type() == ChangeType.DELETE) {
            digests.deleted(record.resource(), id);
            return;
        }
        Position at = record.after() != null ? record.after() : position;
        Round round = at == null ? null : at.round(record.resource());
        digests.delivered(record.resource(), id, record.object(), round == null ? 0 : round.id());
    }

    /**
     * Loads the stored position and checks that it belongs to this stream.
     *
     * @return the stored position, or null when the stream starts afresh
     * @throws IllegalStateException when the stored position was made for another resource, account or event query
     */
    public Position load() {
        try {
            position = store.load().orElse(null);
        } catch (UnreadablePositionException e) {
            if (settings.mode() != SnapshotMode.when_needed) {
                throw e;
            }
            onNewRound.accept(e.getMessage().substring(0, e.getMessage().indexOf(". Remove")) + ": snapshotMode="
                              + "when_needed starts afresh with a snapshot");
            return null;
        }
        if (position == null && resources.several()) {
            adoptSingles();
        }
        // the reads deliver an event when they pass it: a stored id ahead of every cursor was pushed
        pushes.loaded(position);
        String stored = store.loadDigests();
        if (stored != null) {
            try {
                digests.load(stored);
            } catch (IllegalArgumentException e) {
                // the next re-read emits every object once, and learns them again
                onNewRound.accept("the digests stored under " + store.digestsKey() + " cannot be read (" + e.getMessage()
                                  + "): the next scheduled re-read emits every object");
            }
        }
        if (position != null) {
            checkBelongsHere(position);
            if (resources.hasEvents() && position.cursors().size() != events.groupCount()) {
                if (settings.mode() == SnapshotMode.when_needed) {
                    onNewRound.accept("the position stored under state key '" + store.loadedKey() + "' follows "
                                      + position.cursors().size() + " event queries but this endpoint reads "
                                      + events.groupCount() + " (eventFilter changed): snapshotMode=when_needed takes a"
                                      + " new snapshot");
                    unusable = position;
                    position = null;
                    return null;
                }
                throw new IllegalStateException("The position stored under state key '" + store.loadedKey() + "' follows "
                                                + position.cursors().size() + " event queries but this endpoint reads "
                                                + events.groupCount() + " (option eventFilter, or the catalog's event"
                                                + " types, changed). Remove that key from the state repository to start"
                                                + " over with a snapshot, or go back to the previous eventFilter.");
            }
        }
        return position;
    }

    /** A list without a position of its own takes over what its resources' single endpoints stored. */
    private void adoptSingles() {
        ResourceListChange.Outcome adopted = listChange.adopt(store.adoptable(), settings.account());
        if (adopted != null) {
            save(adopted.position());
            onReshaped.accept(adopted.what());
        }
    }

    /**
     * The next records to deliver, each with the position after it. Empty when there is nothing now; then the position
     * it reached (the end of the snapshot, an empty look-back) is already saved.
     *
     * @throws EventsExpiredException when the stored CDC position fell out of Stripe's event retention and the stream
     *                                is set to fail rather than take a new snapshot
     */
    public PollResult next() throws StripeException, EventsExpiredException {
        if (!confirmed) {
            confirmOwnPosition();
            reshape();
            snapshotAtStart();
            confirmed = true;
        }
        if (position == null) {
            // CDC starts from the newest event visible before the snapshot's first request: every change made while
            // the snapshot runs is replayed. Stored at once, so a restart never moves the start forward.
            Position start = newPosition(settings.mode().atFirstStart(), unusable == null ? 0 : unusable.cdcStart());
            save(unusable == null ? start : start.withRoundsAfter(unusable));
            unusable = null;
        }
        try {
            return nextBatch();
        } catch (EventsExpiredException e) {
            if (!settings.resnapshotOnExpiry()) {
                throw e;
            }
            onResnapshot.accept(e);
            // the new snapshot's watermark is never at or before the old one, so sinks can tell the two rounds apart
            long floor = Math.max(e.eventCreated(), position.cdcStart() + 1);
            save(newPosition(true, floor).withRoundsAfter(position));
            return new PollResult(List.of(), position, true);
        }
    }

    private PollResult nextBatch() throws StripeException, EventsExpiredException {
        PollResult result = read(position);
        // A read that brings nothing new but moves the position (a phase ends; a page of events all delivered
        // already, by a push or by an earlier read out of list order) is followed by the next read at once: Camel
        // polls again without waiting only after a poll that delivered something, so returning empty here would cost
        // a whole poll delay per such page (a burst then came at a page per delay)
        for (int reads = 1; reads < MAX_READS_WITHOUT_RECORDS && result.records().isEmpty()
                            && (result.end().phase() != position.phase()
                                || result.moreAvailable() && !result.end().equals(position)); reads++) {
            save(result.end());
            result = read(position);
        }
        List<ChangeRecord> records = result.records();
        int max = settings.maxMessagesPerPoll();
        if (max > 0 && records.size() > max) {
            // the snapshot cuts its own batches (it keeps the rest of a page read ahead); events are read again
            records = records.subList(0, max);
            result = new PollResult(records, records.get(records.size() - 1).after(), true);
        }
        if (records.isEmpty()) {
            save(result.end());
        }
        return result;
    }

    /**
     * snapshotMode=always: a new round at every start, from a watermark taken now. A stored snapshot still open goes on
     * instead (its round was not delivered whole; starting it again would only repeat its pages), as does a marker
     * not yet delivered.
     */
    private void snapshotAtStart() throws StripeException {
        if (settings.mode() != SnapshotMode.always || position == null || !position.openSlices().isEmpty()
            || position.roundToClose() != null) {
            return;
        }
        onNewRound.accept("snapshotMode=always: a new snapshot round at this start");
        // the watermark is the newest event now, its second's events visible now accounted for: a floor a second
        // later would pass over changes made in that second after this start
        save(newPosition(true, position.cdcStart()).withRoundsAfter(position));
    }

    /**
     * A stored position of another account must not be resumed, nor overwritten. One found under the legacy key is
     * left to its owner and this stream starts afresh under its own key.
     */
    private void confirmOwnPosition() throws StripeException {
        if (position == null || !resources.hasEvents()) {
            return;
        }
        try {
            events.confirmOwnEvents(position, store.loadedKey());
        } catch (ForeignPositionException e) {
            if (!store.loadedFromLegacyKey()) {
                throw e;
            }
            store.disownLegacyKey();
            position = null;
            onLegacyForeign.accept(e.finding());
        }
    }

    /**
     * A feed opened again for an account of a stream of many, whose checks of the first start (whose position it is,
     * the list of resources, an always-snapshot round) were made when it was first opened in this run.
     */
    public ChangeFeed resumed() {
        confirmed = true;
        return this;
    }

    /** Saves the position reached once the records before it were processed; nothing happens when it did not move. */
    public void processed(Position reached) {
        save(reached);
    }

    /**
     * Before records go to the route: this stream still holds its claim on a fencing repository (looked up when the
     * last confirmation is older than {@code trustNanos}).
     *
     * @throws FencedStateRepository.SupersededClaimException when another node took over
     */
    public void confirmClaim(long trustNanos) {
        store.confirmClaim(trustNanos);
    }

    /** The fencing token of this stream's records: its claim on the key, 0 when the repository does not fence. */
    public long claim() {
        return store.claim();
    }

    /** Whether the events are read with more than the catalog's exact types (a wildcard, or every event). */
    public boolean readsBeyondKnownTypes() {
        return events.readsBeyondKnownTypes();
    }

    /** Whether the snapshot is split in created-time slices, read at once by several readers. */
    public boolean snapshotSlicesByCreated() {
        return snapshot.slicesByCreated();
    }

    /** The position as last saved. */
    public Position position() {
        return position;
    }

    /**
     * What to do with an event pushed by a webhook (its signature checked). It is delivered once the stream follows
     * changes, unless it was delivered already, by a push or by the reads; then {@link #pushedDelivered} once the route
     * processed it. The reads never move past it on its account, so an event a webhook missed is still read.
     *
     * @param deliveredMeanwhile whether the reads' batch being processed delivered this event id (not saved yet)
     * @throws StripeException when its object had to be read again and could not be
     */
    public PushedEvent admit(JsonObject event, Predicate<String> deliveredMeanwhile) throws StripeException {
        Position at = position;
        if (at == null || at.phase() != Phase.CDC) {
            return PushedEvent.not(PushedEvent.Verdict.AFTER_SNAPSHOT);
        }
        String id = event.get("id").getAsString();
        long created = event.get("created").getAsLong();
        if (created < at.cdcStart()) {
            return PushedEvent.not(PushedEvent.Verdict.IN_SNAPSHOT);
        }
        JsonObject object = event.getAsJsonObject("data").getAsJsonObject("object");
        String objectId = object.has("id") && !object.get("id").isJsonNull() ? object.get("id").getAsString() : null;
        PushLedger.Admission admission = pushes.admit(id, created, objectId, at, deliveredMeanwhile,
                events.lookbackSeconds());
        if (admission == PushLedger.Admission.DUPLICATE) {
            return PushedEvent.not(PushedEvent.Verdict.DUPLICATE);
        }
        // a change of an object a re-read delivered may be older than that record: read again, as for polled ones
        ChangeRecord record = events.pushedRecord(event, at,
                admission == PushLedger.Admission.ORDER_UNCERTAIN || rereads.unsure(objectId));
        return record == null ? PushedEvent.not(PushedEvent.Verdict.NOT_OURS)
                : new PushedEvent(PushedEvent.Verdict.DELIVER, record);
    }

    /**
     * The route processed a pushed event's record: it is remembered at once, so a repeat is a duplicate from now on;
     * {@link #savePushed(long)} makes it durable before Stripe is answered.
     *
     * @return the push's number
     */
    public long pushedDelivered(ChangeRecord record) {
        return pushes.delivered(record);
    }

    /**
     * Saves the position with every pushed event up to this number. One save covers every push made before it began:
     * pushes that come at once share saves (a group commit) instead of each waiting for its own, whose cost grows
     * with the ids the position holds.
     */
    public void savePushed(long number) {
        synchronized (saving) {
            long upTo = pushes.unsavedUpTo(number);
            if (upTo < 0) {
                return;
            }
            write(position);
            pushes.saved(upTo);
        }
    }

    /** Whether a push delivered this record's event since the reads found it: then it is not delivered again. */
    public boolean deliveredByPush(ChangeRecord record) {
        return pushes.contains(record.eventId());
    }

    /**
     * The record as it should reach the route now: read again (as a late event is) when a change of its object at or
     * after it was pushed since, so the route never ends on an older state than it already has.
     */
    public ChangeRecord current(ChangeRecord record) throws StripeException {
        // a change of an object a re-read delivered may be older than that record: read again while unsure
        boolean stale = record.eventCreated() != null && (pushes.newerPushed(record.objectId(), record.eventCreated())
                                                          || rereads.unsure(record.objectId()));
        return stale ? events.current(record) : record;
    }

    @Override
    public void close() {
        snapshot.close();
        events.close();
        if (digests.trackedAny()) {
            try {
                store.saveDigests(digests.encode());
            } catch (RuntimeException e) {
                // lost digests cost a re-read that emits more, never a change
                onNewRound.accept("the digests could not be stored under " + store.digestsKey() + ": " + e.getMessage());
            }
        }
    }

    private void save(Position next) {
        synchronized (saving) {
            write(next);
        }
    }

    /**
     * Writes the position, with the pushed ids, unless the store holds it already. Under {@link #saving}, so no write
     * goes back; the store is written without the ledger's monitor, so pushes go on meanwhile.
     */
    private void write(Position next) {
        // a snapshot's slices opened (first start, expired events, an added resource): their round begins now
        Position merged = pushes.mergedInto(next.withRoundsBegun(wallClock.getAsLong()), events.lookbackSeconds());
        if (merged == null || merged.equals(position)) {
            return;
        }
        store.save(merged);
        position = merged;
    }

    /** CDC start first (so nothing made meanwhile is lost), then the snapshot's passes. */
    private Position newPosition(boolean withSnapshot, long floor) throws StripeException {
        Position start = events.startPosition(settings.account(), withSnapshot, floor);
        if (!withSnapshot) {
            return start;
        }
        for (Map.Entry<String, SnapshotPlanner> p : planners.entrySet()) {
            start = start.withSnapshotPasses(p.getKey(), p.getValue().passes());
        }
        return start;
    }

    /** A stored position of several whose resources are not the endpoint's list: see {@link ResourceListChange}. */
    private void reshape() throws StripeException {
        if (position == null || !position.several()) {
            return;
        }
        ResourceListChange.Outcome reshaped = listChange.reshape(position);
        if (reshaped != null) {
            save(reshaped.position());
            onReshaped.accept(reshaped.what());
        }
    }

    private PollResult read(Position from) throws StripeException, EventsExpiredException {
        String closing = from.roundToClose();
        while (closing != null) {
            // what the round did not confirm went away while no event said so: deleted before the round closes
            // (a range's round saw nothing outside it: no deletion can be told)
            boolean whole = from.round(closing).kind() != Round.Kind.RANGE;
            List<String> gone = whole && digests.tracks(closing)
                    ? digests.unconfirmed(closing, from.round(closing).id()) : List.of();
            if (!gone.isEmpty()) {
                return RoundMarker.deletions(closing, gone, from);
            }
            if (digests.tracks(closing)) {
                store.saveDigests(digests.encode());
            }
            if (settings.roundMarkers()) {
                // every record of the round was processed (this position is saved after them): its marker goes
                // before anything read after it
                return RoundMarker.of(closing, from);
            }
            // no marker wanted: the round closes as its last record was processed
            save(RoundMarker.of(closing, from).end());
            from = position;
            closing = from.roundToClose();
        }
        PollResult read = readRecords(from);
        // the reads may have saved on the way (a re-read begun, the cursor taken back): count from where they began
        return RoundMarker.counted(read, position);
    }

    private PollResult readRecords(Position from) throws StripeException, EventsExpiredException {
        if (from.followingWhileSnapshotting() && resources.hasEvents() && System.nanoTime() - followDueNanos >= 0) {
            // resources added to a stream that follows changes: the others' events are read between the added
            // resources' snapshot pages, once a poll delay (as an idle stream's), or again at once while more are there
            PollResult changes = events.read(from);
            followDueNanos = System.nanoTime() + (changes.moreAvailable() ? 0 : settings.followEveryNanos());
            if (!changes.records().isEmpty()) {
                return changes;
            }
            // none: the read may still have moved the cursor (past the added resources' events); the pages go on from it
            from = changes.end();
        }
        if (from.phase() == Phase.SNAPSHOT) {
            return snapshot.read(from, settings.maxMessagesPerPoll());
        }
        if (!from.behind().isEmpty()) {
            // their snapshots are through: the cursor goes back for their changes since their watermarks
            save(from.caughtUp(events.lookbackSeconds()));
            from = position;
        }
        Position begun = from.behind().isEmpty() ? rereads.begin(from, wallClock.getAsLong()) : from;
        if (begun != from) {
            save(begun);
            from = position;
        }
        if (!from.rereads().isEmpty()) {
            // resources read again: the events are read once a poll delay (or at once while more are there), the
            // re-read's pages in between, and at least one page after each read that brought changes, so a busy
            // account does not hold a re-read back for as long as it stays busy
            if (resources.hasEvents() && !pageTurn && System.nanoTime() - followDueNanos >= 0) {
                PollResult changes = readEvents(from);
                followDueNanos = System.nanoTime() + (changes.moreAvailable() ? 0 : settings.followEveryNanos());
                if (!changes.records().isEmpty() || changes.moreAvailable()) {
                    pageTurn = true;
                    return changes;
                }
                from = changes.end();
            }
            pageTurn = false;
            return rereads.read(from);
        }
        if (!resources.hasEvents()) {
            return new PollResult(List.of(), from, false);
        }
        return readEvents(from);
    }

    /** A read of the events; one that reached the newest settles what re-reads listed a look-back before it began. */
    private PollResult readEvents(Position from) throws StripeException, EventsExpiredException {
        long began = System.nanoTime();
        PollResult changes = events.read(from, settings.maxMessagesPerPoll());
        if (!changes.moreAvailable()) {
            rereads.caughtUp(began);
        }
        if (changes.end().withRereadsOf(from) == changes.end()) {
            // the records are built on the same position as the end: none to mend
            return changes;
        }
        // a backlog read ahead builds its positions on the one it began at: the re-reads and rounds went on since
        List<ChangeRecord> records = new ArrayList<>(changes.records().size());
        changes.records().forEach(r -> records.add(r.at(r.after().withRereadsOf(from))));
        return new PollResult(records, changes.end().withRereadsOf(from), changes.moreAvailable());
    }

    /** A position made for another resource or account must not be used: it would skip or replay the wrong changes. */
    private void checkBelongsHere(Position stored) {
        boolean sameAccount = Objects.equals(settings.account(), stored.account());
        String ours = resources.several() ? "resources " + String.join(",", resources.names())
                : "resource '" + resources.single().name() + "'";
        String theirs = stored.several() ? "resources " + stored.resource() : "resource '" + stored.resource() + "'";
        // a position of several follows the endpoint's list as it changes (reshape); one of one resource must match
        boolean sameResources = resources.several() ? stored.several() : resources.single().name().equals(stored.resource())
                                                                         && !stored.several();
        if (!sameResources || !sameAccount) {
            throw new IllegalStateException("The position stored under state key '" + store.loadedKey() + "' belongs to "
                                            + theirs + " and account " + (stored.account() == null ? "platform"
                                            : stored.account()) + ", not to this endpoint's " + ours + " and "
                                            + (settings.account() == null ? "platform" : settings.account())
                                            + ". Remove that key from the state repository or set another stateKey.");
        }
    }
}
