package io.stripesync.camel.source;

import com.stripe.exception.StripeException;

/** What the two read-ahead loops (the snapshot's pipeline and the events' backlog) share. */
final class ReadAhead {

    /** How long a waiting poll or reader sleeps before it looks again (and sees a close). */
    static final long WAIT_MILLIS = 500;

    private ReadAhead() {
    }

    /** A reader's failure, thrown on the polling thread as it was. */
    static RuntimeException rethrow(Exception e) throws StripeException {
        if (e instanceof StripeException s) {
            throw s;
        }
        if (e instanceof RuntimeException r) {
            return r;
        }
        return new IllegalStateException(e);
    }
}
