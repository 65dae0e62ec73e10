package io.stripesync.camel.position;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ids of the events delivered within the look-back, with their created second: an immutable map whose successive
 * versions share one append-only log. Every delivered event makes a new {@link Position}; copying the ids for each
 * made a backlog's last look-backs (thousands of ids) cost the square of their size, while sharing makes remembering
 * one more id, and forgetting the ones that fell out of the look-back, cost a constant on average.
 *
 * <p>A version sees the log entries in [start, end) created at or after its floor. Only the version at the log's end
 * appends in place; any other version, or an id the log already holds, starts a new log with the visible entries, as
 * does a log whose forgotten prefix has grown larger than what is still seen.
 */
public final class DeliveredIds extends AbstractMap<String, Long> {

    /** Written by the one thread that delivers; read by any (a position is handed to stores and to management). */
    private static final class Log {
        private final List<String> ids = new ArrayList<>();
        private final List<Long> created = new ArrayList<>();
        private final Map<String, Integer> index = new HashMap<>();

        synchronized int size() {
            return ids.size();
        }

        /** The entry's place in the log, or -1. */
        synchronized int find(String id) {
            Integer at = index.get(id);
            return at == null ? -1 : at;
        }

        synchronized long createdAt(int at) {
            return created.get(at);
        }

        synchronized String idAt(int at) {
            return ids.get(at);
        }

        /** Appends when the log ends at {@code end} and does not hold the id yet; false otherwise. */
        synchronized boolean appendAt(int end, String id, long second) {
            if (ids.size() != end || index.containsKey(id)) {
                return false;
            }
            ids.add(id);
            created.add(second);
            index.put(id, end);
            return true;
        }
    }

    private final Log log;
    private final int start;
    private final int end;
    private final long floor;
    private int size = -1;

    private DeliveredIds(Log log, int start, int end, long floor) {
        this.log = log;
        this.start = start;
        this.end = end;
        this.floor = floor;
    }

    /** The given ids as a shared-log map (itself when it already is one). */
    public static DeliveredIds of(Map<String, Long> ids) {
        if (ids instanceof DeliveredIds shared) {
            return shared;
        }
        List<Map.Entry<String, Long>> oldestFirst = new ArrayList<>(ids.entrySet());
        oldestFirst.sort(Map.Entry.comparingByValue());
        return copyOf(oldestFirst, Long.MIN_VALUE);
    }

    /** A new log holding these entries, in this order. */
    private static DeliveredIds copyOf(Iterable<Map.Entry<String, Long>> entries, long floor) {
        Log fresh = new Log();
        int n = 0;
        for (Map.Entry<String, Long> e : entries) {
            if (fresh.appendAt(n, e.getKey(), e.getValue())) {
                n++;
            }
        }
        return new DeliveredIds(fresh, 0, n, floor);
    }

    /** These ids and those (id to created second). */
    public DeliveredIds withAll(Map<String, Long> more) {
        DeliveredIds ids = this;
        for (Map.Entry<String, Long> e : more.entrySet()) {
            ids = ids.with(e.getKey(), e.getValue());
        }
        return ids;
    }

    /** These ids and one more. */
    public DeliveredIds with(String id, long second) {
        Long known = get(id);
        if (known != null && known == second) {
            return this;
        }
        if (known == null && second >= floor && log.appendAt(end, id, second)) {
            return new DeliveredIds(log, start, end + 1, floor);
        }
        List<Map.Entry<String, Long>> entries = new ArrayList<>(entrySet());
        entries.removeIf(e -> e.getKey().equals(id));
        entries.add(Map.entry(id, second));
        return copyOf(entries, Math.min(floor, second));
    }

    /** Only the ids created at or after {@code second}. */
    public DeliveredIds from(long second) {
        if (second <= floor) {
            return this;
        }
        int first = start;
        while (first < end && log.createdAt(first) < second) {
            first++;
        }
        DeliveredIds kept = new DeliveredIds(log, first, end, second);
        // the log keeps what no version sees any more: start over once that is most of it
        return first > 1024 && first > 2 * (end - first) ? copyOf(kept.entrySet(), second) : kept;
    }

    @Override
    public Long get(Object id) {
        if (!(id instanceof String key)) {
            return null;
        }
        int at = log.find(key);
        if (at < start || at >= end) {
            return null;
        }
        long second = log.createdAt(at);
        return second >= floor ? second : null;
    }

    @Override
    public boolean containsKey(Object id) {
        return get(id) != null;
    }

    @Override
    public int size() {
        if (size < 0) {
            size = entrySet().size();
        }
        return size;
    }

    @Override
    public Set<Map.Entry<String, Long>> entrySet() {
        Map<String, Long> visible = new LinkedHashMap<>();
        for (int at = start; at < end; at++) {
            long second = log.createdAt(at);
            if (second >= floor) {
                visible.put(log.idAt(at), second);
            }
        }
        return Collections.unmodifiableMap(visible).entrySet();
    }
}
