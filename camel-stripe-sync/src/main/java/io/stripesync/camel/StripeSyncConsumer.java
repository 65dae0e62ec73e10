package io.stripesync.camel;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import com.google.gson.JsonObject;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.StripeException;
import io.stripesync.camel.catalog.ResourceSelection;
import io.stripesync.camel.client.ApiKeys;
import io.stripesync.camel.client.RequestRateLimiter;
import io.stripesync.camel.client.StripeGateway;
import io.stripesync.camel.management.PollFailureHandler;
import io.stripesync.camel.management.RunningStreams;
import io.stripesync.camel.management.StreamFigures;
import io.stripesync.camel.management.StreamHealthCheck;
import io.stripesync.camel.management.StreamLines;
import io.stripesync.camel.management.StreamMeters;
import io.stripesync.camel.position.FencedStateRepository;
import io.stripesync.camel.position.Phase;
import io.stripesync.camel.position.Position;
import io.stripesync.camel.position.PositionStore;
import io.stripesync.camel.source.ChangeFeed;
import io.stripesync.camel.source.ChangeRecord;
import io.stripesync.camel.source.ChangeType;
import io.stripesync.camel.source.EventFilter;
import io.stripesync.camel.source.EventsExpiredException;
import io.stripesync.camel.source.FeedAssembly;
import io.stripesync.camel.source.ForeignPositionException;
import io.stripesync.camel.source.IdlePace;
import io.stripesync.camel.source.PollResult;
import io.stripesync.camel.source.PushedEvent;
import io.stripesync.camel.webhook.PushReceiver;
import io.stripesync.camel.webhook.WebhookAnswer;
import io.stripesync.camel.webhook.WebhookVerifier;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Processor;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedOperation;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.support.LoggingExceptionHandler;
import org.apache.camel.support.ScheduledBatchPollingConsumer;
import org.apache.camel.support.ScheduledPollConsumerHealthCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's side of a stream: scheduling, exchanges, batches, health and errors. What is read and saved, and when, is the
 * {@link ChangeFeed}'s. Each poll takes one batch (a snapshot page, read ahead by the snapshot readers, or a page of
 * events); exchanges are processed one by one, in order, and the position moves past a record only once its exchange
 * completed without an exception, so a failed record comes again on the next poll.
 */
