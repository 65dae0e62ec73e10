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

    /** @param round the record's CamelStripeSyncRound, null without one */
    record Seen(String operation, String objectId, String eventId, String eventType, Long round) {
    }

    private final Map<String, JsonObject> rows = new HashMap<>();
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    /** Whether this replica compares the records' claims (a sink several nodes write), and the greatest it applied. */
    private final boolean fenced;
    private long claim;
    private final List<String> refused = Collections.synchronizedList(new ArrayList<>());
    /** Each row's greatest round that confirmed it, and the second of the newest change applied to it. */
    private final Map<String, long[]> stamps = new HashMap<>();
    private final Map<String, String> resourceOf = new HashMap<>();
    /** Each object's CamelStripeSyncAccount header, for the records that carried one. */
    private final Map<String, String> accountOf = new HashMap<>();
    /** Each resource's greatest round seen on a marker: a marker of a smaller one closes nothing. */
    private final Map<String, Long> closedRounds = new HashMap<>();
    /** Every object body applied, in order (an upsert's), to tell whether an object ever went back to an older state. */
    private final List<JsonObject> applied = Collections.synchronizedList(new ArrayList<>());
    /** The markers applied and ignored, as {@code resource round objects applied|ignored deleted=n}. */
    private final List<String> markers = Collections.synchronizedList(new ArrayList<>());

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
        String account = exchange.getIn().getHeader(StripeSyncConstants.ACCOUNT, String.class);
        if (account != null && id != null) {
            accountOf.put(id, account);
        }
        seen.add(new Seen(op, id, exchange.getIn().getHeader(StripeSyncConstants.EVENT_ID, String.class),
                exchange.getIn().getHeader(StripeSyncConstants.EVENT_TYPE, String.class),
                exchange.getIn().getHeader(StripeSyncConstants.ROUND, Long.class)));
        if ("snapshot-complete".equals(op)) {
            closeRound(body);
        } else if ("delete".equals(op)) {
            rows.remove(id);
            stamps.remove(id);
        } else {
            rows.put(id, body);
            applied.add(body);
            // as the example sink does: the greatest round that confirmed the row, its newest change's second
            Long round = exchange.getIn().getHeader(StripeSyncConstants.ROUND, Long.class);
            Long second = exchange.getIn().getHeader(StripeSyncConstants.EVENT_CREATED, Long.class);
            long[] was = stamps.getOrDefault(id, new long[] {0, 0});
            stamps.put(id, new long[] {Math.max(was[0], round == null ? 0 : round),
                                       Math.max(was[1], second == null ? 0 : second)});
            resourceOf.put(id, exchange.getIn().getHeader(StripeSyncConstants.RESOURCE, String.class));
        }
    }

    /**
     * A round's marker: when it is the greatest round of its resource seen, the rows of the resource it did not confirm
     * and that no record since its snapshot start stood for are deleted (they went away while no event said so).
     */
    private void closeRound(JsonObject body) {
        String resource = body.get("resource").getAsString();
        long round = body.get("round").getAsLong();
        long start = body.get("snapshot_start").getAsLong();
        if (round < closedRounds.getOrDefault(resource, 0L)) {
            markers.add(resource + " " + round + " " + body.get("objects").getAsLong() + " ignored");
            return;
        }
        closedRounds.put(resource, round);
        if (body.get("partial").getAsBoolean()) {
            // a re-read that delivered what changed, and what went away as deletions: the other rows stand
            markers.add(resource + " " + round + " " + body.get("objects").getAsLong() + " applied deleted=0");
            return;
        }
        List<String> gone = new ArrayList<>();
        stamps.forEach((id, s) -> {
            if (resource.equals(resourceOf.get(id)) && s[0] < round && s[1] < start) {
                gone.add(id);
            }
        });
        gone.forEach(id -> {
            rows.remove(id);
            stamps.remove(id);
        });
        markers.add(resource + " " + round + " " + body.get("objects").getAsLong() + " applied deleted=" + gone.size());
    }

    /**
     * The objects whose delivered states went back: a state whose {@code metadata[key]} (a number the workload raises
     * with each change) is smaller than one delivered before it. Empty when every object only moved forward.
     */
    List<String> wentBack(String key) {
        Map<String, Long> newest = new HashMap<>();
        List<String> back = new ArrayList<>();
        synchronized (applied) {
            for (JsonObject body : applied) {
                JsonObject metadata = body.has("metadata") && body.get("metadata").isJsonObject()
                        ? body.getAsJsonObject("metadata") : null;
                if (metadata == null || !metadata.has(key)) {
                    continue;
                }
                String id = body.get("id").getAsString();
                long value = Long.parseLong(metadata.get(key).getAsString());
                Long before = newest.get(id);
                if (before != null && value < before) {
                    back.add(id + " " + key + " " + value + " after " + before);
                }
                newest.merge(id, value, Math::max);
            }
        }
        return back;
    }

    /** The round markers this replica took, in order: {@code resource round objects applied deleted=n|ignored}. */
    List<String> markers() {
        synchronized (markers) {
            return new ArrayList<>(markers);
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

    /** The account the records of an object named (CamelStripeSyncAccount), null when none did. */
    synchronized String accountOf(String objectId) {
        return accountOf.get(objectId);
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
            String key = s.eventId() != null ? s.eventId() : s.objectId() == null ? "round:" + s.round() : "snapshot:" + s.objectId();
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
