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
        assertThat(begun.round("transfer")).isEqualTo(new Round(T0 + 6 * HOUR, 0, false, true));
        assertThat(rereads.begin(begun, T0 + 30 * HOUR)).as("one at a time per resource: transfer is being read, so"
                                                          + " invoiceitem, due too").satisfies(p -> assertThat(
                p.rereads()).extracting(s -> s.resource()).containsExactly("transfer", "invoiceitem"));
    }

    @Test
    void anAskedForReadComesFirstAndIsWholeAndWaitsWhileTheResourceIsRead() throws Exception {
        Rereads rereads = rereads();
        Position at = following().withReread("customer", List.of(io.stripesync.camel.position.SnapshotSlice.unbounded()),
                T0, true);
        rereads.request(new Rereads.Request("customer"));
        assertThat(rereads.begin(at, T0 + 1)).as("customer is being read").isSameAs(at);
        assertThat(rereads.pending()).isTrue();
        Position done = at.withRereadProgress(at.rereads().get(0).of("customer"), at.rereads().get(0).finished())
                .withRounds(Map.of("customer", new Round(T0, 5, true, true)));
        Position begun = rereads.begin(done, T0 + 2);
        assertThat(begun.round("customer")).isEqualTo(new Round(T0 + 2, 0, false, false));
        assertThat(rereads.pending()).isFalse();
    }
}
