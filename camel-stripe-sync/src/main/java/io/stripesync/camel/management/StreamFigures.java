package io.stripesync.camel.management;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.stripesync.camel.client.ReadRate;
import io.stripesync.camel.client.ResponseCounts;
import io.stripesync.camel.position.EventCursor;
import io.stripesync.camel.position.Position;
import io.stripesync.camel.source.ChangeRecord;
import io.stripesync.camel.source.ChangeType;
import io.stripesync.camel.source.EventsApi;
import io.stripesync.camel.webhook.WebhookOutcomes;

/**
 * The figures of one stream as it runs: what its route processed, where its position stands, what its key spent.
 * The consumer writes them; its JMX attributes, its Micrometer meters ({@link StreamMeters}) and its health check
 * ({@link StreamHealthCheck}) read them, so none of those holds the consumer.
 */
public final class StreamFigures {

    /** Below this many days of headroom in Stripe's event retention the health check and the log warn. */
    public static final double WARN_BELOW_DAYS = 3;

    private final Supplier<Position> position;
    private final Supplier<ResponseCounts> responseCounts;
    private final LongSupplier rateLimiterWaitMillis;
    private final Long readAllocation;
    private final String maskedKey;
    /** Records processed, by resource and type; the stream's totals are their sums. */
    private final Map<String, Map<ChangeType, LongAdder>> processed = new ConcurrentHashMap<>();
    private final WebhookOutcomes webhooks = new WebhookOutcomes();
    /** The created second of the newest change processed, 0 before the first. */
    private volatile long newestChangeProcessed;
    /** When this run of the stream began to follow changes; 0 while it has not. */
    private volatile long followingSinceNanos;
    /** How long a stream follows changes before its reads are judged against readAllocation: the rate's own window. */
    private volatile long readsJudgedAfterNanos = TimeUnit.HOURS.toNanos(1);
    private volatile String stateKey;
    private volatile String routeId;
    private volatile String resource;

    /**
     * @param position              the position as last stored (null before the first)
     * @param responseCounts        Stripe's answers to the stream's key and account (null before the first request)
     * @param rateLimiterWaitMillis how long the key's requests waited for the shared rate limiter
     * @param readAllocation        the reads the account may spend in 30 days (readAllocation), null when not given
     * @param maskedKey             the key as it may be shown
     */
    public StreamFigures(Supplier<Position> position, Supplier<ResponseCounts> responseCounts,
                         LongSupplier rateLimiterWaitMillis, Long readAllocation, String maskedKey) {
        this.position = position;
        this.responseCounts = responseCounts;
        this.rateLimiterWaitMillis = rateLimiterWaitMillis;
        this.readAllocation = readAllocation;
        this.maskedKey = maskedKey;
    }

    /** A record the route processed, polled or pushed: for the figures by operation and the CDC lag. */
    public void processed(ChangeRecord record) {
        processed.computeIfAbsent(record.resource(), r -> {
            Map<ChangeType, LongAdder> byType = new EnumMap<>(ChangeType.class);
            for (ChangeType type : ChangeType.values()) {
                byType.put(type, new LongAdder());
            }
            return byType;
        }).get(record.type()).increment();
        if (record.type() != ChangeType.SNAPSHOT && record.eventCreated() != null
            && record.eventCreated() > newestChangeProcessed) {
            newestChangeProcessed = record.eventCreated();
        }
    }

    public long processed(ChangeType type) {
        return processed.values().stream().mapToLong(byType -> byType.get(type).sum()).sum();
    }

    /** The records of one resource (of a stream of several) the route processed, of that type. */
    public long processed(String resourceName, ChangeType type) {
        Map<ChangeType, LongAdder> byType = processed.get(resourceName);
        return byType == null ? 0 : byType.get(type).sum();
    }

    /** Whether the stream follows changes now (its reads are judged against the allocation after an hour of it). */
    public void following(boolean following) {
        if (following && followingSinceNanos == 0) {
            followingSinceNanos = System.nanoTime();
        } else if (!following) {
            followingSinceNanos = 0;
        }
    }

    /** Tests judge the reads sooner than after an hour. */
    public void judgeReadsAfter(long nanos) {
        readsJudgedAfterNanos = nanos;
    }

    /** A stream of several accounts: how many it follows and how many have a feed open, null for one account. */
    private volatile Supplier<int[]> accounts;

    public void accounts(Supplier<int[]> followedAndOpen) {
        this.accounts = followedAndOpen;
    }

    /** {followed, feeds open} for a stream of several accounts, null otherwise. */
    public int[] accounts() {
        Supplier<int[]> counts = accounts;
        return counts == null ? null : counts.get();
    }

    public void stateKey(String key) {
        stateKey = key;
    }

    public String stateKey() {
        return stateKey;
    }

