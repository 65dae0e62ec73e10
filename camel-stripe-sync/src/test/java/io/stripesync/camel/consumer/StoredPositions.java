package io.stripesync.camel.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.stripesync.camel.position.Phase;
import io.stripesync.camel.position.Position;
import io.stripesync.camel.position.PositionCodec;
import io.stripesync.camel.state.JdbcStateRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every position a shared table held when it was read, by the test or by a watcher thread while nodes come and go:
 * it must never go back.
 */
final class StoredPositions implements AutoCloseable {

    private final JdbcStateRepository table;
    private final String key;
    private final List<Position> stored = new CopyOnWriteArrayList<>();
    private Thread watcher;

    StoredPositions(JdbcStateRepository table, String key) {
        this.table = table;
        this.key = key;
    }

    /** The position stored now, or null; kept for {@link #assertNeverWentBack}. */
    Position read() {
        String text = table.getState(key);
        if (text == null || text.isEmpty()) {
            return null;
        }
        Position position = PositionCodec.decode(text);
        stored.add(position);
        return position;
    }

    /** Reads the table every 20 ms until closed. */
    StoredPositions watch() {
        watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    read();
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // the table is not there before the first node starts
                }
            }
        }, "position-watcher");
        watcher.start();
        return this;
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.interrupt();
        }
    }

    /** The CDC start never moves; once in CDC, never back into the snapshot, and the cursor never back. */
    void assertNeverWentBack() {
        List<Position> seen = new ArrayList<>(stored);
        assertThat(seen).isNotEmpty();
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i).cdcStart()).as("the CDC start never moves").isEqualTo(seen.get(0).cdcStart());
            if (seen.get(i - 1).phase() == Phase.CDC) {
                assertThat(seen.get(i).phase()).as("never back from CDC into the snapshot").isEqualTo(Phase.CDC);
                assertThat(seen.get(i).cursors().get(0).created()).as("the CDC cursor never moves back")
                        .isGreaterThanOrEqualTo(seen.get(i - 1).cursors().get(0).created());
            }
        }
    }
}
