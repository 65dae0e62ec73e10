package io.stripesync.camel.source;

import java.util.List;
import java.util.Map;

import io.stripesync.camel.position.EventCursor;
import io.stripesync.camel.position.ObjectDigests;
import io.stripesync.camel.position.Position;
import io.stripesync.camel.position.Round;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When a re-read begins: asked-for ones first, then the scheduled resource waiting longest, never one being read. */
class RereadsScheduleTest {

    private static final long HOUR = 3_600_000L;
    private static final long T0 = 1_800_000_000_000L;

    private static Rereads rereads() {
        return new Rereads(Map.of(), Map.of(), new ObjectDigests(List.of("invoiceitem", "transfer")),
                Map.of("invoiceitem", 24 * HOUR, "transfer", 6 * HOUR), 60);
    }

    private static Position following() {
        return Position.startSeveral(List.of("customer", "invoiceitem", "transfer"), null, false,
                List.of(new EventCursor(1000, "evt_0")), Map.of(), 0);
    }

    @Test
    void aScheduledResourceIsReadAgainOneIntervalAfterItsLastRoundBegan() throws Exception {
        Rereads rereads = rereads();
        Position at = following();
        assertThat(rereads.begin(at, T0)).as("the first look starts the clock").isSameAs(at);
        assertThat(rereads.begin(at, T0 + 6 * HOUR - 1)).isSameAs(at);
        Position begun = rereads.begin(at, T0 + 6 * HOUR);
        assertThat(begun.rereads()).singleElement().satisfies(s -> assertThat(s.resource()).isEqualTo("transfer"));
        assertThat(begun.round("transfer")).isEqualTo(new Round(T0 + 6 * HOUR, 0, false, Round.Kind.CHANGES));
        assertThat(rereads.begin(begun, T0 + 30 * HOUR)).as("one at a time per resource: transfer is being read, so"
                                                          + " invoiceitem, due too").satisfies(p -> assertThat(
                p.rereads()).extracting(s -> s.resource()).containsExactly("transfer", "invoiceitem"));
    }

    @Test
    void anAskedForReadComesFirstAndWaitsWhileItsResourceIsRead() throws Exception {
        Rereads rereads = rereads();
        Position at = following().withReread("customer", List.of(io.stripesync.camel.position.SnapshotSlice.unbounded()),
                T0, Round.Kind.CHANGES);
        rereads.request(new Rereads.Request("customer"));
        rereads.request(new Rereads.Request("invoiceitem", 1_700_000_000L, 1_700_086_400L));
        Position ranged = rereads.begin(at, T0 + 1);
        assertThat(ranged.round("customer").kind()).as("customer is being read: its request waits")
                .isEqualTo(Round.Kind.CHANGES);
        assertThat(ranged.round("invoiceitem")).isEqualTo(new Round(T0 + 1, 0, false, Round.Kind.RANGE));
        assertThat(ranged.rereads()).filteredOn(s -> "invoiceitem".equals(s.resource())).singleElement()
                .satisfies(s -> {
                    assertThat(s.createdGte()).isEqualTo(1_700_000_000L);
                    assertThat(s.createdLt()).isEqualTo(1_700_086_400L);
                });
        assertThat(rereads.pending()).isTrue();
        Position done = ranged.withRereadProgress(ranged.rereads().get(0), ranged.rereads().get(0).finished())
                .withRounds(Map.of("customer", new Round(T0, 5, true, Round.Kind.CHANGES),
                        "invoiceitem", ranged.round("invoiceitem")));
        Position begun = rereads.begin(done, T0 + 2);
        assertThat(begun.round("customer")).as("asked for: whole").isEqualTo(new Round(T0 + 2, 0, false,
                Round.Kind.WHOLE));
        assertThat(rereads.pending()).isFalse();
    }
}