@ManagedResource(description = "Managed Stripe Sync consumer: where the stream stands")
public class StripeSyncConsumer extends ScheduledBatchPollingConsumer implements PushReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(StripeSyncConsumer.class);

    private final StripeSyncEndpoint endpoint;
    private final ResourceSelection resources;
    private final StripeSyncConfiguration config;
    private final BodyMapper mapper;
    /**
     * Polled records and pushed events reach the route one at a time, so both go in one order and under one position;
     * held per record, so a webhook waits for at most one polled exchange.
     */
    private final ReentrantLock delivery = new ReentrantLock();
    /** Events of the batch being processed that reached the route, not saved yet: a webhook bringing one is a duplicate. */
    private final Set<String> batchDelivered = new HashSet<>();
    private final StreamFigures figures;
    /**
     * Held from a batch's first record to its save: a stop waits for it, so records that reached the route are saved
     * before the consumer (and with it a node's leadership) goes, and the next node or the restart starts after them.
     */
    private final ReentrantLock batchInHand = new ReentrantLock();
    /** How long a stop waits for the batch in hand to be saved; a route slower than this gets its records again. */
    private static final long STOP_WAITS_SECONDS = 10;
    private ChangeFeed feed;
    /** With accounts: the accounts' turns and feeds (feed is null then). */
    private AccountTurns accounts;
    /** The feed of the batch being delivered: the stream's, or the account's whose turn it is. */
    private ChangeFeed batchFeed;
    /** How often a caught-up stream with nothing new asks Stripe: the delay, growing to maxIdleDelay. */
    private IdlePace idlePace;
    private String stateKey;
    private ExecutorService snapshotReaders;
    private ExecutorService objectReaders;
    private List<ChangeRecord> batch = List.of();
    private Position batchEnd;
    private volatile boolean moreAvailable;
    private volatile Exception stopped;
    /** What the stream says in the log as it runs (snapshot progress, retention). */
    private final StreamLines lines;
    /**
     * How long a confirmed claim is trusted before records go out again without asking the state repository. Every
     * cluster service's lease is longer (seconds), so a node paused long enough to be replaced always asks, and finds
     * the newer claim, before it delivers again; while records flow this costs at most 4 reads of one row a second.
     */
    private static final long CLAIM_TRUST_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** Micrometer is an optional dependency: its meters are made only when it is on the classpath. */
    private static final boolean MICROMETER = isPresent("io.micrometer.core.instrument.MeterRegistry");
    private StreamMeters meters;

    public StripeSyncConsumer(StripeSyncEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.resources = endpoint.getResources();
        this.config = endpoint.getConfiguration();
        StripeSyncComponent component = endpoint.getComponent();
        this.figures = new StreamFigures(this::getPosition,
                () -> component.responseCounts(config.getApiKey(), config.getAccountId()), () -> {
                    RequestRateLimiter limiter = component.rateLimiter(config.getApiKey(), config.getAccountId());
                    return limiter == null ? 0 : limiter.waitedMillis();
                }, config.getReadAllocation(), ApiKeys.mask(config.getApiKey()));
        this.lines = new StreamLines(LOG, resources.name(), figures);
        this.mapper = new BodyMapper(resources, config.getBodyType());
        setMaxMessagesPerPoll(config.getMaxMessagesPerPoll());
    }

    @Override
    protected void doStart() throws Exception {
        PositionStore store = endpoint.positionStore();
        stateKey = store.key();
        if (config.getAccounts() != null) {
            // a key per account; the pattern (and the shard) is what two streams of one context must not share
            stateKey = store.key().replace("/platform/", "/{account}/")
                       + (config.getAccountShards() > 1
                       ? " (shard " + config.getAccountShard() + " of " + config.getAccountShards() + ")" : "");
        }
        figures.stateKey(stateKey);
        figures.identify(getRouteId(), resources.name());
        // two streams of one context on one position would overwrite each other's progress (two lists of resources
        // under the default key would drop each other's resources at every start): refused before anything is read
        RunningStreams.of(getEndpoint().getCamelContext()).claim(figures);
        try {
            startStream(store);
        } catch (Exception | Error e) {
            RunningStreams.of(getEndpoint().getCamelContext()).remove(figures);
            throw e;
        }
    }

    private void startStream(PositionStore store) throws Exception {
        int parallelism = config.effectiveSnapshotReaders(resources.resources().size());
        // the pipeline and the backlog start no more readers than pages they may hold; idle threads are never made
        snapshotReaders = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "StripeSyncSnapshot[" + resources.name() + "]", parallelism);
        // objects read again are read at once by threads of their own: the readers above wait for them
        objectReaders = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "StripeSyncReads[" + resources.name() + "]", parallelism);
        stopped = null;
        if (config.getAccounts() != null) {
            startAccounts();
        } else {
            startFeed(store, parallelism);
        }
        if (getExceptionHandler() instanceof LoggingExceptionHandler) {
            // Camel's default logs the whole trace at WARN on every failed poll
            setExceptionHandler(new PollFailureHandler(LOG));
        }
        super.doStart();
        if (MICROMETER) {
            meters = StreamMeters.register(getEndpoint().getCamelContext(), getRouteId(), resources.name(), figures);
        }
    }

    /** A stream of one account: its feed, its position loaded. */
    private void startFeed(PositionStore store, int parallelism) {
        Map<String, Long> rereads = config.resnapshotIntervals(resources);
        idlePace = new IdlePace(getDelay(), config.effectiveMaxIdleDelay(getDelay()));
        feed = FeedAssembly.assemble(resources, streamGateway(endpoint.gateway()), store,
                feedOptions(config.getAccountId(), parallelism, rereads), snapshotReaders, objectReaders,
                listener(store, resources.name()));
        Position position = feed.load();
        if (position != null && position.phase() == Phase.SNAPSHOT && !config.snapshotsAtFirstStart()) {
            LOG.info("The stored position of {} is inside a snapshot: snapshotMode=never only decides how a new position"
                     + " starts, so the snapshot is finished first", resources.name());
        }
        if (resources.hasEvents() && feed.readsBeyondKnownTypes()) {
            LOG.info("stripe-sync consumer for {} reads events with {}: every type whose object is a {} is delivered,"
                     + " known to the catalog or not", resources.name(), config.getEventFilter() == EventFilter.all
                    ? "no type filter" : resources.several() ? "no type filter (more than 20 types)"
                            : "type=" + resources.single().eventWildcard(), resources.name());
        }
        if (!resources.hasEvents()) {
            LOG.warn("Stripe emits no events for {}: the consumer emits the snapshot and then {}", resources.name(),
                    rereads.isEmpty() ? "nothing more (resnapshotInterval=0)"
                            : "reads it again every " + hoursOrMinutes(rereads.values().iterator().next())
                              + " (resnapshotInterval), emitting what changed");
        }
        figures.onResnapshot(this::resnapshotCreated);
        if (config.snapshotsAtFirstStart() && parallelism > 1 && !feed.snapshotSlicesByCreated()) {
            LOG.info("Stripe's list of {} has no created filter: its snapshot is read by one reader, ahead of the route,"
                     + " not split in time slices (snapshotParallelism={} applies to its extra passes only)",
                    resources.name(), parallelism);
        }
        LOG.info("stripe-sync consumer for {} starts {} (state key {} in {})", resources.name(),
                position == null ? "afresh" : "from its stored position, phase " + position.phase()
                                              + (store.loadedFromLegacyKey() ? ", found under the key of earlier versions "
                                                                               + store.loadedKey() + " (moved on its first save)"
                                                      : ""), store.key(),
                config.getStateRepository() != null ? "the stateRepository " + config.getStateRepository().getClass().getSimpleName()
                        : "the file " + Path.of(config.getStateFile()).toAbsolutePath());
    }

    /** How a feed of this endpoint reads, for the account given (null: the key's own). */
    FeedAssembly.Options feedOptions(String account, int parallelism, Map<String, Long> rereads) {
        return new FeedAssembly.Options(account, config.getApiKey() == null || ApiKeys.isTestMode(config.getApiKey()),
                config.getBatchSize(), parallelism, config.effectiveSnapshotParallelism(), config.getSnapshotPagesInMemory(),
                config.isCompleteNestedLists(), config.getEventLookback() / 1000, config.getRehydrate(),
                config.getEventFilter(), config.effectiveSnapshotMode(), config.isRoundMarkers(),
                config.getMaxMessagesPerPoll(), config.getOnEventsExpired() == EventsExpiredAction.resnapshot, getDelay(),
                rereads, () -> wallClock.getAsLong());
    }

    FeedAssembly.Listener listener(PositionStore store, String stream) {
        return new FeedAssembly.Listener(
                e -> LOG.warn("{}. Taking a new snapshot of {} (onEventsExpired=resnapshot), then following"
                              + " changes again", e.getMessage(), stream),
                why -> LOG.info("{}: it is left to the application that stored it, and {} starts afresh under"
                                + " state key {}", why, stream, store.key()),
                change -> LOG.info("stripe-sync consumer for {}: its stored position had other resources: {}",
                        stream, change),
                why -> LOG.info("stripe-sync consumer for {}: {}", stream, why));
    }

    /** A stream of several accounts: their turns instead of one feed. */
    private void startAccounts() throws Exception {
        AccountTurns turns = new AccountTurns(this, endpoint, snapshotReaders, objectReaders);
        turns.start();
        accounts = turns;
        figures.accounts(() -> new int[] {turns.followed(), turns.feedsOpen()});
        LOG.info("stripe-sync consumer for {} follows {} (state keys {})", resources.name(), turns.describe(), stateKey);
    }

    private static String hoursOrMinutes(long millis) {
        return millis % 3_600_000 == 0 ? millis / 3_600_000 + "h" : millis / 60_000 + "m";
    }

    /** The gateway at the stream's API version (apiVersion): every object of the stream is read at it. */
    StripeGateway streamGateway(StripeGateway pinned) {
        String version = config.streamApiVersion();
        return version == null ? pinned.atAccountVersion() : pinned.atVersion(version);
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, StripeSyncConsumer.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Camel's health check of a polling consumer, which also warns while the position nears Stripe's retention. */
    @Override
    protected void doBuild() throws Exception {
        super.doBuild();
        HealthCheck camels = getHealthCheck();
        if (camels != null) {
            StreamHealthCheck check = new StreamHealthCheck(this, camels.getId(), figures);
            if (camels instanceof ScheduledPollConsumerHealthCheck scheduled) {
                check.setInitialState(scheduled.getInitialState());
            }
            setHealthCheck(check);
        }
    }

    @Override
    protected void doStop() throws Exception {
        // stopping, so the batch loop stops after its current record and saves the position reached
        if (batchInHand.tryLock(STOP_WAITS_SECONDS, TimeUnit.SECONDS)) {
            batchInHand.unlock();
        } else {
            LOG.warn("stripe-sync consumer for {} stopped with a batch still in the route after {} s; its records come"
                     + " again from the last saved position", resources.name(), STOP_WAITS_SECONDS);
        }
        RunningStreams.of(getEndpoint().getCamelContext()).remove(figures);
        if (meters != null) {
            meters.remove();
            meters = null;
        }
        super.doStop();
        if (feed != null) {
            feed.close();
        }
        if (accounts != null) {
            accounts.stop();
        }
        if (snapshotReaders != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(snapshotReaders);
            snapshotReaders = null;
        }
        if (objectReaders != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(objectReaders);
            objectReaders = null;
        }
    }

    @Override
    protected int poll() throws Exception {
        if (stopped != null) {
            // refused key, or expired events with onEventsExpired=fail: no more requests until the route restarts
            throw stopped;
        }
        try {
            return pollStripe();
        } catch (AuthenticationException e) {
            // 401, and PermissionException (403) which extends it
            throw stopPolling(new StripeSyncException("Stripe refused the API key " + ApiKeys.mask(config.getApiKey())
                                                      + " with HTTP " + e.getStatusCode() + " for " + resources.name()
                                                      + "; the consumer stops polling: fix the key or its permissions and"
                                                      + " restart the route", null, e), e.getStatusCode());
        } catch (FencedStateRepository.SupersededClaimException e) {
            // another node took the stream over (a new leader): this one must not write again
            throw stopPolling(e, 0);
        } catch (ForeignPositionException e) {
            // another application's position: polling on would overwrite it
            throw stopPolling(e, 0);
        } catch (EventsExpiredException e) {
            // onEventsExpired=fail (with resnapshot the feed takes the new snapshot itself)
            throw stopPolling(new IllegalStateException(e.getMessage() + ". onEventsExpired=fail: the consumer stops;"
                                                        + " remove the state key '" + stateKey
                                                        + "' (or use onEventsExpired=resnapshot) to start over with a"
                                                        + " snapshot", e), 0);
        } catch (StripeException e) {
            // Stripe's retries are spent (429, 5xx, network): this poll fails, the position stays, Camel's backoff applies
            addLastErrorDetail(HealthCheck.HTTP_RESPONSE_CODE, e.getStatusCode());
            throw new StripeSyncException("Polling " + resources.name() + " failed", null, e);
        }
    }

    private Exception stopPolling(Exception error, Integer httpStatus) {
        stopped = error;
        moreAvailable = false;
        if (httpStatus != null && httpStatus > 0) {
            addLastErrorDetail(HealthCheck.HTTP_RESPONSE_CODE, httpStatus);
        }
        LOG.error(error.getMessage());
        if (getScheduler() != null) {
            getScheduler().unscheduleTask();
        }
        return error;
    }

    private int pollStripe() throws Exception {
        if (accounts != null) {
            int records = accounts.poll();
            moreAvailable = accounts.more();
            return records;
        }
        boolean inSnapshot = feed.position() == null ? config.snapshotsAtFirstStart() : feed.position().phase() == Phase.SNAPSHOT;
        boolean following = feed.position() != null && !inSnapshot;
        figures.following(following);
        if (following && !idlePace.due(System.nanoTime())) {
            // an idle stream: this run of the scheduler sends nothing (Stripe's read allocation)
            return 0;
        }
        lines.pollBegins(inSnapshot);
        try {
            int records = pollBatch(feed, feed.next());
            if (following) {
                idlePace.polled(moreAvailable ? Math.max(1, records) : records, System.nanoTime());
            }
            return records;
        } finally {
            if (inSnapshot) {
                lines.snapshotPollEnded(feed.position());
            }
        }
    }

    /** Epoch milliseconds for round ids and the re-reads' schedule; tests move it. */
    private volatile LongSupplier wallClock = System::currentTimeMillis;

    void wallClock(LongSupplier clock) {
        wallClock = clock;
    }

    /** How often a running snapshot says how far it is; tests shorten it. */
    void progressEvery(long nanos) {
        lines.progressEvery(nanos);
    }

    /** Whether the last batch's read said there is more: Camel polls again at once. */
    boolean batchHadMore() {
        return moreAvailable;
    }

    /** Whether polling stopped for good (a refused key, another node's claim, expired events with fail). */
    boolean pollingStopped() {
        return stopped != null;
    }

    /** A read's records to the route, one by one, the feed's position saved after them; the records delivered. */
    int pollBatch(ChangeFeed from, PollResult result) throws Exception {
        batchFeed = from;
        batchEnd = result.end();
        moreAvailable = result.moreAvailable();
        if (result.records().isEmpty()) {
            return 0;
        }
        batch = result.records();
        Queue<Object> exchanges = new ArrayDeque<>();
        for (ChangeRecord record : batch) {
            Exchange exchange = createExchange(false);
            mapper.fill(exchange, record, from.claim(), from.position());
            exchanges.add(exchange);
        }
        return processBatch(exchanges);
    }

    @Override
    public int processBatch(Queue<Object> exchanges) throws Exception {
        batchInHand.lock();
        try {
            return deliverAndSave(exchanges);
        } finally {
            batchInHand.unlock();
        }
    }

    private int deliverAndSave(Queue<Object> exchanges) throws Exception {
        ChangeFeed feed = batchFeed;
        int total = exchanges.size();
        int processed = 0;
        Position reached = feed.position();
        for (int index = 0; index < total && isBatchAllowed(); index++) {
            Exchange exchange = (Exchange) exchanges.poll();
            exchange.setProperty(ExchangePropertyKey.BATCH_INDEX, index);
            exchange.setProperty(ExchangePropertyKey.BATCH_SIZE, total);
            exchange.setProperty(ExchangePropertyKey.BATCH_COMPLETE, index == total - 1);
            pendingExchanges = total - index - 1;
            ChangeRecord record = batch.get(index);
            try {
                feed.confirmClaim(CLAIM_TRUST_NANOS);
            } catch (FencedStateRepository.SupersededClaimException e) {
                // another node leads the stream now: not one more record from here (nor a save, refused anyway)
                releaseExchange(exchange, false);
                exchanges.forEach(rest -> releaseExchange((Exchange) rest, false));
                pendingExchanges = 0;
                batchDelivered.clear();
                throw e;
            }
            delivery.lock();
            try {
                if (feed.deliveredByPush(record)) {
                    // a webhook delivered it after this batch was read: not twice
                    reached = record.after();
                    processed++;
                    releaseExchange(exchange, false);
                    continue;
                }
                ChangeRecord now = feed.current(record);
                if (now != record) {
                    mapper.fill(exchange, now, feed.claim(), feed.position());
                }
                getProcessor().process(exchange);
                if (exchange.getException() == null) {
                    feed.delivered(now);
                }
            } catch (Exception e) {
                exchange.setException(e);
            } finally {
                if (exchange.getException() == null && record.eventId() != null) {
                    batchDelivered.add(record.eventId());
                }
                delivery.unlock();
            }
            if (exchange.getException() != null) {
                // Not past this record: it comes again on the next poll, after the normal delay.
                moreAvailable = false;
                getExceptionHandler().handleException("Error processing " + resources.name() + " record "
                                                      + record.objectId() + "; it will be delivered again",
                        exchange, exchange.getException());
                releaseExchange(exchange, false);
                break;
            }
            reached = record.after();
            processed++;
            figures.processed(record);
            releaseExchange(exchange, false);
        }
        pendingExchanges = 0;
        delivery.lock();
        try {
            feed.processed(processed == total ? batchEnd : reached);
        } finally {
            batchDelivered.clear();
            delivery.unlock();
        }
        lines.retention();
        return processed;
    }

    /**
     * Takes a webhook request: verified (signature, timestamp, account, mode), then its event delivered to the route
     * unless it was delivered already or the reads will deliver it in order (during the snapshot), in one order with
     * the polled records and under the same position. The answer tells Stripe whether to send it again: 2xx only once
     * the exchange completed and the position holding its id was saved, 5xx when the route failed, 400 for a request
     * that is not one of this endpoint's events (never retried into success, so not asked for again), 503 while the
     * stream is not running.
     */
    @Override
    public WebhookAnswer receive(byte[] body, String signature) {
        figures.webhooks().received();
        WebhookVerifier verifier = endpoint.webhookVerifier();
        if (verifier == null || (feed == null && accounts == null) || !isRunAllowed() || stopped != null) {
            return new WebhookAnswer(503, "not following " + resources.name() + " changes now");
        }
        JsonObject event;
        try {
            event = verifier.verify(body, signature);
        } catch (WebhookVerifier.Refused refused) {
            figures.webhooks().refused(refused.reason());
            // the reason and what it rests on; never the body or the secret
            LOG.warn("stripe-sync consumer for {} refused a webhook request ({}): {}", resources.name(),
                    refused.reason(), refused.detail());
            return new WebhookAnswer(400, refused.reason().name());
        }
        return accounts == null ? receive(feed, event) : accounts.receive(event);
    }

    /** A verified event, delivered through one feed: the stream's, or its account's. */
    WebhookAnswer receive(ChangeFeed feed, JsonObject event) {
        ChangeRecord record;
        long number;
        try {
            feed.confirmClaim(CLAIM_TRUST_NANOS);
        } catch (FencedStateRepository.SupersededClaimException e) {
            stopPolling(e, 0);
            return new WebhookAnswer(503, "not following " + resources.name() + " changes now");
        }
        delivery.lock();
        try {
            PushedEvent pushed = feed.admit(event, batchDelivered::contains);
            if (pushed.verdict() != PushedEvent.Verdict.DELIVER) {
                figures.webhooks().verdict(pushed.verdict());
                return new WebhookAnswer(200, pushed.verdict().name());
            }
            record = pushed.record();
            number = deliverPushed(feed, record);
            if (number < 0) {
                return new WebhookAnswer(500, "not processed");
            }
        } catch (StripeException e) {
            // its object could not be read again: Stripe sends it again, the reads deliver it otherwise
            figures.webhooks().failed();
            LOG.warn("stripe-sync consumer for {} could not take event {} pushed by a webhook (answered 500): {}",
                    resources.name(), event.get("id").getAsString(), e.getMessage());
            return new WebhookAnswer(500, "not processed");
        } finally {
            delivery.unlock();
        }
        // outside the lock: the next pushed event goes to the route while this one's save runs, and shares it
        try {
            feed.savePushed(number);
        } catch (RuntimeException e) {
            // a store failure, or a newer leader's claim: delivered but not durable; the reads deliver it again
            // after a restart (at least once, as after a crash)
            figures.webhooks().failed();
            LOG.warn("stripe-sync consumer for {} could not save its position after event {} pushed by a webhook"
                     + " (answered 500): {}", resources.name(), record.eventId(), e.getMessage());
            return new WebhookAnswer(500, "not saved");
        }
        figures.webhooks().verdict(PushedEvent.Verdict.DELIVER);
        return new WebhookAnswer(200, PushedEvent.Verdict.DELIVER.name());
    }

    /**
     * A pushed event's exchange; under the delivery lock.
     *
     * @return the push's number once the route processed it (to save it), or -1 when the route failed
     */
    private long deliverPushed(ChangeFeed feed, ChangeRecord record) {
        Exchange exchange = createExchange(false);
        try {
            mapper.fill(exchange, record, feed.claim(), feed.position());
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        try {
            if (exchange.getException() != null) {
                figures.webhooks().failed();
                getExceptionHandler().handleException("Error processing " + resources.name() + " record "
                                                      + record.objectId() + " of event " + record.eventId()
                                                      + " pushed by a webhook; answered 500 so that Stripe sends it"
                                                      + " again, and the reads deliver it if it does not",
                        exchange, exchange.getException());
                return -1;
            }
            figures.processed(record);
            feed.delivered(record);
            return feed.pushedDelivered(record);
        } finally {
            releaseExchange(exchange, false);
        }
    }

    /**
     * Asks for a new round of the resource, read again while its changes go on (every object as a snapshot record,
     * then the round's marker): from JMX, the dev console or a producer's resnapshot operation, without a restart.
     *
     * @return what happens, for the one who asked
     */
    @ManagedOperation(description = "Read a resource of this stream again while its changes go on: a new snapshot round"
                                    + " (every object, then its marker), begun at the next poll")
    public String resnapshot(String resource) {
        return resnapshotCreated(resource, null, null);
    }

    /**
     * As {@link #resnapshot(String)} for the objects created in {@code [createdGte, createdLt)}: a partial round (its
     * marker says so), so a sink deletes nothing outside it.
     */
    @ManagedOperation(description = "Read the objects of a resource created in [createdGte, createdLt) (epoch seconds,"
                                    + " either null for no bound) again while its changes go on: a partial snapshot"
                                    + " round, begun at the next poll")
    public String resnapshotCreated(String resource, Long createdGte, Long createdLt) {
        if (accounts != null) {
            throw new IllegalStateException("The stripe-sync consumer for " + resources.name() + " follows several"
                                            + " accounts (accounts=" + config.getAccounts() + "): a re-snapshot on demand"
                                            + " is not available for it yet");
        }
        if (feed == null || !isRunAllowed()) {
            throw new IllegalStateException("The stripe-sync consumer for " + resources.name() + " is not running");
        }
        feed.requestResnapshot(resource, createdGte, createdLt);
        // a caught-up stream polls rarely: the next run of the scheduler asks Stripe
        idlePace.reset();
        String what = "A new snapshot round of " + resource + (createdGte == null && createdLt == null ? ""
                : " created in [" + (createdGte == null ? "" : createdGte) + ", " + (createdLt == null ? "" : createdLt)
                  + ")");
        LOG.info("stripe-sync consumer for {}: {} was asked for; it begins at the next poll", resources.name(), what);
        return what + " begins at the next poll of " + resources.name();
    }

    /** The stream's figures: what JMX, the meters and the health check read. */
    StreamFigures figures() {
        return figures;
    }

    /** Keep polling without the delay while Stripe says there is more (snapshot pages, a CDC backlog). */
    @Override
    public boolean isGreedy() {
        return super.isGreedy() || moreAvailable;
    }

    @ManagedAttribute(description = "The stream's phase: SNAPSHOT or CDC (empty before the first poll)")
    public String getPhase() {
        return figures.phase();
    }

    @ManagedAttribute(description = "With accounts: how many connected accounts this consumer follows (its shard's)")
    public int getAccountsFollowed() {
        return accounts == null ? 0 : accounts.followed();
    }

    @ManagedAttribute(description = "With accounts: how many accounts have their feed open now (in a snapshot, with"
                                    + " changes, or taking a pushed event); an idle account keeps only its turn in memory")
    public int getAccountFeedsOpen() {
        return accounts == null ? 0 : accounts.feedsOpen();
    }

    @ManagedAttribute(description = "Snapshot slices still to be listed (0 once the snapshot is through)")
    public int getOpenSnapshotSlices() {
        return figures.openSnapshotSlices();
    }

    @ManagedAttribute(description = "Snapshot records processed since the consumer started")
    public long getSnapshotRecords() {
        return figures.processed(ChangeType.SNAPSHOT);
    }

    @ManagedAttribute(description = "Create records processed since the consumer started")
    public long getCreateRecords() {
        return figures.processed(ChangeType.CREATE);
    }

    @ManagedAttribute(description = "Update records processed since the consumer started")
    public long getUpdateRecords() {
        return figures.processed(ChangeType.UPDATE);
    }

    @ManagedAttribute(description = "Delete records processed since the consumer started")
    public long getDeleteRecords() {
        return figures.processed(ChangeType.DELETE);
    }

    @ManagedAttribute(description = "Seconds from the newest change processed to now (-1 before the first change)")
    public long getCdcLagSeconds() {
        return figures.cdcLagSeconds();
    }

    @ManagedAttribute(description = "Days before the stored position falls out of Stripe's 30-day event window: when it"
                                    + " reaches 0 the events after it are gone (onEventsExpired decides what follows)")
    public double getRetentionDaysLeft() {
        return figures.retentionDaysLeft();
    }

    @ManagedAttribute(description = "Milliseconds the requests of this key and account waited for the shared rate"
                                    + " limiter since it was made (0 with pacing off)")
    public long getRateLimiterWaitMillis() {
        return figures.rateLimiterWaitMillis();
    }

    @ManagedAttribute(description = "Stripe's 429 answers to this key and account, every attempt (retries included)")
    public long getTooManyRequestsAnswers() {
        return figures.tooManyRequests();
    }

    @ManagedAttribute(description = "Stripe's 429 answers to this key and account by reason (Stripe-Rate-Limited-Reason:"
                                    + " global-rate, endpoint-rate, global-concurrency, endpoint-concurrency,"
                                    + " resource-specific; lock-timeout for a locked object), e.g. endpoint-rate=3")
    public String getTooManyRequestsByReason() {
        return figures.tooManyRequestsByReason().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    @ManagedAttribute(description = "Read requests (GET) this key and account sent since the component made its client:"
                                    + " what Stripe's read allocation counts")
    public long getReadRequests() {
        return figures.reads().total();
    }

    @ManagedAttribute(description = "Read requests a day of this key and account at the rate of the last hour")
    public double getReadsPerDay() {
        return figures.readsPerDay();
    }

    @ManagedAttribute(description = "Read requests in 30 days at the rate of the last hour: what Stripe's read allocation"
                                    + " (500 per transaction over 30 days, at least 10,000) is measured against")
    public double getReadsProjected30Days() {
        return figures.readsProjected30Days();
    }

    @ManagedAttribute(description = "Stripe's 5xx answers to this key and account, every attempt (retries included)")
    public long getServerErrorAnswers() {
        return figures.serverErrors();
    }

    @ManagedAttribute(description = "Webhook requests received (from(\"webhook:stripe-sync:...\") only)")
    public long getWebhookRequests() {
        return figures.webhooks().receivedTotal();
    }

    @ManagedAttribute(description = "Events pushed by webhooks that the route processed")
    public long getWebhookDeliveries() {
        return figures.webhooks().verdicts(PushedEvent.Verdict.DELIVER);
    }

    @ManagedAttribute(description = "Webhook requests whose event was delivered before (replays, Stripe's duplicates):"
                                    + " answered 200 without an exchange")
    public long getWebhookDuplicates() {
        return figures.webhooks().verdicts(PushedEvent.Verdict.DUPLICATE);
    }

    @ManagedAttribute(description = "With accounts: Connect webhook events of accounts this consumer does not follow"
                                    + " (another shard's, or not listed), answered 200 without an exchange")
    public long getWebhookUnfollowed() {
        return figures.webhooks().unfollowedTotal();
    }

    @ManagedAttribute(description = "Webhook requests refused (answered 400): bad or missing signature, stale timestamp,"
                                    + " not an event, another account or mode, a thin event")
    public long getWebhookRefusals() {
        return figures.webhooks().refusedTotal();
    }

    @ManagedAttribute(description = "Webhook requests answered 5xx because the route or a read failed; Stripe sends"
                                    + " them again and the backstop poll delivers them otherwise")
    public long getWebhookFailures() {
        return figures.webhooks().failedTotal();
    }

    /** Refusals of one reason; for tests and meters. */
    public long webhookRefusals(WebhookVerifier.Reason reason) {
        return figures.webhooks().refusedFor(reason);
    }

    /** The position as last stored; for tests and management. */
    public Position getPosition() {
        return feed == null ? null : feed.position();
    }
}
