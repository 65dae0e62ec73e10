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

    /** The records with each snapshot record counted in its resource's round (the positions after them say so). */
    static PollResult counted(PollResult read, Position from) {
        Map<String, Round> rounds = from.rounds();
        if (rounds.isEmpty()) {
            return read;
        }
        List<ChangeRecord> records = new ArrayList<>(read.records().size());
        for (ChangeRecord r : read.records()) {
            Round round = rounds.get(r.resource());
            // a round's records: snapshot records, and a re-read's updates (no event)
            boolean ofRound = r.type() == ChangeType.SNAPSHOT || r.type() == ChangeType.UPDATE && r.eventId() == null;
            if (ofRound && round != null && !round.closed()) {
                rounds = new TreeMap<>(rounds);
                rounds.put(r.resource(), round.counted());
            }
            records.add(r.at(r.after().withRounds(rounds)));
        }
        return new PollResult(records, read.end().withRounds(rounds), read.moreAvailable());
    }
}
