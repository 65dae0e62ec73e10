package io.stripesync.camel.management;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.stripesync.camel.position.EventCursor;
import io.stripesync.camel.position.Phase;
import io.stripesync.camel.position.Position;
import io.stripesync.camel.source.ChangeType;
import io.stripesync.camel.source.PushedEvent;
import org.apache.camel.spi.annotations.DevConsole;
import org.apache.camel.support.console.AbstractDevConsole;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;

/**
 * Camel's developer console for the stripe-sync streams of a CamelContext ({@code stripe-sync}): each stream's phase,
 * snapshot progress, events cursor and lag, the reads of its key (per day and projected over 30 days), Stripe's 429s by
 * reason, and the webhook counters; for a stream of several resources, each resource's phase (SNAPSHOT, WAITING for the
 * others' snapshots, CDC), open slices, watermark and records. It reads the streams' figures only: calling it sends no request to Stripe.
 */
@DevConsole(name = "stripe-sync", displayName = "Stripe Sync", description = "Stripe streams: phase, snapshot,"
                                                                             + " events cursor, lag, reads, 429s, webhooks")
public class StripeSyncDevConsole extends AbstractDevConsole {

    /**
     * The option that asks for a new snapshot round of a resource (every stream of the context that follows it, or the
     * one of option {@value #ROUTE}): {@code camel cmd}, or {@code /q/dev/stripe-sync?resnapshot=customer}.
     */
    public static final String RESNAPSHOT = "resnapshot";
    public static final String ROUTE = "route";
    /** With {@value #RESNAPSHOT}: only the objects created from this second on (epoch seconds). */
    public static final String CREATED_GTE = "createdGte";
    /** With {@value #RESNAPSHOT}: only the objects created before this second (epoch seconds). */
    public static final String CREATED_LT = "createdLt";

    public StripeSyncDevConsole() {
        super("camel", "stripe-sync", "Stripe Sync", "Stripe streams: phase, snapshot, events cursor, lag, reads, 429s,"
                                                     + " webhooks");
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        StringBuilder text = new StringBuilder();
        for (String answer : resnapshot(options)) {
            text.append(String.format(Locale.ROOT, "%n    %s", answer));
        }
        for (StreamFigures f : RunningStreams.of(getCamelContext()).list()) {
            Map<String, Object> s = stream(f);
            text.append(String.format(Locale.ROOT, "%n    Route: %s (stripe-sync:%s, state key %s)", s.get("routeId"),
                    s.get("resource"), s.get("stateKey")));
            text.append(String.format(Locale.ROOT, "%n        Phase: %s", s.get("phase")));
            if (s.get("accountsFollowed") != null) {
                text.append(String.format(Locale.ROOT, "%n        Accounts: %s followed, %s with a feed open (the others"
                                                       + " idle, one request a turn)", s.get("accountsFollowed"),
                        s.get("accountFeedsOpen")));
            }
            text.append(String.format(Locale.ROOT, "%n        Records: %s snapshot, %s create, %s update, %s delete;"
                                                   + " %s snapshot slices open",
                    s.get("snapshotRecords"), s.get("createRecords"), s.get("updateRecords"), s.get("deleteRecords"),
                    s.get("openSnapshotSlices")));
            if (s.get("resources") instanceof JsonArray resources) {
                for (Object o : resources) {
                    JsonObject r = (JsonObject) o;
                    text.append(String.format(Locale.ROOT, "%n        Resource %s: %s, %s snapshot slices open, changes"
                                                           + " from %s; %s snapshot records, %s changes", r.get("resource"),
                            r.get("phase"), r.get("openSnapshotSlices"), r.get("watermark"), r.get("snapshotRecords"),
                            r.get("changeRecords")));
                }
            }
            if (s.get("rounds") instanceof JsonObject rounds && !rounds.isEmpty()) {
                StringBuilder line = new StringBuilder();
                rounds.forEach((name, r) -> {
                    JsonObject round = (JsonObject) r;
                    line.append(line.length() == 0 ? "" : "; ").append(name).append(' ').append(round.get("round"))
                            .append(Boolean.TRUE.equals(round.get("closed")) ? " closed, " : " open, ")
                            .append(round.get("objects")).append(" objects")
                            .append(Boolean.TRUE.equals(round.get("partial")) ? " (re-read)" : "");
                });
                text.append(String.format(Locale.ROOT, "%n        Rounds: %s", line));
            }
            text.append(String.format(Locale.ROOT, "%n        Events cursor: %s at %s; lag %s s; %s days left in"
                                                   + " Stripe's 30-day event window",
                    s.get("eventCursor"), s.get("eventCursorCreated"), s.get("cdcLagSeconds"),
                    s.get("retentionDaysLeft")));
            text.append(String.format(Locale.ROOT, "%n        Reads of the key: %,d; %,.0f a day, %,.0f in 30 days at the"
                                                   + " last hour's rate", (long) s.get("readRequests"),
                    (double) s.get("readsPerDay"), (double) s.get("readsProjected30Days")));
            text.append(String.format(Locale.ROOT, "%n        429s: %s %s; 5xx: %s; rate limiter waited %s ms",
                    s.get("tooManyRequests"), s.get("tooManyRequestsByReason"), s.get("serverErrors"),
                    s.get("rateLimiterWaitMillis")));
            text.append(String.format(Locale.ROOT, "%n        Webhooks: %s requests, %s delivered, %s duplicates, %s"
                                                   + " refused, %s failed",
                    s.get("webhookRequests"), s.get("webhookDeliveries"), s.get("webhookDuplicates"),
                    s.get("webhookRefusals"), s.get("webhookFailures")));
            text.append(String.format("%n"));
        }
        return text.toString();
    }

