package io.stripesync.camel.source;

import com.google.gson.JsonObject;

/**
 * An event a read found, before it is known to be new and ours.
 *
 * @param group   the index of the event query that found it
 * @param forward found reading forward from the cursor (in list order), not by the look-back or a push out of order
 */
record EventCandidate(int group, JsonObject event, String id, String type, long created, boolean forward) {

    EventCandidate(int group, JsonObject event, boolean forward) {
        this(group, event, event.get("id").getAsString(), event.get("type").getAsString(),
                event.get("created").getAsLong(), forward);
    }
}
