package io.stripesync.camel.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.google.gson.JsonObject;
import io.stripesync.camel.position.Position;
import io.stripesync.camel.position.Round;

/**
 * The rounds' part of what a stream delivers: each snapshot record counted in its round, and the one marker record
 * that ends a round once every record of it was processed.
 */
final class RoundMarker {

    /** The marker's body names what it is, as a Stripe object's {@code object} field does. */
    static final String OBJECT = "stripe_sync.round";

    private RoundMarker() {
    }

    /**
     * The marker of a resource's round: its id, the resource, how many snapshot records it delivered and its snapshot
     * start; the position after it has the round closed.
     */
    static PollResult of(String resource, Position from) {
        Round round = from.round(resource);
        JsonObject body = new JsonObject();
        body.addProperty("object", OBJECT);
        body.addProperty("round", round.id());
        body.addProperty("resource", resource);
        body.addProperty("objects", round.objects());
        body.addProperty("snapshot_start", from.watermark(resource));
        // a re-read that delivered only what changed: the rows it did not confirm are not gone (its deletions came)
        body.addProperty("partial", round.partial());
        Map<String, Round> closed = new TreeMap<>(from.rounds());
        closed.put(resource, round.close());
        Position after = from.withRounds(closed);
        ChangeRecord marker = new ChangeRecord(ChangeType.SNAPSHOT_COMPLETE, resource, body, null, null, null, null,
                from.account(), null, after);
        return new PollResult(List.of(marker), after, true);
    }

    /**
     * Deletions of the objects a round did not confirm (gone while no event said so), before its marker: each with the
     * position as it is (they move nothing; their delivery removes them from the digests, so they are not found again).
     */
    static PollResult deletions(String resource, List<String> ids, Position at) {
        List<ChangeRecord> records = new ArrayList<>(ids.size());
        for (String id : ids) {
            JsonObject gone = new JsonObject();
            gone.addProperty("id", id);
            gone.addProperty("object", resource);
            gone.addProperty("deleted", true);
            records.add(new ChangeRecord(ChangeType.DELETE, resource, gone, null, null, null, null, at.account(), null, at));
        }
        return new PollResult(records, at, true);
    }

    /**
     * The records with each record of an open round counted in it (the positions after them say so). A read with none
     * (changes, the common case) is handed back as it is: its positions hold the rounds they were read with.
     */
    static PollResult counted(PollResult read, Position from) {
        Map<String, Round> rounds = from.rounds();
        if (read.records().stream().noneMatch(r -> ofOpenRound(r, rounds))) {
            return read;
        }
        // one map counted along; each position copies it as it is then
        Map<String, Round> counting = new TreeMap<>(rounds);
        List<ChangeRecord> records = new ArrayList<>(read.records().size());
        for (ChangeRecord r : read.records()) {
            if (ofOpenRound(r, counting)) {
                counting.put(r.resource(), counting.get(r.resource()).counted());
            }
            records.add(r.at(r.after().withRounds(counting)));
        }
        return new PollResult(records, read.end().withRounds(counting), read.moreAvailable());
    }

    /** A round's records: snapshot records, and a re-read's updates (no event), while the round is open. */
    private static boolean ofOpenRound(ChangeRecord r, Map<String, Round> rounds) {
        Round round = rounds.get(r.resource());
        return round != null && !round.closed()
               && (r.type() == ChangeType.SNAPSHOT || r.type() == ChangeType.UPDATE && r.eventId() == null);
    }
}