    @Override
    protected Map<String, Object> doCallJson(Map<String, Object> options) {
        JsonArray asked = new JsonArray();
        asked.addAll(resnapshot(options));
        JsonArray streams = new JsonArray();
        for (StreamFigures f : RunningStreams.of(getCamelContext()).list()) {
            streams.add(stream(f));
        }
        JsonObject root = new JsonObject();
        root.put("streams", streams);
        if (!asked.isEmpty()) {
            root.put("resnapshot", asked);
        }
        return root;
    }

    /** Asks the streams for a new snapshot round when the options say so; what each said (or why it could not). */
    private List<String> resnapshot(Map<String, Object> options) {
        Object resource = options.get(RESNAPSHOT);
        if (resource == null || resource.toString().isBlank()) {
            return List.of();
        }
        Object route = options.get(ROUTE);
        List<String> answers = new ArrayList<>();
        Long gte;
        Long lt;
        try {
            gte = seconds(options.get(CREATED_GTE));
            lt = seconds(options.get(CREATED_LT));
        } catch (NumberFormatException e) {
            return List.of("Options " + CREATED_GTE + " and " + CREATED_LT + " are epoch seconds, was "
                           + options.get(CREATED_GTE) + " and " + options.get(CREATED_LT));
        }
        for (StreamFigures f : RunningStreams.of(getCamelContext()).list()) {
            if (route == null || route.toString().equals(f.routeId())) {
                try {
                    answers.add("Route " + f.routeId() + ": " + f.resnapshot(resource.toString().trim(), gte, lt));
                } catch (IllegalArgumentException | IllegalStateException e) {
                    answers.add("Route " + f.routeId() + ": " + e.getMessage());
                }
            }
        }
        if (answers.isEmpty()) {
            answers.add("No stripe-sync stream" + (route == null ? "" : " of route " + route) + " to read " + resource
                        + " again");
        }
        return answers;
    }

    private static Long seconds(Object option) {
        return option == null || option.toString().isBlank() ? null : Long.valueOf(option.toString().trim());
    }

