package io.stripesync.camel.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.stripesync.camel.LogCapture;
import io.stripesync.camel.StripeSyncConsumer;
import io.stripesync.camel.TestComponents;
import io.stripesync.camel.position.Phase;
import io.stripesync.camel.position.PositionStore;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two applications sharing one state store (the default file is per machine) against two Stripe accounts (here two
 * simulators): each keeps its own position, a position of the other account is never resumed nor overwritten, and a
 * position stored under the key of earlier versions keeps working for its owner.
 */
class PositionOwnershipTest {

    private StripeSimulator accountA;
    private StripeSimulator accountB;
    private final MemoryStateRepository state = new MemoryStateRepository();

    @BeforeEach
    void accounts() {
        accountA = StripeSimulator.start(501);
        accountB = StripeSimulator.start(502);
        accountA.seed("customer", 5, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("name", "a" + i));
        accountB.seed("customer", 7, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("name", "b" + i));
        // each account has events from the start of the clock on: Stripe still keeps events from any cursor's time
        accountA.create("customer", Map.of("name", "a-new"));
        accountB.create("customer", Map.of("name", "b-new"));
    }

    @AfterEach
    void close() {
        accountA.close();
        accountB.close();
    }

    private static void untilCdc(SyncRoute route) {
        await().atMost(Duration.ofSeconds(10)).until(() -> route.consumer().getPosition() != null
                                                          && TestComponents.inPhase(route.consumer(), Phase.CDC));
    }

    @Test
    void twoAccountsOnOneStoreKeepTheirOwnPositions() throws Exception {
        try (SyncRoute a = new SyncRoute(accountA, "customer", state).start();
             SyncRoute b = new SyncRoute(accountB, "customer", state).start()) {
            untilCdc(a);
            untilCdc(b);
            assertThat(a.replica.count("snapshot")).isEqualTo(6);
            assertThat(b.replica.count("snapshot")).isEqualTo(8);
        }
        assertThat(state.getState(TestComponents.stateKey(accountA.baseUrl(), "customer", null))).isNotEmpty();
        assertThat(state.getState(TestComponents.stateKey(accountB.baseUrl(), "customer", null))).isNotEmpty();
        assertThat(TestComponents.stateKey(accountA.baseUrl(), "customer", null))
                .isNotEqualTo(TestComponents.stateKey(accountB.baseUrl(), "customer", null));
    }

    /** Same mode and base, same key (two live accounts on api.stripe.com sharing a file): refused, not resumed. */
    @Test
    void aPositionOfAnotherAccountUnderTheSameKeyStopsTheConsumerAndStaysAsItWas() throws Exception {
        try (SyncRoute a = new SyncRoute(accountA, "customer", state).start()) {
            untilCdc(a);
        }
        String positionOfA = state.getState(TestComponents.stateKey(accountA.baseUrl(), "customer", null));
        String keyOfB = TestComponents.stateKey(accountB.baseUrl(), "customer", null);
        state.setState(keyOfB, positionOfA);

        try (LogCapture log = new LogCapture(StripeSyncConsumer.class);
             SyncRoute b = new SyncRoute(accountB, "customer", state).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> log.text().contains("which Stripe does not have"));
            assertThat(log.text()).contains("The position under state key '" + keyOfB + "' names event evt_",
                    "the position was stored by an application reading another Stripe account",
                    "Give this endpoint its own stateKey").doesNotContain("expired");
            long requests = accountB.counters().total();
            Thread.sleep(300);
            assertThat(accountB.counters().total()).as("polling stopped").isEqualTo(requests);
            assertThat(b.replica.seen()).isEmpty();
        }
        assertThat(state.getState(keyOfB)).as("the other application's position is not overwritten").isEqualTo(positionOfA);
    }

    @Test
    void aPositionUnderTheLegacyKeyIsResumedByItsOwnerAndLeftAloneByOthers() throws Exception {
        String legacy = PositionStore.legacyKeyFor(null, "customer", null);
        try (SyncRoute a = new SyncRoute(accountA, "customer", state).start()) {
            untilCdc(a);
        }
        // as an earlier version stored it
        String keyOfA = TestComponents.stateKey(accountA.baseUrl(), "customer", null);
        state.setState(legacy, state.getState(keyOfA));
        state.setState(keyOfA, "");

        // another account finds it first: it is not its position, so it starts afresh under its own key
        try (LogCapture log = new LogCapture(StripeSyncConsumer.class, org.apache.logging.log4j.Level.INFO);
             SyncRoute b = new SyncRoute(accountB, "customer", state).start()) {
            // the loaded position is the legacy one until the first poll finds it foreign
            await().atMost(Duration.ofSeconds(10)).until(() -> b.replica.count("snapshot") == 8);
            untilCdc(b);
            assertThat(log.text()).contains("The position under state key '" + legacy + "' names event evt_",
                    "it is left to the application that stored it, and customer starts afresh under state key "
                    + TestComponents.stateKey(accountB.baseUrl(), "customer", null));
        }
        assertThat(state.getState(legacy)).isNotEmpty();

        // its owner resumes it: no second snapshot, the change made meanwhile arrives, and the old key is emptied
        String id = accountA.create("customer", Map.of("name", "while upgrading")).get("id").getAsString();
        try (LogCapture log = new LogCapture(StripeSyncConsumer.class, org.apache.logging.log4j.Level.INFO);
             SyncRoute a = new SyncRoute(accountA, "customer", state).start()) {
            assertThat(log.text()).contains("starts from its stored position, phase CDC, found under the key of earlier"
                                            + " versions " + legacy + " (moved on its first save) (state key " + keyOfA);
            await().atMost(Duration.ofSeconds(10)).until(() -> a.replica.seen().size() == 1);
            assertThat(a.replica.seen().get(0).objectId()).isEqualTo(id);
            assertThat(a.replica.count("snapshot")).isZero();
        }
        assertThat(state.getState(legacy)).isEmpty();
        assertThat(state.getState(keyOfA)).contains("\"phase\":\"cdc\"");
    }
}
