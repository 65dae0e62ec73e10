package io.stripesync.camel.source;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.gson.JsonObject;
import com.stripe.exception.StripeException;
import io.stripesync.camel.catalog.ResourceSelection;
import io.stripesync.camel.client.StripeGateway;
import io.stripesync.camel.position.EventCursor;

/**
 * Whether an idle account has anything new, without opening its feed: per event query (one for most streams), one
 * {@code /v1/events} request for the events created from a look-back before its cursor on, checked against the ids
 * its feed knew when it closed (delivered, accounted for). A feed opened again costs more (its position loaded, its
 * look-back read afresh), so an idle account's turn costs this one request.
 *
 * <p>The window is the one the feed's own look-back reads, so an event shown late, or one made in the cursor's second
 * and listed after the cursor's event, is found as the feed would find it.
 */
public final class IdleProbe {

    private final List<EventQuery> queries;
    private final long lookbackSeconds;

    public IdleProbe(ResourceSelection resources, EventFilter filter, long lookbackSeconds) {
        this.queries = EventReader.queries(resources.resources(), resources.several(), filter);
        this.lookbackSeconds = lookbackSeconds;
    }

    /** What a probe answers for a window of more than a page: the feed reads it. */
    public static final Set<String> MORE = Set.of("(more than a page)");

    /**
     * @param account the account's gateway (any version: only ids are compared)
     * @param cursors where the account's feed stopped, one per query
     * @param known   the ids its feed had delivered, accounted for, or read past when it stopped
     * @return the ids of the window it did not know (empty: nothing new), {@link #MORE} for a window past a page
     */
    public Set<String> unknown(StripeGateway account, List<EventCursor> cursors, Set<String> known)
            throws StripeException {
        if (cursors.size() != queries.size()) {
            return MORE;
        }
        Set<String> unknown = new HashSet<>();
        EventsApi api = new EventsApi(account);
        for (int i = 0; i < queries.size(); i++) {
            Map<String, Object> params = new LinkedHashMap<>(queries.get(i).params());
            params.put("limit", EventsApi.MAX_PAGE);
            params.put("created", Map.of("gte", Math.max(0, cursors.get(i).created() - lookbackSeconds)));
            JsonObject page = api.page(params);
            if (EventsApi.hasMore(page)) {
                return MORE;
            }
            for (JsonObject event : EventsApi.data(page)) {
                String id = event.get("id").getAsString();
                if (!known.contains(id) && !id.equals(cursors.get(i).eventId())) {
                    unknown.add(id);
                }
            }
        }
        return unknown;
    }
}
