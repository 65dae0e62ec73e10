package io.stripesync.camel.source;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.stripe.StripeClient;
import io.stripesync.camel.catalog.StripeResource;
import io.stripesync.camel.client.StripeGateway;
import io.stripesync.camel.position.Position;
import io.stripesync.camel.simulator.Request;
import io.stripesync.camel.simulator.Simulated;
import io.stripesync.camel.simulator.StripeSimulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The EventReader on its own: request parameters, type groups of at most 20, merge order, the look-back window. */
class EventReaderTest {

    @Simulated(seed = 61)
    private StripeSimulator sim;
    private StripeGateway gateway;

    @BeforeEach
    void start() {
        gateway = new StripeGateway(StripeClient.builder().setApiKey("sk_test_reader").setApiBase(sim.baseUrl()).build(), null);
    }

    /** A resource with 25 event types, as a future Stripe resource could have: two groups of types. */
    private static StripeResource wide() {
        List<String> types = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            types.add("widget.t" + (char) ('a' + i));
        }
        return new StripeResource("widget", "com.stripe.model.Customer", "/v1/widgets", "/v1/widgets/{id}", true, List.of(),
                Set.of(), null, List.of(), types);
    }

    private void emit(String type, String id) {
        sim.emitEvent(type, Map.of("object", "widget", "id", id));
    }

    @Test
    void moreThanTwentyTypesAreReadInGroupsAndMergedByTime() throws Exception {
        StripeResource widget = wide();
        EventReader reader = new EventReader(gateway, widget, 100, 60);
        assertThat(reader.groupCount()).isEqualTo(2);
        Position position = reader.startPosition(null, false, 0);
        sim.counters().reset();
        emit("widget.ta", "w1");                 // group 0
        sim.clock().advance(Duration.ofSeconds(1));
        emit("widget.ty", "w2");                 // group 1 (types 21..25)
        sim.clock().advance(Duration.ofSeconds(1));
        emit("widget.tb", "w3");                 // group 0
        emit("widget.other", "w4");              // not a widget type: never asked for
        PollResult result = reader.read(position);
        assertThat(result.records()).extracting(r -> r.object().get("id").getAsString()).containsExactly("w1", "w2", "w3");
        assertThat(result.records()).extracting(ChangeRecord::eventType)
                .containsExactly("widget.ta", "widget.ty", "widget.tb");
        for (Request r : sim.counters().requests()) {
            assertThat((List<?>) r.params().get("types")).hasSizeLessThanOrEqualTo(20);
        }
        assertThat(sim.counters().requests()).extracting(r -> ((List<?>) r.params().get("types")).size())
                .contains(20, 5);
        Position after = result.end();
        assertThat(after.cursors()).hasSize(2);
        assertThat(reader.read(after).records()).as("nothing twice").isEmpty();
    }

    @Test
    void forwardPagesAreEndingBeforeTheCursorAndTheLookbackIsBounded() throws Exception {
        StripeResource customer = io.stripesync.camel.catalog.StripeCatalog.defaultCatalog().require("customer");
        sim.create("customer", Map.of());
        EventReader reader = new EventReader(gateway, customer, 2, 30);
        Position position = reader.startPosition(null, false, 0);
        String startEvent = position.cursors().get(0).eventId();
        sim.clock().advance(Duration.ofSeconds(100));
        for (int i = 0; i < 3; i++) {
            sim.create("customer", Map.of("email", i + "@x.io"));
        }
        sim.counters().reset();
        PollResult first = reader.read(position);
        assertThat(first.records()).hasSize(2);
        assertThat(first.moreAvailable()).isTrue();
        Request forward = sim.counters().requests().get(0);
        assertThat(forward.params()).containsEntry("ending_before", startEvent).containsEntry("limit", "2");
        Request lookback = sim.counters().requests().get(1);
        long startSecond = position.cursors().get(0).created();
        assertThat(lookback.params().get("created")).isEqualTo(Map.of("gte", Long.toString(startSecond),
                "lte", Long.toString(startSecond)));
        PollResult second = reader.read(first.end());
        assertThat(second.records()).hasSize(1);
        assertThat(second.moreAvailable()).isFalse();
        long cursorSecond = second.end().cursors().get(0).created();
        Request secondLookback = sim.counters().requests().get(3);
        assertThat(secondLookback.params().get("created")).as("the window reaches 30 s back, not below the CDC start")
                .isEqualTo(Map.of("gte", Long.toString(Math.max(startSecond, cursorSecond - 30)),
                        "lte", Long.toString(first.end().cursors().get(0).created())));
    }

    @Test
    void anEventVisibleOnlyAfterANewerOneWasReadIsDeliveredByTheLookback() throws Exception {
        StripeResource customer = io.stripesync.camel.catalog.StripeCatalog.defaultCatalog().require("customer");
        EventReader reader = new EventReader(gateway, customer, 100, 30);
        Position position = reader.startPosition(null, false, 0);
        sim.clock().advance(Duration.ofSeconds(5));
        // Stripe's event list is eventually consistent: this one shows up 10 s after it happened
        sim.faults().eventVisibilityDelay(Duration.ofSeconds(10), Duration.ofSeconds(10));
        String late = sim.create("customer", Map.of("email", "late@x.io")).get("id").getAsString();
        sim.faults().eventVisibilityDelay(Duration.ZERO, Duration.ZERO);
        sim.clock().advance(Duration.ofSeconds(2));
        String newer = sim.create("customer", Map.of("email", "newer@x.io")).get("id").getAsString();

        PollResult first = reader.read(position);
        assertThat(first.records()).extracting(ChangeRecord::objectId).as("only the visible one").containsExactly(newer);
        sim.clock().advance(Duration.ofSeconds(10));
        PollResult second = reader.read(first.end());

        assertThat(second.records()).extracting(ChangeRecord::objectId)
                .as("the look-back: an event that became visible after a newer one was read is still delivered")
                .containsExactly(late);
        assertThat(reader.read(second.end()).records()).as("and only once").isEmpty();
    }

    /**
     * While the cursor stays, its window is read again until a read begins a look-back (and a second) after the cursor
     * was first seen: every late event has shown up by then. From then on an idle poll is the forward read alone; a
     * late event that shows up before that is delivered; a new cursor watches its own window again.
     */
    @Test
    void anIdleStreamStopsReadingItsWindowOnceALookbackHasPassed() throws Exception {
        StripeResource customer = io.stripesync.camel.catalog.StripeCatalog.defaultCatalog().require("customer");
        long[] nanos = { 0 };
        EventReader reader = new EventReader(gateway, customer, 100, 30).withClock(() -> nanos[0]);
        sim.create("customer", Map.of());
        Position position = reader.startPosition(null, false, 0);
        sim.clock().advance(Duration.ofSeconds(5));
        sim.faults().eventVisibilityDelay(Duration.ofSeconds(10), Duration.ofSeconds(10));
        String late = sim.create("customer", Map.of("email", "late@x.io")).get("id").getAsString();
        sim.faults().eventVisibilityDelay(Duration.ZERO, Duration.ZERO);
        sim.clock().advance(Duration.ofSeconds(1));
        String newer = sim.create("customer", Map.of("email", "newer@x.io")).get("id").getAsString();
        position = reader.read(position).end();
        assertThat(position.cursors().get(0).eventId()).isNotNull();

        sim.counters().reset();
        nanos[0] += Duration.ofSeconds(20).toNanos();
        sim.clock().advance(Duration.ofSeconds(10));
        PollResult within = reader.read(position);
        assertThat(within.records()).extracting(ChangeRecord::objectId).as("late, within the look-back").containsExactly(late);
        assertThat(sim.counters().route("GET /v1/events")).as("forward read and window").isEqualTo(2);
        position = within.end();

        // this reader first saw the cursor (newer's event) at the read above: a look-back and a second after that
        nanos[0] += Duration.ofSeconds(30).toNanos();
        sim.counters().reset();
        assertThat(reader.read(position).records()).isEmpty();
        nanos[0] += Duration.ofSeconds(1).toNanos();
        assertThat(reader.read(position).records()).isEmpty();
        assertThat(sim.counters().route("GET /v1/events")).as("not yet settled, then the settling read").isEqualTo(4);
        sim.counters().reset();
        for (int i = 0; i < 3; i++) {
            nanos[0] += Duration.ofSeconds(5).toNanos();
            assertThat(reader.read(position).records()).isEmpty();
        }
        assertThat(sim.counters().route("GET /v1/events")).as("then the forward read alone").isEqualTo(3);

        sim.clock().advance(Duration.ofSeconds(1));
        String next = sim.create("customer", Map.of("email", "next@x.io")).get("id").getAsString();
        sim.counters().reset();
        PollResult moved = reader.read(position);
        assertThat(moved.records()).extracting(ChangeRecord::objectId).containsExactly(next);
        assertThat(reader.read(moved.end()).records()).isEmpty();
        // the read that moves the cursor leaves the settled window; the next one reads the new cursor's window
        assertThat(sim.counters().route("GET /v1/events")).as("a new cursor's window is read again").isEqualTo(1 + 2);
        assertThat(newer).isNotNull();
    }

    @Test
    void aCursorEventStripeNeverHadIsNotBlamedOnTheRetention() throws Exception {
        StripeResource customer = io.stripesync.camel.catalog.StripeCatalog.defaultCatalog().require("customer");
        sim.create("customer", Map.of());
        EventReader reader = new EventReader(gateway, customer, 100, 30);
        Position real = reader.startPosition(null, false, 0);
        long now = real.cursors().get(0).created();
        // as a position kept from a simulator that was started afresh: its newest event is not in this account
        Position foreign = Position.start("customer", null, false,
                List.of(new io.stripesync.camel.position.EventCursor(now - 60, "evt_from_elsewhere")), Map.of(), 0);

        Throwable recent = org.assertj.core.api.Assertions.catchThrowable(() -> reader.read(foreign));

        assertThat(recent).isInstanceOf(EventsExpiredException.class).hasMessageStartingWith(
                "Stripe has no event evt_from_elsewhere (created " + java.time.Instant.ofEpochSecond(now - 60)
                + "), the newest one this consumer delivered, although Stripe keeps events for 30 days and its newest is"
                + " younger than that: the position was not made against this account");
        Position old = Position.start("customer", null, false, List.of(new io.stripesync.camel.position.EventCursor(
                now - 31L * 24 * 3600, "evt_long_gone")), Map.of(), 0);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> reader.read(old)))
                .isInstanceOf(EventsExpiredException.class)
                .hasMessageEndingWith("Stripe keeps events for 30 days, so changes after it may be lost");
    }
}
