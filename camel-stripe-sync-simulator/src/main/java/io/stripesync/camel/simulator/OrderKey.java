package io.stripesync.camel.simulator;

/** Position in a Stripe list: newest first, ties broken by creation sequence (newest first too). */
record OrderKey(long created, long seq) implements Comparable<OrderKey> {

    @Override
    public int compareTo(OrderKey o) {
        int c = Long.compare(o.created, created);
        return c != 0 ? c : Long.compare(o.seq, seq);
    }

    /** The key that sorts before every key with this created second (the newest possible). */
    static OrderKey newestAt(long created) {
        return new OrderKey(created, Long.MAX_VALUE);
    }

    /** The key that sorts after every key with this created second (the oldest possible). */
    static OrderKey oldestAt(long created) {
        return new OrderKey(created, Long.MIN_VALUE);
    }
}
