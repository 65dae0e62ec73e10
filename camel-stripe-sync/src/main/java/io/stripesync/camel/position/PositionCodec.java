package io.stripesync.camel.position;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * The stored form of a {@link Position}: one line of JSON with a {@code version}, so the format can evolve. Written
 * field by field (not reflectively) so that renaming a Java field never changes what is on disk.
 */
public final class PositionCodec {

    private PositionCodec() {
    }

    public static String encode(Position p) {
        JsonObject o = new JsonObject();
        o.addProperty("version", p.version());
        o.addProperty("resource", p.resource());
        o.addProperty("account", p.account());
        o.addProperty("phase", p.phase().name().toLowerCase(Locale.ROOT));
        o.addProperty("cdcStart", p.cdcStart());
        o.add("snapshot", encode(p.slices()));
        JsonArray cursors = new JsonArray();
        for (EventCursor c : p.cursors()) {
            JsonObject j = new JsonObject();
            j.addProperty("created", c.created());
            j.addProperty("eventId", c.eventId());
            cursors.add(j);
        }
        o.add("cdc", cursors);
        JsonObject delivered = new JsonObject();
        new TreeMap<>(p.delivered()).forEach(delivered::addProperty);
        o.add("delivered", delivered);
        if (p.several()) {
            JsonObject marks = new JsonObject();
            p.watermarks().forEach(marks::addProperty);
            o.add("resources", marks);
        }
        if (!p.behind().isEmpty()) {
            JsonArray behind = new JsonArray();
            p.behind().forEach(behind::add);
            o.add("behind", behind);
        }
        if (!p.rereads().isEmpty()) {
            o.add("rereads", encode(p.rereads()));
        }
        if (!p.rounds().isEmpty()) {
            JsonObject rounds = new JsonObject();
            p.rounds().forEach((name, r) -> {
                JsonObject j = new JsonObject();
                j.addProperty("id", r.id());
                j.addProperty("objects", r.objects());
                j.addProperty("closed", r.closed());
                if (r.kind() != Round.Kind.WHOLE) {
                    j.addProperty("kind", r.kind().name().toLowerCase(Locale.ROOT));
                }
                rounds.add(name, j);
            });
            o.add("rounds", rounds);
        }
        return o.toString();
    }

    private static JsonArray encode(List<SnapshotSlice> slices) {
        JsonArray array = new JsonArray();
        for (SnapshotSlice s : slices) {
            JsonObject j = new JsonObject();
            j.addProperty("createdGte", s.createdGte());
            j.addProperty("createdLt", s.createdLt());
            j.addProperty("lastId", s.lastId());
            j.addProperty("lastCreated", s.lastCreated());
            j.addProperty("done", s.done());
            if (s.resource() != null) {
                j.addProperty("resource", s.resource());
            }
            if (!s.filter().isEmpty()) {
                JsonObject filter = new JsonObject();
                new TreeMap<>(s.filter()).forEach(filter::addProperty);
                j.add("filter", filter);
            }
            array.add(j);
        }
        return array;
    }

    private static List<SnapshotSlice> slices(JsonArray array) {
        List<SnapshotSlice> slices = new ArrayList<>();
        for (JsonElement e : array) {
            JsonObject j = e.getAsJsonObject();
            Map<String, String> filter = new LinkedHashMap<>();
            if (j.has("filter") && j.get("filter").isJsonObject()) {
                j.getAsJsonObject("filter").entrySet().forEach(f -> filter.put(f.getKey(), f.getValue().getAsString()));
            }
            slices.add(new SnapshotSlice(longOrNull(j, "createdGte"), longOrNull(j, "createdLt"), stringOrNull(j, "lastId"),
                    longOrNull(j, "lastCreated"), j.get("done").getAsBoolean(), filter, stringOrNull(j, "resource")));
        }
        return slices;
    }

    /** @throws IllegalArgumentException when the text is not a position this version can read */
    public static Position decode(String text) {
        try {
            JsonObject o = JsonParser.parseString(text).getAsJsonObject();
            int version = o.get("version").getAsInt();
            if (version < 1 || version > Position.CURRENT_VERSION) {
                throw new IllegalArgumentException("unsupported position version " + version + " (this version reads 1 to "
                                                   + Position.CURRENT_VERSION + ")");
            }
            List<SnapshotSlice> slices = slices(o.getAsJsonArray("snapshot"));
            List<SnapshotSlice> rereads = o.has("rereads") && o.get("rereads").isJsonArray()
                    ? slices(o.getAsJsonArray("rereads")) : List.of();
            List<EventCursor> cursors = new ArrayList<>();
            for (JsonElement e : o.getAsJsonArray("cdc")) {
                JsonObject j = e.getAsJsonObject();
                cursors.add(new EventCursor(j.get("created").getAsLong(), stringOrNull(j, "eventId")));
            }
            Map<String, Long> delivered = new LinkedHashMap<>();
            o.getAsJsonObject("delivered").entrySet().forEach(en -> delivered.put(en.getKey(), en.getValue().getAsLong()));
            Map<String, Long> watermarks = new TreeMap<>();
            if (o.has("resources") && o.get("resources").isJsonObject()) {
                o.getAsJsonObject("resources").entrySet().forEach(en -> watermarks.put(en.getKey(), en.getValue().getAsLong()));
            }
            List<String> behind = new ArrayList<>();
            if (o.has("behind") && o.get("behind").isJsonArray()) {
                o.getAsJsonArray("behind").forEach(b -> behind.add(b.getAsString()));
            }
            Map<String, Round> rounds = new TreeMap<>();
            if (o.has("rounds") && o.get("rounds").isJsonObject()) {
                o.getAsJsonObject("rounds").entrySet().forEach(en -> {
                    JsonObject j = en.getValue().getAsJsonObject();
                    rounds.put(en.getKey(), new Round(j.get("id").getAsLong(), j.get("objects").getAsLong(),
                            j.get("closed").getAsBoolean(), j.has("kind")
                            ? Round.Kind.valueOf(j.get("kind").getAsString().toUpperCase(Locale.ROOT)) : Round.Kind.WHOLE));
                });
            }
            // an older position is a current one without what came later (filters, several resources): it is written
            // back as the current version
            return new Position(Position.CURRENT_VERSION, o.get("resource").getAsString(), stringOrNull(o, "account"),
                    Phase.valueOf(o.get("phase").getAsString().toUpperCase(Locale.ROOT)), o.get("cdcStart").getAsLong(),
                    slices, cursors, delivered, watermarks, behind, rounds, rereads);
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("not a stripe-sync position: " + e.getMessage(), e);
        }
    }

    private static Long longOrNull(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e == null || e instanceof JsonNull ? null : e.getAsLong();
    }

    private static String stringOrNull(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e == null || e instanceof JsonNull ? null : e.getAsString();
    }
}
