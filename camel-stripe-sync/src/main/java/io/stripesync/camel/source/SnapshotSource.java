package io.stripesync.camel.source;

import com.stripe.exception.StripeException;
import io.stripesync.camel.position.Position;

/** Where the snapshot phase's records come from: one page at a time ({@link SnapshotReader}) or read ahead in parallel. */
public interface SnapshotSource extends AutoCloseable {

    /**
     * The next records of the snapshot, each with the position after it.
     *
     * @param from the position saved last: the records before it were processed
     * @param max  at most this many records; 0 for no limit beyond a page
     */
    PollResult read(Position from, int max) throws StripeException;

    /** Stops reading ahead; nothing is lost, the next read starts again from the position it is given. */
    @Override
    default void close() {
    }
}
