package io.stripesync.camel.source;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import com.stripe.StripeClient;
import io.stripesync.camel.catalog.StripeCatalog;
import io.stripesync.camel.catalog.StripeResource;
import io.stripesync.camel.client.StripeGateway;
import io.stripesync.camel.position.Phase;
import io.stripesync.camel.position.Position;
import io.stripesync.camel.position.PositionCodec;
import io.stripesync.camel.position.PositionStore;
import io.stripesync.camel.position.SnapshotSlice;
import io.stripesync.camel.simulator.Simulated;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The feed without Camel: what is read, what is saved and when, with a parallel snapshot read ahead, against the
 * simulator over real HTTP. "Processing" here is the test taking the records and telling the feed.
 */
class ChangeFeedTest {

    private static final StripeResource CUSTOMER = StripeCatalog.defaultCatalog().require("customer");
    private static final String KEY = PositionStore.keyFor("test", null, "customer", null);

    @Simulated(seed = 33)
    private StripeSimulator sim;
    private StripeGateway gateway;
    private ExecutorService readers;
    private MemoryStateRepository state;

    @BeforeEach
    void start() {
        gateway = new StripeGateway(StripeClient.builder().setApiKey("sk_test_feed").setApiBase(sim.baseUrl())
                .setMaxNetworkRetries(0).build(), null);
        readers = Executors.newFixedThreadPool(8);
        state = new MemoryStateRepository();
    }

    @AfterEach
    void stop() {
        readers.shutdownNow();
    }

    private ChangeFeed feed(int parallelism, int pagesInMemory, int maxMessagesPerPoll) {
        return feed(parallelism, pagesInMemory, maxMessagesPerPoll, null, new AtomicReference<>());
    }

    private ChangeFeed feed(int parallelism, int pagesInMemory, int maxMessagesPerPoll, String account,
                            AtomicReference<EventsExpiredException> expired) {
        return feed(parallelism, pagesInMemory, maxMessagesPerPoll, account, expired, true);
    }

    private ChangeFeed feed(int parallelism, int pagesInMemory, int maxMessagesPerPoll, String account,
                            AtomicReference<EventsExpiredException> expired, boolean snapshot) {
        SnapshotReader pages = new SnapshotReader(gateway, CUSTOMER, null, 100);
        return new ChangeFeed(CUSTOMER, new PositionStore(state, KEY),
                new SnapshotPipeline(pages, readers, parallelism, pagesInMemory),
                new EventReader(gateway, CUSTOMER, 100, 60).readingBacklogsWith(readers, parallelism, pagesInMemory),
                new SnapshotPlanner(gateway, CUSTOMER, true),
                new ChangeFeed.Settings(account, snapshot, maxMessagesPerPoll, true), expired::set);
    }

    /** Polls and "processes" until the feed reaches CDC; answers the records in delivery order. */
    private static List<ChangeRecord> untilCdc(ChangeFeed feed) throws Exception {
        List<ChangeRecord> all = new ArrayList<>();
        for (int polls = 0; polls < 10_000; polls++) {
            PollResult r = feed.next();
            all.addAll(r.records());
            feed.processed(r.end());
            if (feed.position().phase() == Phase.CDC) {
                return all;
            }
        }
        throw new AssertionError("no CDC after 10,000 polls");
    }

