package io.stripesync.camel.source;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import io.stripesync.camel.client.ListPages;
import io.stripesync.camel.position.EventCursor;

/**
 * The events after a cursor in Stripe's list order ({@code ending_before} the newest delivered event, so events of
 * one second keep their order), oldest first, a batch at a time. A cursor Stripe no longer has, or an anchor older than
 * Stripe's retention, means events expired.
 */
final class ForwardRead {

    /** One query's events after its cursor, oldest first, and whether Stripe has more. */
    record Forward(List<EventCandidate> events, boolean hasMore) {
    }

    private final EventsApi api;
    private final List<EventQuery> groups;
    private final int batchSize;

    ForwardRead(EventsApi api, List<EventQuery> groups, int batchSize) {
        this.api = api;
        this.groups = groups;
        this.batchSize = batchSize;
    }

    /** The events after the cursor in list order, oldest first, at most one batch. */
    Forward after(int group, EventCursor cursor) throws StripeException, EventsExpiredException {
        Map<String, Object> params = groups.get(group).params();
        params.put("limit", batchSize);
        if (cursor.eventId() != null) {
            params.put("ending_before", cursor.eventId());
            JsonObject page;
            try {
                page = api.page(params);
            } catch (InvalidRequestException e) {
                if ("ending_before".equals(e.getParam()) || "resource_missing".equals(e.getCode())) {
                    throw EventsExpiredException.missing(cursor.eventId(), cursor.created(), api.newestOfAnyType(), e);
                }
                throw e;
            }
            List<EventCandidate> events = new ArrayList<>();
            for (JsonObject e : EventsApi.data(page)) {
                events.add(new EventCandidate(group, e, true));
            }
            Collections.reverse(events);
            boolean hasMore = EventsApi.hasMore(page);
            return new Forward(hasMore ? wholeSeconds(events) : events, hasMore);
        }
        // No event seen yet: everything visible after the anchor is new. If Stripe's newest event is more than the
        // retention past the anchor, events of these types may have come and gone: never carry on as if not.
        if (cursor.created() > 0) {
            long newestAny = api.newestOfAnyType();
            if (newestAny - cursor.created() > EventsApi.RETENTION_SECONDS) {
                throw new EventsExpiredException(null, cursor.created(), null);
            }
            params.put("created", Map.of("gte", cursor.created()));
        }
        // Stripe lists newest first, so walk to the end keeping only the oldest batch.
        Deque<EventCandidate> oldest = new ArrayDeque<>();
        boolean dropped = false;
        ListPages pages = api.pages(params);
        for (JsonObject e = pages.nextOrNull(); e != null; e = pages.nextOrNull()) {
            oldest.addLast(new EventCandidate(group, e, true));
            if (oldest.size() > batchSize) {
                oldest.removeFirst();
                dropped = true;
            }
        }
        List<EventCandidate> events = new ArrayList<>(oldest);
        Collections.reverse(events);
        return new Forward(dropped ? wholeSeconds(events) : events, dropped);
    }

    /** Merges the groups' forward events by time, up to the bound a group with more to read imposes. */
    static List<EventCandidate> merge(List<List<EventCandidate>> forward, Long bound) {
        List<EventCandidate> all = new ArrayList<>();
        for (List<EventCandidate> group : forward) {
            for (EventCandidate c : group) {
                if (bound == null || c.created() <= bound) {
                    all.add(c);
                }
            }
        }
        all.sort((a, b) -> Long.compare(a.created(), b.created()));
        return all;
    }

    /**
     * A batch cut by the page size ends at a second boundary, so that the events of one second, whose list order is
     * not their order, come in one poll. A second with more events than a batch is cut all the same.
     */
    private static List<EventCandidate> wholeSeconds(List<EventCandidate> oldestFirst) {
        int end = oldestFirst.size();
        if (end < 2 || oldestFirst.get(0).created() == oldestFirst.get(end - 1).created()) {
            return oldestFirst;
        }
        long lastSecond = oldestFirst.get(end - 1).created();
        while (oldestFirst.get(end - 1).created() == lastSecond) {
            end--;
        }
        return new ArrayList<>(oldestFirst.subList(0, end));
    }
}
