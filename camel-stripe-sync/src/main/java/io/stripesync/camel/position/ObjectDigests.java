package io.stripesync.camel.position;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;

/**
 * What the stream last delivered of each object of the resources it reads again: a 64-bit digest of the object and the
 * round that last confirmed it (a record of it delivered, or a re-read that found it unchanged). A re-read emits only
 * the objects whose digest differs, and the objects no record confirmed in a round are the ones that went away while
 * no event said so.
 *
 * <p>About 120 bytes an object in memory (the id, a digest and a round). Stored beside the position under its own key,
 * at the end of each round and when the stream stops, not with every batch: digests a crash lost only make the next
 * re-read emit those objects again (at least once), never skip one.
 */
public final class ObjectDigests {

    /** @param round the id of the round that last confirmed the object */
    private record Entry(long digest, long round) {
    }

    private final Map<String, Map<String, Entry>> byResource = new HashMap<>();

    /** Digests kept for these resources only (the others are not read again). */
    public ObjectDigests(Collection<String> resources) {
        resources.forEach(r -> byResource.put(r, new HashMap<>()));
    }

    /** Whether any resource's digests are kept. */
    public synchronized boolean trackedAny() {
        return !byResource.isEmpty();
    }

    public synchronized boolean tracks(String resource) {
        return byResource.containsKey(resource);
    }

    /** The objects known of a resource. */
    public synchronized int size(String resource) {
        Map<String, Entry> known = byResource.get(resource);
        return known == null ? 0 : known.size();
    }

    /** Whether the object is as the stream last delivered it. */
    public synchronized boolean unchanged(String resource, String id, JsonObject object) {
        Map<String, Entry> known = byResource.get(resource);
        Entry entry = known == null ? null : known.get(id);
        return entry != null && entry.digest == digest(object);
    }

    /** A record of the object was delivered: as it is now, confirmed in that round (0 before any). */
    public synchronized void delivered(String resource, String id, JsonObject object, long round) {
        Map<String, Entry> known = byResource.get(resource);
        if (known != null && id != null) {
            known.put(id, new Entry(digest(object), round));
        }
    }

    /** A re-read found the object unchanged: it is confirmed in that round. */
    public synchronized void confirmed(String resource, String id, long round) {
        Map<String, Entry> known = byResource.get(resource);
        Entry entry = known == null ? null : known.get(id);
        if (entry != null && entry.round < round) {
            known.put(id, new Entry(entry.digest, round));
        }
    }

    /** The object's deletion was delivered. */
    public synchronized void deleted(String resource, String id) {
        Map<String, Entry> known = byResource.get(resource);
        if (known != null) {
            known.remove(id);
        }
    }

    /** The objects of the resource no record nor re-read confirmed in the round: gone while no event said so. */
    public synchronized List<String> unconfirmed(String resource, long round) {
        Map<String, Entry> known = byResource.get(resource);
        if (known == null) {
            return List.of();
        }
        List<String> gone = new ArrayList<>();
        known.forEach((id, e) -> {
            if (e.round < round) {
                gone.add(id);
            }
        });
        gone.sort(null);
        return gone;
    }

    /** One line of JSON: {@code {"customer":{"cus_1":["<digest hex>",<round>],...},...}}. */
    public synchronized String encode() {
        StringWriter text = new StringWriter();
        try (JsonWriter out = new JsonWriter(text)) {
            out.beginObject();
            for (Map.Entry<String, Map<String, Entry>> r : new TreeMap<>(byResource).entrySet()) {
                out.name(r.getKey()).beginObject();
                for (Map.Entry<String, Entry> e : r.getValue().entrySet()) {
                    out.name(e.getKey()).beginArray().value(Long.toHexString(e.getValue().digest))
                            .value(e.getValue().round).endArray();
                }
                out.endObject();
            }
            out.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** Takes what {@link #encode()} wrote, for the resources this tracks (others stored before are left out). */
    public synchronized void load(String text) {
        try (JsonReader in = new JsonReader(new StringReader(text))) {
            in.beginObject();
            while (in.hasNext()) {
                Map<String, Entry> known = byResource.get(in.nextName());
                in.beginObject();
                while (in.hasNext()) {
                    String id = in.nextName();
                    in.beginArray();
                    long digest = Long.parseUnsignedLong(in.nextString(), 16);
                    long round = in.nextLong();
                    in.endArray();
                    if (known != null) {
                        known.put(id, new Entry(digest, round));
                    }
                }
                in.endObject();
            }
            in.endObject();
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new IllegalArgumentException("not the digests of a stripe-sync stream: " + e.getMessage(), e);
        }
    }

    /** The first 64 bits of SHA-256 over the object's JSON with every object's keys in order. */
    static long digest(JsonObject object) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            feed(sha, object);
            return ByteBuffer.wrap(sha.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void feed(MessageDigest sha, JsonElement e) {
        if (e == null || e.isJsonNull()) {
            sha.update((byte) 'n');
        } else if (e.isJsonObject()) {
            JsonObject o = e.getAsJsonObject();
            sha.update((byte) '{');
            for (String key : new TreeSet<>(o.keySet())) {
                sha.update(key.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) ':');
                feed(sha, o.get(key));
                sha.update((byte) ',');
            }
            sha.update((byte) '}');
        } else if (e.isJsonArray()) {
            JsonArray a = e.getAsJsonArray();
            sha.update((byte) '[');
            for (JsonElement item : a) {
                feed(sha, item);
                sha.update((byte) ',');
            }
            sha.update((byte) ']');
        } else {
            sha.update(e.toString().getBytes(StandardCharsets.UTF_8));
        }
    }
}
