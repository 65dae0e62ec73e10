package io.stripesync.camel.consumer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.stripesync.camel.StripeSyncConstants;
import org.apache.camel.Exchange;

/**
 * What a downstream table would hold: every exchange applied in order (snapshot/create/update put, delete removes).
 * Also keeps every exchange's key for counting duplicates.
 */
final class Replica {

    record Seen(String operation, String objectId, String eventId, String eventType) {
    }

    private final Map<String, JsonObject> rows = new HashMap<>();
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    /** Whether this replica compares the records' claims (a sink several nodes write), and the greatest it applied. */
    private final boolean fenced;
    private long claim;
    private final List<String> refused = Collections.synchronizedList(new ArrayList<>());

    Replica() {
        this(false);
    }

    private Replica(boolean fenced) {
        this.fenced = fenced;
    }

    /**
     * A replica several nodes write, as the docs advise for one: it keeps the greatest CamelStripeSyncClaim it applied
     * and refuses a record with a smaller one (it comes from a node that lost the stream).
     */
    static Replica fenced() {
        return new Replica(true);
    }

    /** The records a fenced replica refused: {@code operation objectId claim}. */
    List<String> refused() {
        synchronized (refused) {
            return new ArrayList<>(refused);
        }
    }

    synchronized void apply(Exchange exchange) {
        String op = exchange.getIn().getHeader(StripeSyncConstants.OPERATION, String.class);
        String id = exchange.getIn().getHeader(StripeSyncConstants.OBJECT_ID, String.class);
        if (fenced) {
            long recordClaim = exchange.getIn().getHeader(StripeSyncConstants.CLAIM, Long.class);
            if (recordClaim < claim) {
                refused.add(op + " " + id + " " + recordClaim);
                return;
            }
            claim = recordClaim;
        }
        JsonObject body = JsonParser.parseString(exchange.getIn().getBody(String.class)).getAsJsonObject();
        seen.add(new Seen(op, id, exchange.getIn().getHeader(StripeSyncConstants.EVENT_ID, String.class),
                exchange.getIn().getHeader(StripeSyncConstants.EVENT_TYPE, String.class)));
        if ("delete".equals(op)) {
            rows.remove(id);
        } else {
            rows.put(id, body);
        }
    }

    /** A copy holding only the rows whose id starts with the prefix (one resource's, of a replica of several). */
    synchronized Replica only(String idPrefix) {
        Replica copy = new Replica();
        rows.forEach((id, row) -> {
            if (id.startsWith(idPrefix)) {
                copy.rows.put(id, row);
            }
        });
        return copy;
    }

    synchronized Map<String, JsonObject> rows() {
        return new TreeMap<>(rows);
    }

    List<Seen> seen() {
        synchronized (seen) {
            return new ArrayList<>(seen);
        }
    }

    long count(String operation) {
        return seen().stream().filter(s -> s.operation().equals(operation)).count();
    }

    /** Exchanges that repeated an earlier one (same snapshot object, or same event). */
    long duplicates() {
        java.util.Set<String> keys = new java.util.HashSet<>();
        long dup = 0;
        for (Seen s : seen()) {
            String key = s.eventId() != null ? s.eventId() : "snapshot:" + s.objectId();
            if (!keys.add(key)) {
                dup++;
            }
        }
        return dup;
    }

    /** Empty when the replica holds exactly the source's objects, else a short account of the first differences. */
    String differenceFrom(List<JsonObject> source) {
        Map<String, JsonObject> expected = byId(source);
        Map<String, JsonObject> actual = rows();
        List<String> problems = new ArrayList<>();
        for (String id : expected.keySet()) {
            if (!actual.containsKey(id)) {
                problems.add("missing " + id);
            } else if (!actual.get(id).equals(expected.get(id))) {
                problems.add("stale " + id + ": " + actual.get(id) + " vs " + expected.get(id));
            }
        }
        for (String id : actual.keySet()) {
            if (!expected.containsKey(id)) {
                problems.add("deleted at source but kept " + id);
            }
        }
        return problems.isEmpty() ? "" : problems.size() + " differences, e.g. " + problems.subList(0, Math.min(3, problems.size()));
    }

    static Map<String, JsonObject> byId(List<JsonObject> objects) {
        Map<String, JsonObject> m = new TreeMap<>();
        objects.forEach(o -> m.put(o.get("id").getAsString(), o));
        return m;
    }
}