    @Test
    void parallelSnapshotDeliversEveryObjectOnceInOrderWithinEachSliceAndSavesAsItGoes() throws Exception {
        // 6,000 customers, 5,000 of them made within 83 minutes: the dense stretch must fan out too
        sim.seed("customer", 1000, Instant.parse("2023-01-01T00:00:00Z").plus(Duration.ofDays(1000)),
                i -> Map.of("name", "old" + i));
        sim.clock().set(Instant.parse("2025-12-01T00:00:00Z"));
        sim.seed("customer", 5000, Instant.parse("2025-12-01T00:00:00Z"), i -> Map.of("name", "week" + i));
        sim.counters().reset();
        ChangeFeed feed = feed(8, 16, 0);
        assertThat(feed.load()).isNull();
        List<ChangeRecord> records = untilCdc(feed);
        feed.close();

        Set<String> ids = new HashSet<>();
        records.forEach(r -> assertThat(ids.add(r.objectId())).as("delivered once: %s", r.objectId()).isTrue());
        assertThat(ids).hasSize(6000);
        // within one slice, Stripe's order: newest first (a slice keeps its upper bound when a split narrows it)
        Map<String, Long> lastCreatedOfSlice = new HashMap<>();
        int maxOpen = 0;
        int ordered = 0;
        for (ChangeRecord r : records) {
            maxOpen = Math.max(maxOpen, r.after().slices().size());
            for (SnapshotSlice s : r.after().slices()) {
                if (r.objectId().equals(s.lastId())) {
                    Long before = lastCreatedOfSlice.put(s.createdLt() + "|" + s.filter(), r.objectCreated());
                    assertThat(before == null || before >= r.objectCreated()).as("newest first in slice of %s", r.objectId())
                            .isTrue();
                    ordered++;
                }
            }
        }
        assertThat(ordered).isGreaterThan(5000);
        assertThat(maxOpen).as("slices open at once").isGreaterThan(4).isLessThanOrEqualTo(4 * 8);
        List<String> listRequests = sim.counters().requests().stream().filter(q -> q.path().equals("/v1/customers"))
                .map(q -> String.valueOf(q.params().get("created"))).toList();
        System.out.printf("feed: 6,000 customers (5,000 within 83 minutes), 8 readers: %d list requests, at most %d slices open%n",
                listRequests.size(), maxOpen);
        assertThat(listRequests).hasSizeBetween(60, 60 + 4 * 8 * 2);
        assertThat(feed.position().phase()).isEqualTo(Phase.CDC);
        assertThat(PositionCodec.decode(state.getState(KEY)).phase()).isEqualTo(Phase.CDC);
        assertThat(lastCreatedOfSlice).hasSizeGreaterThan(4);
    }

    @Test
    void aRestartFromTheSavedPositionInsideAParallelSnapshotLosesNothingAndRepeatsOnlyWhatWasNotSaved() throws Exception {
        sim.seed("customer", 3000, Instant.parse("2025-12-01T00:00:00Z"), i -> Map.of("name", "c" + i));
        ChangeFeed first = feed(6, 8, 0);
        first.load();
        List<String> delivered = new ArrayList<>();
        // on until the saved position stands inside a slice (which poll that is depends on which reader came first)
        for (int polls = 0; polls < 12 || polls < 200 && first.position().openSlices().stream()
                .noneMatch(slice -> slice.lastId() != null); polls++) {
            PollResult r = first.next();
            r.records().forEach(c -> delivered.add(c.objectId()));
            first.processed(r.end());
        }
        // a crash: one more batch processed whose position is never saved
        PollResult lost = first.next();
        lost.records().forEach(c -> delivered.add(c.objectId()));
        first.close();
        Position saved = PositionCodec.decode(state.getState(KEY));
        assertThat(saved.phase()).isEqualTo(Phase.SNAPSHOT);
        assertThat(saved.openSlices()).as("the position holds every open slice's cursor").hasSizeGreaterThan(1);
        assertThat(saved.openSlices()).anyMatch(s -> s.lastId() != null);

        ChangeFeed second = feed(6, 8, 0);
        assertThat(second.load()).isEqualTo(saved);
        untilCdc(second).forEach(c -> delivered.add(c.objectId()));
        second.close();
        Set<String> unique = new HashSet<>(delivered);
        assertThat(unique).hasSize(3000);
        assertThat(delivered.size() - unique.size()).as("repeated: the batch whose position was not saved")
                .isEqualTo(lost.records().size());
    }