    /** What asks a stream for a new snapshot round of a resource, optionally of a created range. */
    @FunctionalInterface
    public interface ResnapshotRequest {
        /**
         * @param createdGte epoch seconds, or null for no lower bound
         * @param createdLt  epoch seconds, or null for no upper bound
         * @return what happens
         */
        String ask(String resource, Long createdGte, Long createdLt);
    }

    /** Set by the consumer while it runs. */
    private volatile ResnapshotRequest resnapshot = (resource, gte, lt) -> {
        throw new IllegalStateException("stream " + routeId + " is not running");
    };

    public void onResnapshot(ResnapshotRequest handler) {
        resnapshot = handler;
    }

    /**
     * Asks the stream for a new snapshot round of a resource (the dev console's and the producer's way in).
     *
     * @return what happens
     * @throws IllegalArgumentException when the stream does not follow it, or the range is not one
     */
    public String resnapshot(String resource, Long createdGte, Long createdLt) {
        return resnapshot.ask(resource, createdGte, createdLt);
    }

    /** Which stream these are the figures of: its route and resource (for the dev console and the meters). */
    public void identify(String routeId, String resource) {
        this.routeId = routeId;
        this.resource = resource;
    }

    public String routeId() {
        return routeId;
    }

    public String resource() {
        return resource;
    }

    /** The position as last stored, null before the first. */
    public Position position() {
        return position.get();
    }

    public WebhookOutcomes webhooks() {
        return webhooks;
    }

    /** SNAPSHOT or CDC, empty before the first poll. */
    public String phase() {
        Position at = position.get();
        return at == null ? "" : at.phase().name();
    }

    public int openSnapshotSlices() {
        Position at = position.get();
        return at == null ? 0 : at.openSlices().size();
    }

    /** Seconds from the newest change processed to now, -1 before the first change. */
    public long cdcLagSeconds() {
        long newest = newestChangeProcessed;
        return newest == 0 ? -1 : Math.max(0, System.currentTimeMillis() / 1000 - newest);
    }

    /** Days before the stored position falls out of Stripe's 30-day event window, -1 without a position. */
    public double retentionDaysLeft() {
        Position at = position.get();
        if (at == null || at.cursors().isEmpty()) {
            return -1;
        }
        long oldest = at.cursors().stream().mapToLong(EventCursor::created).min().orElse(0);
        long age = System.currentTimeMillis() / 1000 - Math.max(oldest, at.cdcStart());
        return Math.round((EventsApi.RETENTION_SECONDS - age) / 864.0) / 100.0;
    }

    public long rateLimiterWaitMillis() {
        return rateLimiterWaitMillis.getAsLong();
    }

    public long tooManyRequests() {
        return counts().tooManyRequests();
    }

    public long tooManyRequests(String reason) {
        return counts().tooManyRequestsByReason().getOrDefault(reason, 0L);
    }

    public Map<String, Long> tooManyRequestsByReason() {
        return counts().tooManyRequestsByReason();
    }

    public long serverErrors() {
        return counts().serverErrors();
    }

    public ReadRate reads() {
        return counts().reads();
    }

    public double readsProjected30Days() {
        return Math.round(reads().per30Days(System.currentTimeMillis()));
    }

    public double readsPerDay() {
        return Math.round(reads().perDay(System.currentTimeMillis()));
    }

    /** The warning while the headroom is under {@link #WARN_BELOW_DAYS}, else null (or no position to measure yet). */
    public String retentionWarning() {
        double daysLeft = retentionDaysLeft();
        if (daysLeft < 0 || daysLeft >= WARN_BELOW_DAYS) {
            return null;
        }
        return "The position under state key " + stateKey + " leaves Stripe's 30-day event window in " + daysLeft
               + " days: keep the route running (it moves the position as changes come) or the events after it are lost"
               + " and onEventsExpired decides what follows";
    }

    /**
     * The warning when the key's reads, at the last hour's rate, project beyond readAllocation in 30 days; null when
     * no allocation is given, the stream has not followed changes for that long yet, or the projection fits.
     */
    public String readAllocationWarning() {
        long since = followingSinceNanos;
        if (readAllocation == null || since == 0 || System.nanoTime() - since < readsJudgedAfterNanos) {
            return null;
        }
        double projected = readsProjected30Days();
        if (projected <= readAllocation) {
            return null;
        }
        return String.format(Locale.ROOT, "The read requests of key %s project to %,.0f in 30 days at the last hour's"
                                          + " rate, beyond readAllocation %,d: raise maxIdleDelay, receive changes by"
                                          + " webhook, or follow fewer resources with this key",
                maskedKey, projected, readAllocation);
    }

    /** The counts of the key and account (none yet before the first request: all zero). */
    private ResponseCounts counts() {
        ResponseCounts counts = responseCounts.get();
        return counts == null ? new ResponseCounts() : counts;
    }
}
