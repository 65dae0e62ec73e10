package io.stripesync.camel.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;
import java.util.function.Predicate;

/** The live objects of one resource in one account, in Stripe's list order. Not thread-safe: the simulator locks. */
final class ObjectStore {

    private final NavigableMap<OrderKey, StoredObject> ordered = new ConcurrentSkipListMap<>();
    private final Map<String, StoredObject> byId = new HashMap<>();

    void put(StoredObject object) {
        ordered.put(object.key, object);
        byId.put(object.id, object);
    }

    StoredObject get(String id) {
        return byId.get(id);
    }

    StoredObject remove(String id) {
        StoredObject removed = byId.remove(id);
        if (removed != null) {
            ordered.remove(removed.key);
        }
        return removed;
    }

    int size() {
        return byId.size();
    }

    Iterable<StoredObject> newestFirst() {
        return ordered.values();
    }

    /**
     * One page, newest first.
     *
     * @param after  only objects older than this key (starting_after), or null
     * @param before only objects newer than this key (ending_before), or null
     */
    GenericPage<StoredObject> page(CreatedRange range, OrderKey after, OrderKey before, int limit,
                                   Predicate<StoredObject> filter) {
        return page(ordered, range, after, before, limit, filter, o -> o.key);
    }

    /** Shared paging over any newest-first map (objects and events page the same way). */
    static <T> GenericPage<T> page(NavigableMap<OrderKey, T> ordered, CreatedRange range, OrderKey after, OrderKey before,
                                   int limit, Predicate<T> filter, Function<T, OrderKey> keyOf) {
        List<T> items = new ArrayList<>();
        boolean hasMore = false;
        if (before != null) {
            // ending_before: the objects just newer than the cursor, walking towards newer, returned newest first
            for (T item : ordered.headMap(before, false).descendingMap().values()) {
                long created = keyOf.apply(item).created();
                if (created > range.maxCreated()) {
                    break;
                }
                if (created < range.minCreated() || !filter.test(item)) {
                    continue;
                }
                if (items.size() == limit) {
                    hasMore = true;
                    break;
                }
                items.add(item);
            }
            Collections.reverse(items);
            return new GenericPage<>(items, hasMore);
        }
        OrderKey start = range.upperKey();
        if (after != null && (start == null || after.compareTo(start) >= 0)) {
            start = after;
        }
        NavigableMap<OrderKey, T> older = start == null ? ordered : ordered.tailMap(start, start != after);
        for (T item : older.values()) {
            long created = keyOf.apply(item).created();
            if (created < range.minCreated()) {
                break;
            }
            if (!range.contains(created) || !filter.test(item)) {
                continue;
            }
            if (items.size() == limit) {
                hasMore = true;
                break;
            }
            items.add(item);
        }
        return new GenericPage<>(items, hasMore);
    }

    record GenericPage<T>(List<T> items, boolean hasMore) {
    }
}