    @Test
    void atMostPagesInMemoryAreFetchedAheadOfTheRoute() throws Exception {
        sim.seed("customer", 5000, Instant.parse("2025-12-01T00:00:00Z"), i -> Map.of("name", "c" + i));
        ChangeFeed feed = feed(8, 3, 0);
        feed.load();
        sim.counters().reset();
        PollResult first = feed.next();
        assertThat(first.records()).hasSize(100);
        // the route is slow: the readers fill what they may and wait. The page handed out, and 3 more held (8 readers
        // but only 3 permits): reached, and held for a while without another fetch
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> sim.counters().route("GET /v1/customers") == 1 + 3);
        feed.processed(first.end());
        feed.next();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> sim.counters().route("GET /v1/customers") == 1 + 3 + 1);
        feed.close();
    }

    @Test
    void maxMessagesPerPollCutsPagesWithoutFetchingThemAgain() throws Exception {
        sim.seed("customer", 250, Instant.parse("2025-12-01T00:00:00Z"), i -> Map.of("name", "c" + i));
        ChangeFeed feed = feed(1, 4, 30);
        feed.load();
        sim.counters().reset();
        List<ChangeRecord> records = untilCdc(feed);
        assertThat(records).hasSize(250);
        assertThat(sim.counters().route("GET /v1/customers")).as("3 pages, each cut in batches of 30").isEqualTo(3);
        feed.close();
    }

    @Test
    void aFailedRecordDropsTheReadAheadAndComesAgainFromTheSavedPosition() throws Exception {
        sim.seed("customer", 450, Instant.parse("2025-12-01T00:00:00Z"), i -> Map.of("name", "c" + i));
        ChangeFeed feed = feed(4, 8, 0);
        feed.load();
        PollResult r = feed.next();
        // the route processed 40 of 100, then failed: only the 40 are past
        Position reached = r.records().get(39).after();
        feed.processed(reached);
        PollResult again = feed.next();
        assertThat(again.records().get(0).objectId()).isEqualTo(r.records().get(40).objectId());
        feed.processed(again.end());
        Set<String> ids = new HashSet<>();
        r.records().subList(0, 40).forEach(c -> ids.add(c.objectId()));
        again.records().forEach(c -> ids.add(c.objectId()));
        untilCdc(feed).forEach(c -> assertThat(ids.add(c.objectId())).isTrue());
        assertThat(ids).hasSize(450);
        feed.close();
    }

    @Test
    void startWatermarkIsSavedBeforeTheSnapshotAndAForeignPositionIsRefused() throws Exception {
        sim.create("customer", Map.of("name", "before"));
        ChangeFeed feed = feed(2, 4, 0);
        feed.load();
        PollResult r = feed.next();
        Position saved = PositionCodec.decode(state.getState(KEY));
        assertThat(saved.cdcStart()).isEqualTo(sim.clock().nowSeconds());
        assertThat(r.records()).extracting(ChangeRecord::type).containsOnly(ChangeType.SNAPSHOT);
        feed.processed(r.end());
        feed.close();

        ChangeFeed other = feed(2, 4, 0, "acct_other", new AtomicReference<>());
        assertThatThrownBy(other::load).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("state key '" + KEY + "'").hasMessageContaining("belongs to resource 'customer'"
                                                                                      + " and account platform");
    }

    @Test
    void expiredEventsStartANewSnapshotAboveTheOldWatermark() throws Exception {
        sim.create("customer", Map.of("name", "a"));
        AtomicReference<EventsExpiredException> expired = new AtomicReference<>();
        ChangeFeed feed = feed(2, 4, 0, null, expired);
        feed.load();
        untilCdc(feed);
        long firstWatermark = feed.position().cdcStart();
        sim.clock().advance(Duration.ofDays(31));
        sim.create("customer", Map.of("name", "b"));
        PollResult r = feed.next();
        assertThat(expired.get()).isNotNull();
        assertThat(r.records()).isEmpty();
        assertThat(feed.position().phase()).isEqualTo(Phase.SNAPSHOT);
        assertThat(feed.position().cdcStart()).isGreaterThan(firstWatermark);
        assertThat(untilCdc(feed)).extracting(ChangeRecord::objectId).hasSize(2);
        feed.close();
    }

    @Test
    void aBacklogIsReadAheadInTimeWindowsAndDeliveredOnceOldestFirst() throws Exception {
        startedBeforeTheDowntime();
        // downtime: 6,000 changes over two hours, then a few in the last seconds, some seen late
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6000; i++) {
            if (i % 5 == 0) {
                sim.clock().advance(Duration.ofSeconds(6));
            }
            if (ids.isEmpty() || i % 3 == 0) {
                ids.add(sim.create("customer", Map.of("name", "n" + i)).get("id").getAsString());
            } else {
                sim.update("customer", ids.get(i % ids.size()), Map.of("name", "u" + i));
            }
        }
        sim.faults().eventVisibilityDelay(Duration.ZERO, Duration.ofSeconds(20));
        for (int i = 0; i < 20; i++) {
            sim.clock().advance(Duration.ofSeconds(1));
            sim.update("customer", ids.get(i), Map.of("name", "late" + i));
        }
        sim.clock().advance(Duration.ofSeconds(30));
        List<String> expected = sim.events().stream().map(e -> e.get("id").getAsString()).toList();
        sim.counters().reset();

        ChangeFeed feed = feed(6, 8, 0, null, new AtomicReference<>(), false);
        List<ChangeRecord> got = everyChangeAfterTheStartOnce(feed, expected);
        long newest = got.stream().mapToLong(ChangeRecord::eventCreated).max().orElseThrow();
        assertThat(got).filteredOn(r -> r.eventCreated() < newest - 60).as("the settled backlog, oldest first")
                .hasSizeGreaterThan(5900).isSortedAccordingTo(java.util.Comparator.comparing(ChangeRecord::eventCreated));
        List<String> windows = sim.counters().requests().stream().filter(q -> q.path().equals("/v1/events"))
                .map(q -> String.valueOf(q.params().get("created"))).filter(c -> c.contains("lt=")).toList();
        long rescans = sim.counters().requests().stream().filter(q -> q.path().equals("/v1/events"))
                .filter(q -> String.valueOf(q.params().get("created")).contains("lte=")).count();
        System.out.printf("feed: backlog of %d events read in %d time windows, %d event requests in all, %d look-back"
                          + " reads%n", got.size(), windows.size(), sim.counters().route("GET /v1/events"), rescans);
        assertThat(windows).as("time windows read ahead").hasSizeGreaterThan(20);
        assertThat(sim.counters().route("GET /v1/events")).as("about one request per 100 events, not a look-back per page")
                .isLessThan(6020 / 100 * 2 + 40);
        assertThat(feed.position().cursors().get(0).eventId()).isEqualTo(got.get(got.size() - 1).eventId());
    }

    /**
     * Polls and "processes" until every event but the first (the start's own) came, then closes the feed; asserts each
     * came once and answers them in delivery order.
     */
    private static List<ChangeRecord> everyChangeAfterTheStartOnce(ChangeFeed feed, List<String> expected)
            throws Exception {
        feed.load();
        List<ChangeRecord> got = new ArrayList<>();
        for (int polls = 0; polls < 500 && got.size() < expected.size() - 1; polls++) {
            PollResult r = feed.next();
            got.addAll(r.records());
            feed.processed(r.end());
        }
        feed.close();
        assertThat(got).extracting(ChangeRecord::eventId).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expected.subList(1, expected.size()));
        return got;
    }

    /** Starts a stream with no snapshot at the newest event, then stops it: what follows is the backlog. */
    private void startedBeforeTheDowntime() throws Exception {
        sim.create("customer", Map.of("name", "first"));
        ChangeFeed first = feed(4, 4, 0, null, new AtomicReference<>(), false);
        first.load();
        assertThat(first.next().records()).isEmpty();
        first.close();
    }

    /** The backlog's time-window reads (the look-back's use lte), by their created[gte]. */
    private List<Long> windowReads() {
        return sim.counters().requests().stream().filter(q -> q.path().equals("/v1/events"))
                .map(q -> String.valueOf(q.params().get("created"))).filter(c -> c.contains("lt="))
                .map(c -> Long.parseLong(c.replaceAll(".*gte=(\\d+).*", "$1"))).toList();
    }

    @Test
    void aBacklogHoldsAtMostPagesInMemoryWindowsAheadOfTheRoute() throws Exception {
        startedBeforeTheDowntime();
        // 3 events a second for 2,000 seconds: windows grow to 33 seconds (99 events), none needs a split
        for (int i = 0; i < 6000; i++) {
            if (i % 3 == 0) {
                sim.clock().advance(Duration.ofSeconds(1));
            }
            sim.create("customer", Map.of("name", "n" + i));
        }
        sim.counters().reset();
        ChangeFeed feed = feed(6, 4, 0, null, new AtomicReference<>(), false);
        feed.load();
        PollResult first = feed.next();
        for (int polls = 0; polls < 20 && first.records().isEmpty(); polls++) {
            first = feed.next();   // the first window holds only the start's own second
        }
        assertThat(first.records()).as("the first windows").isNotEmpty();
        // the route is slow: the readers fill what they may and wait; windows read ahead of the route: 4, though 6
        // readers, reached and held for a while
        long lastDelivered = first.records().get(first.records().size() - 1).eventCreated();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> windowReads().stream().filter(gte -> gte > lastDelivered).count() == 4);
        feed.processed(first.end());
        PollResult second = feed.next();
        assertThat(second.records()).as("the windows held, up to a batch").hasSizeGreaterThan(first.records().size());
        assertThat(second.records().get(0).eventCreated()).isGreaterThanOrEqualTo(lastDelivered);
        long lastNow = second.records().get(second.records().size() - 1).eventCreated();
        // still 4 ahead, once the route moved on
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> windowReads().stream().filter(gte -> gte > lastNow).count() == 4);
        feed.close();
    }

    @Test
    void aDenseStretchMetByAWideWindowIsSplitWithoutLosingOrRepeatingAnEvent() throws Exception {
        startedBeforeTheDowntime();
        // sparse (one event per 20 s), so windows grow wide; then 2,500 events in 25 s; then sparse again
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sim.clock().advance(Duration.ofSeconds(20));
            ids.add(sim.create("customer", Map.of("name", "s" + i)).get("id").getAsString());
        }
        for (int i = 0; i < 2500; i++) {
            if (i % 100 == 0) {
                sim.clock().advance(Duration.ofSeconds(1));
            }
            sim.update("customer", ids.get(i % ids.size()), Map.of("name", "d" + i));
        }
        for (int i = 0; i < 50; i++) {
            sim.clock().advance(Duration.ofSeconds(20));
            sim.create("customer", Map.of("name", "t" + i));
        }
        sim.clock().advance(Duration.ofSeconds(5));
        List<String> expected = sim.events().stream().map(e -> e.get("id").getAsString()).toList();
        sim.counters().reset();
        // two windows at most: a split meets a full read-ahead and gives its newest window back
        ChangeFeed feed = feed(4, 2, 0, null, new AtomicReference<>(), false);
        List<ChangeRecord> got = everyChangeAfterTheStartOnce(feed, expected);
        assertThat(got).extracting(ChangeRecord::eventCreated).as("oldest first").isSorted();
        assertThat(sim.counters().route("GET /v1/events")).as("about a request per page, with the splits")
                .isLessThan(2650 / 100 * 3 + 60);
    }

    @Test
    void slicesAreKnownByRangeAndFinishedOnesLeaveThePosition() {
        Position p = Position.start("customer", null, true, List.of(), Map.of(), 0);
        SnapshotSlice whole = p.openSlices().get(0);
        SnapshotSlice further = whole.emitted("cus_1", 100).from(50);
        Position split = p.withSliceProgress(whole, List.of(further, whole.range(null, 50L)));
        assertThat(split.openSlices()).containsExactly(further, whole.range(null, 50L));
        Position done = split.withSliceProgress(further, List.of()).withSliceProgress(whole.range(null, 50L), List.of());
        assertThat(done.phase()).isEqualTo(Phase.CDC);
        assertThat(done.slices()).isEmpty();
        assertThatThrownBy(() -> done.withSliceProgress(whole, List.of())).isInstanceOf(IllegalStateException.class);
    }

    /** Counts the writes, as a store's cost is per write. */
    private static final class CountingState extends MemoryStateRepository {
        int writes;

        @Override
        public void setState(String key, String value) {
            writes++;
            super.setState(key, value);
        }
    }

    @Test
    void pushedEventsAreDeliveredOnceShareASaveAndTheReadsPassThemWithoutDeliveringThemAgain() throws Exception {
        CountingState counting = new CountingState();
        state = counting;
        ChangeFeed feed = feed(2, 2, 0, null, new AtomicReference<>(), false);
        feed.load();
        assertThat(feed.next().records()).isEmpty();
        Position start = feed.position();
        assertThat(start.phase()).isEqualTo(Phase.CDC);
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // a second apart: Stripe lists the events of one second in no particular order
            sim.clock().advance(Duration.ofSeconds(1));
            made.add(sim.create("customer", Map.of("name", "pushed " + i)).get("id").getAsString());
        }
        List<com.google.gson.JsonObject> events = sim.events().stream()
                .filter(e -> made.contains(e.getAsJsonObject("data").getAsJsonObject("object").get("id").getAsString()))
                .toList();
        assertThat(events).hasSize(3);

        List<Long> numbers = new ArrayList<>();
        for (com.google.gson.JsonObject event : events) {
            PushedEvent pushed = feed.admit(event, id -> false);
            assertThat(pushed.verdict()).isEqualTo(PushedEvent.Verdict.DELIVER);
            numbers.add(feed.pushedDelivered(pushed.record()));
        }
        // remembered at once: a repeat is a duplicate before any save
        assertThat(feed.admit(events.get(0), id -> false).verdict()).isEqualTo(PushedEvent.Verdict.DUPLICATE);
        int writes = counting.writes;
        feed.savePushed(numbers.get(0));
        feed.savePushed(numbers.get(1));
        feed.savePushed(numbers.get(2));
        assertThat(counting.writes - writes).as("one save for the three pushes").isEqualTo(1);
        Position saved = PositionCodec.decode(state.getState(KEY));
        assertThat(saved.delivered()).containsKeys(events.stream().map(e -> e.get("id").getAsString()).toArray(String[]::new));
        assertThat(saved.cursors()).as("pushes never move the reads' cursor").isEqualTo(start.cursors());

        // the reads pass them without delivering them: their cursor moves to the newest
        assertThat(feed.next().records()).isEmpty();
        assertThat(feed.position().cursors().get(0).eventId()).isEqualTo(events.stream()
                .max(java.util.Comparator.comparingLong(e -> e.get("created").getAsLong())).orElseThrow()
                .get("id").getAsString());
        // and a change no webhook brought is delivered
        sim.clock().advance(Duration.ofSeconds(1));
        String missed = sim.create("customer", Map.of("name", "no webhook")).get("id").getAsString();
        PollResult read = feed.next();
        assertThat(read.records()).extracting(ChangeRecord::objectId).containsExactly(missed);
        feed.processed(read.end());
        assertThat(feed.position().cursors().get(0).eventId()).isEqualTo(read.records().get(0).eventId());
        assertThat(feed.admit(events.get(2), id -> false).verdict()).isEqualTo(PushedEvent.Verdict.DUPLICATE);
        feed.close();
    }
}
