package io.stripesync.camel.position;

import java.util.List;
import java.util.Map;

import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PositionCodecTest {

    @Test
    void roundTripsEveryField() {
        Position p = new Position(3, "checkout.session", "acct_1", Phase.SNAPSHOT, 1_767_000_000L,
                List.of(new SnapshotSlice(10L, 20L, "cs_1", 15L, false), SnapshotSlice.unbounded(),
                        SnapshotSlice.pass(Map.of("test_clock", "clock_1"))),
                List.of(new EventCursor(1_767_000_005L, "evt_9"), EventCursor.BEGINNING), Map.of("evt_8", 1_767_000_004L));
        String text = PositionCodec.encode(p);
        assertThat(text).doesNotContain("\n").startsWith("{\"version\":3,").contains("\"filter\":{\"test_clock\":\"clock_1\"}")
                .doesNotContain("\"resources\"");
        assertThat(PositionCodec.decode(text)).isEqualTo(p);
    }

    @Test
    void roundsRoundTripAndBeginCloseAndCarryOnWithGrowingIds() {
        Position start = Position.start("customer", null, true, List.of(new EventCursor(1000, "evt_0")), Map.of(), 0);
        assertThat(start.rounds()).isEmpty();
        Position begun = start.withRoundsBegun(5_000);
        assertThat(begun.round("customer")).isEqualTo(new Round(5_000, 0, false));
        assertThat(begun.withRoundsBegun(9_000)).as("an open round is not begun again").isSameAs(begun);
        assertThat(begun.roundToClose()).as("its snapshot is open").isNull();
        Position through = begun.withSliceProgress(begun.slices().get(0), List.of());
        assertThat(through.roundToClose()).isEqualTo("customer");
        String text = PositionCodec.encode(through);
        assertThat(text).contains("\"rounds\":{\"customer\":{\"id\":5000,\"objects\":0,\"closed\":false}}");
        assertThat(PositionCodec.decode(text)).isEqualTo(through);
        assertThat(PositionCodec.encode(start)).as("no rounds, no field (older releases read it)").doesNotContain("rounds");

        // a new snapshot replacing it: the old round closed without a marker, the new one after it even on a clock
        // that went back (another node's)
        Position again = Position.start("customer", null, true, List.of(new EventCursor(2000, "evt_1")), Map.of(), 1001)
                .withRoundsAfter(through).withRoundsBegun(4_000);
        assertThat(again.round("customer")).isEqualTo(new Round(5_001, 0, false));
        assertThat(new Round(5_001, 0, false).counted().counted().close()).isEqualTo(new Round(5_001, 2, true));
    }

    @Test
    void aVersionOnePositionIsReadAsOneWithoutFilters() {
        String v1 = "{\"version\":1,\"resource\":\"customer\",\"account\":null,\"phase\":\"snapshot\",\"cdcStart\":5,"
                    + "\"snapshot\":[{\"createdGte\":null,\"createdLt\":null,\"lastId\":\"cus_1\",\"lastCreated\":4,"
                    + "\"done\":false}],\"cdc\":[{\"created\":5,\"eventId\":\"evt_1\"}],\"delivered\":{}}";
        Position p = PositionCodec.decode(v1);
        assertThat(p.version()).isEqualTo(Position.CURRENT_VERSION);
        assertThat(p.slices()).containsExactly(new SnapshotSlice(null, null, "cus_1", 4L, false));
        assertThat(p.slices().get(0).filter()).isEmpty();
        assertThat(PositionCodec.encode(p)).startsWith("{\"version\":3,");
    }

    @Test
    void aPositionOfSeveralResourcesKeepsEachOnesWatermarkAndSlices() {
        Position p = Position.startSeveral(List.of("invoice", "customer"), null, true,
                List.of(new EventCursor(1000, "evt_0")), Map.of("evt_0", 1000L), 0)
                .withSnapshotPasses("customer", List.of(Map.of("test_clock", "clock_1")));
        assertThat(p.several()).isTrue();
        assertThat(p.resource()).isEqualTo("customer,invoice");
        assertThat(p.watermarks()).containsOnly(Map.entry("customer", 1000L), Map.entry("invoice", 1000L));
        assertThat(p.slices()).extracting(SnapshotSlice::resource).containsExactly("invoice", "customer", "customer");
        String text = PositionCodec.encode(p);
        assertThat(text).contains("\"resources\":{\"customer\":1000,\"invoice\":1000}")
                .contains("\"resource\":\"invoice\"");
        assertThat(PositionCodec.decode(text)).isEqualTo(p);
        // two slices of the same range are two resources' slices: progress on one leaves the other
        Position further = p.withSliceProgress(SnapshotSlice.unbounded().of("invoice"),
                List.of(SnapshotSlice.unbounded().of("invoice").emitted("in_9", 999)));
        assertThat(further.slices()).extracting(SnapshotSlice::lastId).containsExactly("in_9", null, null);

        Position added = p.withResource("coupon", 1200, Map.of("evt_c", 1200L), true);
        assertThat(added.watermark("coupon")).isEqualTo(1200);
        assertThat(added.watermark("customer")).isEqualTo(1000);
        assertThat(added.cdcStart()).isEqualTo(1000);
        assertThat(added.delivered()).containsKeys("evt_0", "evt_c");
        assertThat(added.resource()).isEqualTo("coupon,customer,invoice");
        Position removed = added.withoutResource("customer").withoutResource("invoice");
        assertThat(removed.watermarks()).containsOnlyKeys("coupon");
        assertThat(removed.cdcStart()).isEqualTo(1200);
        assertThat(removed.slices()).extracting(SnapshotSlice::resource).containsExactly("coupon");
        assertThat(removed.withoutResource("coupon").phase()).as("nothing left to list").isEqualTo(Phase.CDC);
    }

    @Test
    void aResourceAddedToAFollowingStreamIsBehindTheCursorUntilItsSnapshotIsThrough() {
        Position following = Position.startSeveral(List.of("customer"), null, false,
                List.of(new EventCursor(1000, "evt_0")), Map.of(), 0).afterEvent(0, "evt_5", 1500, true, 60);
        Position added = following.withResource("coupon", 1600, Map.of("evt_c", 1600L), true);
        assertThat(added.behind()).containsExactly("coupon");
        assertThat(added.followingWhileSnapshotting()).isTrue();
        assertThat(PositionCodec.decode(PositionCodec.encode(added))).isEqualTo(added);
        assertThat(PositionCodec.encode(added)).contains("\"behind\":[\"coupon\"]");
        assertThat(added.caughtUp(60)).as("its snapshot is still open").isEqualTo(added);

        // the others' events move the cursor on meanwhile; the snapshot ends
        Position moved = added.afterEvent(0, "evt_9", 1900, true, 60);
        Position through = moved.withSliceProgress(SnapshotSlice.unbounded().of("coupon"), List.of());
        assertThat(through.phase()).isEqualTo(Phase.CDC);
        Position back = through.caughtUp(60);
        assertThat(back.behind()).isEmpty();
        assertThat(back.cursors()).as("back to the added resource's watermark, by time")
                .containsExactly(new EventCursor(1600, null));
        assertThat(back.watermark("customer")).as("delivered up to 1900: passed over below its last look-back")
                .isEqualTo(1840);
        assertThat(back.watermark("coupon")).isEqualTo(1600);
        assertThat(back.cdcStart()).isEqualTo(1600);
        assertThat(back.delivered()).containsKeys("evt_9");

        Position fresh = Position.startSeveral(List.of("customer"), null, true,
                List.of(new EventCursor(1000, "evt_0")), Map.of(), 0);
        assertThat(fresh.withResource("coupon", 1000, Map.of(), true).behind())
                .as("added during the first snapshot: the events wait for both, nothing is passed over").isEmpty();
    }

    @Test
    void snapshotPassesAreAddedOnlyBeforeTheSnapshot() {
        Position start = Position.start("customer", null, true, List.of(new EventCursor(1000, "evt_0")), Map.of(), 0);
        Position planned = start.withSnapshotPasses(List.of(Map.of("test_clock", "clock_1"), Map.of("test_clock", "clock_2")));
        assertThat(planned.slices()).extracting(SnapshotSlice::filter).containsExactly(Map.of(),
                Map.of("test_clock", "clock_1"), Map.of("test_clock", "clock_2"));
        Position cdcOnly = Position.start("customer", null, false, List.of(new EventCursor(1000, "evt_0")), Map.of(), 0);
        assertThat(cdcOnly.withSnapshotPasses(List.of(Map.of("test_clock", "clock_1")))).isEqualTo(cdcOnly);
    }

    @Test
    void advancingKeepsOnlyTheLookbackWindowOfDeliveredIds() {
        Position p = Position.start("customer", null, false, List.of(new EventCursor(1000, "evt_0")), Map.of("evt_0", 1000L), 0);
        p = p.afterEvent(0, "evt_1", 1010, true, 60);
        p = p.afterEvent(0, "evt_2", 1100, true, 60);
        assertThat(p.delivered()).containsOnlyKeys("evt_2");
        p = p.afterEvent(0, "evt_late", 1090, false, 60);
        assertThat(p.cursors().get(0)).isEqualTo(new EventCursor(1100, "evt_2"));
        assertThat(p.delivered()).containsOnlyKeys("evt_2", "evt_late");
        assertThat(p.cdcStart()).isEqualTo(1000);
    }

    @Test
    void keysSeparateModesAndApiBases() {
        assertThat(PositionStore.space("test", "https://api.stripe.com")).isEqualTo("test");
        assertThat(PositionStore.space("live", "https://api.stripe.com:443")).isEqualTo("live");
        assertThat(PositionStore.space("test", "http://127.0.0.1:12111")).isEqualTo("test@127.0.0.1:12111");
        assertThat(PositionStore.space("test", "https://stripe-mock.internal")).isEqualTo("test@stripe-mock.internal");
        assertThat(PositionStore.keyFor("test@127.0.0.1:12111", "acct_1X", "invoice", "eu"))
                .isEqualTo("stripe-sync/test@127.0.0.1:12111/acct_1X/invoice/eu");
        assertThat(PositionStore.legacyKeyFor(null, "customer", null)).isEqualTo("stripe-sync/platform/customer");
    }

    /** A position under the key of earlier versions is read, saved under the new key, and the old key emptied. */
    @Test
    void aPositionUnderTheLegacyKeyIsAdoptedOnce() {
        MemoryStateRepository repo = new MemoryStateRepository();
        Position old = Position.start("customer", null, false, List.of(new EventCursor(1000, "evt_1")), Map.of(), 1000);
        repo.setState("stripe-sync/platform/customer", PositionCodec.encode(old));
        PositionStore store = new PositionStore(repo, "stripe-sync/test/platform/customer", "stripe-sync/platform/customer");

        assertThat(store.load()).contains(old);
        assertThat(store.loadedFromLegacyKey()).isTrue();
        assertThat(store.loadedKey()).isEqualTo("stripe-sync/platform/customer");
        store.save(old);
        assertThat(repo.getState("stripe-sync/test/platform/customer")).isEqualTo(PositionCodec.encode(old));
        assertThat(repo.getState("stripe-sync/platform/customer")).isEmpty();
        assertThat(store.load()).contains(old);
        assertThat(store.loadedFromLegacyKey()).isFalse();

        // another application's position under the legacy key is left to it
        repo.setState("stripe-sync/platform/customer", PositionCodec.encode(old));
        PositionStore other = new PositionStore(repo, "stripe-sync/live/platform/customer", "stripe-sync/platform/customer");
        assertThat(other.load()).contains(old);
        other.disownLegacyKey();
        other.save(Position.start("customer", null, false, List.of(EventCursor.BEGINNING), Map.of(), 2000));
        assertThat(repo.getState("stripe-sync/platform/customer")).isEqualTo(PositionCodec.encode(old));
    }

    @Test
    void unreadablePositionsNameTheStateKeyAndHowToReset() {
        MemoryStateRepository repo = new MemoryStateRepository();
        PositionStore store = new PositionStore(repo, PositionStore.keyFor("live", null, "customer", "eu"));
        assertThat(store.key()).isEqualTo("stripe-sync/live/platform/customer/eu");
        assertThat(store.load()).isEmpty();
        repo.setState(store.key(), "{not json");
        assertThatThrownBy(store::load).hasMessageContaining("state key 'stripe-sync/live/platform/customer/eu'")
                .hasMessageContaining("Remove that key");
        repo.setState(store.key(), "{\"version\":99}");
        assertThatThrownBy(store::load).hasMessageContaining("unsupported position version 99");
    }
}
