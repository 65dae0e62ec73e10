package io.stripesync.camel.management;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.stripesync.camel.client.ReadRate;
import io.stripesync.camel.position.Phase;
import io.stripesync.camel.position.Position;
import io.stripesync.camel.source.ChangeType;
import org.slf4j.Logger;

/**
 * What a stream says in its log as it runs, from its figures: a snapshot's progress at a steady pace and once when it
 * is through, and the retention warning once each time the headroom falls under the threshold. On the consumer's
 * logger, so a log configuration keeps naming the consumer.
 */
public final class StreamLines {

    private final Logger log;
    private final String resource;
    private final StreamFigures figures;
    /** How often a running snapshot says how far it is: a steady pace, not a line per page. Tests shorten it. */
    private volatile long progressEveryNanos = TimeUnit.SECONDS.toNanos(30);
    /** When the snapshot (this consumer's part of it) began, and the snapshot records processed before. */
    private long snapshotStartNanos;
    private long snapshotRecordsBefore;
    private long progressSaidNanos;
    /** Whether the retention warning was logged since the headroom last stood at or above the threshold. */
    private boolean retentionWarned;

    public StreamLines(Logger log, String resource, StreamFigures figures) {
        this.log = log;
        this.resource = resource;
        this.figures = figures;
    }

    public void progressEvery(long nanos) {
        progressEveryNanos = nanos;
    }

    /** A poll begins; in a snapshot, the first one starts the snapshot's clock. */
    public void pollBegins(boolean inSnapshot) {
        if (inSnapshot && snapshotStartNanos == 0) {
            snapshotStartNanos = System.nanoTime();
            snapshotRecordsBefore = figures.processed(ChangeType.SNAPSHOT);
        }
    }

    /** A poll that began in a snapshot ended at this position: a progress line when due, or the closing line. */
    public void snapshotPollEnded(Position now) {
        if (now == null) {
            return;
        }
        if (now.phase() == Phase.CDC) {
            snapshotDone();
        } else {
            snapshotProgress(now);
        }
    }

    /** Once when the headroom falls under the threshold (again after it recovered): the health check says it too. */
    public void retention() {
        String warning = figures.retentionWarning();
        if (warning != null && !retentionWarned) {
            log.warn(warning);
        }
        retentionWarned = warning != null;
    }

    /** Every progressEveryNanos while the snapshot runs: objects so far, the pace, the slices still open. */
    private void snapshotProgress(Position now) {
        long at = System.nanoTime();
        if (at - Math.max(snapshotStartNanos, progressSaidNanos) < progressEveryNanos) {
            return;
        }
        progressSaidNanos = at;
        double seconds = (at - snapshotStartNanos) / 1e9;
        long objects = figures.processed(ChangeType.SNAPSHOT) - snapshotRecordsBefore;
        log.info("Snapshot of {}: {} objects in {} s ({} objects/s), {} created-time slices still open; {}", resource,
                objects, String.format(Locale.ROOT, "%.0f", seconds),
                String.format(Locale.ROOT, "%.0f", objects / Math.max(seconds, 0.001)), now.openSlices().size(),
                readsLine());
    }

    /** One line when the snapshot is through: users watching the log know the changes come next. */
    private void snapshotDone() {
        double seconds = (System.nanoTime() - snapshotStartNanos) / 1e9;
        long objects = figures.processed(ChangeType.SNAPSHOT) - snapshotRecordsBefore;
        log.info("Snapshot of {} done: {} objects in {} s ({} objects/s); {}; following changes from the Events API",
                resource, objects, String.format(Locale.ROOT, "%.1f", seconds),
                String.format(Locale.ROOT, "%.0f", objects / Math.max(seconds, 0.001)), readsLine());
        snapshotStartNanos = 0;
        progressSaidNanos = 0;
    }

    /** The key's reads for a progress line: what Stripe's read allocation is measured against. */
    private String readsLine() {
        ReadRate reads = figures.reads();
        long now = System.currentTimeMillis();
        return String.format(Locale.ROOT, "%,d read requests of the key so far, %,.0f a day at the last hour's rate"
                                          + " (%,.0f in 30 days)", reads.total(), reads.perDay(now), reads.per30Days(now));
    }
}