    /** Each resource of a stream of several: its own phase, snapshot slices, watermark and records. */
    private static JsonArray resources(StreamFigures f, Position position) {
        JsonArray resources = new JsonArray();
        position.watermarks().forEach((name, watermark) -> {
            long open = position.slices().stream().filter(sl -> name.equals(sl.resource()) && !sl.done()).count();
            JsonObject r = new JsonObject();
            r.put("resource", name);
            r.put("phase", open > 0 ? "SNAPSHOT" : position.phase() == Phase.SNAPSHOT && !position.followingWhileSnapshotting()
                    ? "WAITING" : "CDC");
            r.put("openSnapshotSlices", open);
            r.put("watermark", Instant.ofEpochSecond(watermark).toString());
            r.put("snapshotRecords", f.processed(name, ChangeType.SNAPSHOT));
            r.put("changeRecords", f.processed(name, ChangeType.CREATE) + f.processed(name, ChangeType.UPDATE)
                                   + f.processed(name, ChangeType.DELETE));
            resources.add(r);
        });
        return resources;
    }

    /** One stream's figures, as the JSON shows them and the text reads them. */
    private static JsonObject stream(StreamFigures f) {
        JsonObject s = new JsonObject();
        s.put("routeId", f.routeId());
        s.put("resource", f.resource());
        s.put("stateKey", f.stateKey());
        s.put("phase", f.phase());
        int[] accounts = f.accounts();
        if (accounts != null) {
            s.put("accountsFollowed", accounts[0]);
            s.put("accountFeedsOpen", accounts[1]);
        }
        s.put("openSnapshotSlices", f.openSnapshotSlices());
        s.put("snapshotRecords", f.processed(ChangeType.SNAPSHOT));
        s.put("createRecords", f.processed(ChangeType.CREATE));
        s.put("updateRecords", f.processed(ChangeType.UPDATE));
        s.put("deleteRecords", f.processed(ChangeType.DELETE));
        Position position = f.position();
        EventCursor newest = position == null ? null : position.cursors().stream()
                .max((a, b) -> Long.compare(a.created(), b.created())).orElse(null);
        s.put("eventCursor", newest == null ? null : newest.eventId());
        s.put("eventCursorCreated", newest == null ? null : Instant.ofEpochSecond(newest.created()).toString());
        s.put("cdcStart", position == null ? null : Instant.ofEpochSecond(position.cdcStart()).toString());
        s.put("cdcLagSeconds", f.cdcLagSeconds());
        if (position != null && position.several()) {
            s.put("resources", resources(f, position));
        }
        JsonObject rounds = new JsonObject();
        if (position != null) {
            position.rounds().forEach((name, r) -> {
                JsonObject round = new JsonObject();
                round.put("round", r.id());
                round.put("objects", r.objects());
                round.put("closed", r.closed());
                round.put("partial", r.partial());
                rounds.put(name, round);
            });
        }
        s.put("rounds", rounds);
        s.put("retentionDaysLeft", f.retentionDaysLeft());
        s.put("readRequests", f.reads().total());
        s.put("readsPerDay", f.readsPerDay());
        s.put("readsProjected30Days", f.readsProjected30Days());
        s.put("tooManyRequests", f.tooManyRequests());
        JsonObject byReason = new JsonObject();
        byReason.putAll(f.tooManyRequestsByReason());
        s.put("tooManyRequestsByReason", byReason);
        s.put("serverErrors", f.serverErrors());
        s.put("rateLimiterWaitMillis", f.rateLimiterWaitMillis());
        s.put("webhookRequests", f.webhooks().receivedTotal());
        s.put("webhookDeliveries", f.webhooks().verdicts(PushedEvent.Verdict.DELIVER));
        s.put("webhookDuplicates", f.webhooks().verdicts(PushedEvent.Verdict.DUPLICATE));
        s.put("webhookRefusals", f.webhooks().refusedTotal());
        s.put("webhookFailures", f.webhooks().failedTotal());
        return s;
    }
}
