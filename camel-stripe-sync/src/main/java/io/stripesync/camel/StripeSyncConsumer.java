package io.stripesync.camel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

import com.stripe.exception.AuthenticationException;
import com.stripe.exception.StripeException;
import io.stripesync.camel.catalog.StripeCatalog;
import io.stripesync.camel.catalog.StripeResource;
import io.stripesync.camel.client.ApiKeys;
import io.stripesync.camel.client.StripeGateway;
import io.stripesync.camel.position.Phase;
import io.stripesync.camel.position.Position;
import io.stripesync.camel.position.PositionStore;
import io.stripesync.camel.source.ChangeRecord;
import io.stripesync.camel.source.EventFilter;
import io.stripesync.camel.source.EventReader;
import io.stripesync.camel.source.EventsExpiredException;
import io.stripesync.camel.source.NestedListReader;
import io.stripesync.camel.source.Rehydration;
import io.stripesync.camel.source.PollResult;
import io.stripesync.camel.source.SnapshotPlanner;
import io.stripesync.camel.source.SnapshotReader;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Processor;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.support.ScheduledBatchPollingConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits a snapshot of every existing object, then every change, one Stripe page per poll, and stores its position
 * after each batch. Exchanges are processed one by one, in order; the position moves past a record only once its
 * exchange completed without an exception, so a failed record comes again on the next poll.
 */
public class StripeSyncConsumer extends ScheduledBatchPollingConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(StripeSyncConsumer.class);

    private final StripeSyncEndpoint endpoint;
    private final StripeResource resource;
    private final StripeSyncConfiguration config;
    private final BodyMapper mapper;
    private PositionStore store;
    private SnapshotReader snapshotReader;
    private EventReader eventReader;
    private SnapshotPlanner snapshotPlanner;
    private Position position;
    private List<ChangeRecord> batch = List.of();
    private Position batchEnd;
    private volatile boolean moreAvailable;
    private volatile Exception stopped;

    public StripeSyncConsumer(StripeSyncEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.resource = endpoint.getResource();
        this.config = endpoint.getConfiguration();
        this.mapper = new BodyMapper(resource, config.getBodyType());
        setMaxMessagesPerPoll(config.getMaxMessagesPerPoll());
    }

    @Override
    protected void doStart() throws Exception {
        store = endpoint.positionStore();
        StripeGateway gateway = endpoint.gateway();
        NestedListReader nestedLists = config.isCompleteNestedLists() && !resource.nestedLists().isEmpty()
                ? new NestedListReader(gateway, resource) : null;
        snapshotReader = new SnapshotReader(gateway, resource, config.getAccountId(), config.getBatchSize(), nestedLists);
        snapshotPlanner = new SnapshotPlanner(gateway, resource, config.getApiKey() == null || ApiKeys.isTestMode(config.getApiKey()));
        eventReader = new EventReader(gateway, resource, config.getBatchSize(), config.getEventLookback() / 1000,
                new Rehydration(gateway, resource, config.getAccountId(), config.getRehydrate()), nestedLists,
                config.getEventFilter(), StripeCatalog.defaultCatalog()::isNotTheObject);
        stopped = null;
        position = store.load().orElse(null);
        if (position != null) {
            checkBelongsHere(position);
            if (resource.hasEvents() && position.cursors().size() != eventReader.groupCount()) {
                throw new IllegalStateException("The position stored under state key '" + store.key() + "' follows "
                                                + position.cursors().size() + " event queries but this endpoint reads "
                                                + eventReader.groupCount() + " (option eventFilter, or the catalog's event"
                                                + " types, changed). Remove that key from the state repository to start"
                                                + " over with a snapshot, or go back to the previous eventFilter.");
            }
            if (position.phase() == io.stripesync.camel.position.Phase.SNAPSHOT && !config.isSnapshot()) {
                LOG.info("The stored position of {} is inside a snapshot: snapshot=false only decides how a new position"
                         + " starts, so the snapshot is finished first", resource.name());
            }
        }
        if (resource.hasEvents() && eventReader.readsBeyondKnownTypes()) {
            LOG.info("stripe-sync consumer for {} reads events with {}: every type whose object is a {} is delivered,"
                     + " known to the catalog or not", resource.name(), config.getEventFilter() == EventFilter.all
                    ? "no type filter" : "type=" + resource.eventWildcard(), resource.name());
        }
        if (!resource.hasEvents()) {
            LOG.warn("Stripe emits no events for {}: the consumer emits the snapshot and then nothing more", resource.name());
        }
        LOG.info("stripe-sync consumer for {} starts {} (state key {})", resource.name(),
                position == null ? "afresh" : "from its stored position, phase " + position.phase(), store.key());
        super.doStart();
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
                                                      + " with HTTP " + e.getStatusCode() + " for " + resource.name()
                                                      + "; the consumer stops polling: fix the key or its permissions and"
                                                      + " restart the route", null, e), e.getStatusCode());
        } catch (EventsExpiredException e) {
            if (config.getOnEventsExpired() == EventsExpiredAction.fail) {
                throw stopPolling(new IllegalStateException(e.getMessage() + ". onEventsExpired=fail: the consumer stops;"
                                                            + " remove the state key '" + store.key() + "' (or use"
                                                            + " onEventsExpired=resnapshot) to start over with a snapshot",
                        e), 0);
            }
            LOG.warn("{}. Taking a new snapshot of {} (onEventsExpired=resnapshot), then following changes again",
                    e.getMessage(), resource.name());
            // the new snapshot's watermark is never at or before the old one, so sinks can tell the two rounds apart
            long floor = Math.max(e.eventCreated(), position.cdcStart() + 1);
            commit(newPosition(true, floor));
            moreAvailable = true;
            return 0;
        } catch (StripeException e) {
            // Stripe's retries are spent (429, 5xx, network): this poll fails, the position stays, Camel's backoff applies
            addLastErrorDetail(HealthCheck.HTTP_RESPONSE_CODE, e.getStatusCode());
            throw new StripeSyncException("Polling " + resource.name() + " failed", null, e);
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
        if (position == null) {
            // CDC starts from the newest event visible before the snapshot's first request: every change made while
            // the snapshot runs is replayed. Stored at once, so a restart never moves the start forward.
            position = newPosition(config.isSnapshot(), 0);
            store.save(position);
        }
        PollResult result = read(position);
        if (result.records().isEmpty() && result.end().phase() != position.phase()) {
            commit(result.end());
            result = read(position);
        }
        List<ChangeRecord> records = result.records();
        batchEnd = result.end();
        moreAvailable = result.moreAvailable();
        if (maxMessagesPerPoll > 0 && records.size() > maxMessagesPerPoll) {
            records = records.subList(0, maxMessagesPerPoll);
            batchEnd = records.get(records.size() - 1).after();
            moreAvailable = true;
        }
        if (records.isEmpty()) {
            commit(batchEnd);
            return 0;
        }
        batch = new ArrayList<>(records);
        Queue<Object> exchanges = new ArrayDeque<>();
        for (ChangeRecord record : records) {
            Exchange exchange = createExchange(false);
            mapper.fill(exchange, record);
            exchanges.add(exchange);
        }
        return processBatch(exchanges);
    }

    /** CDC start first (so nothing made meanwhile is lost), then the snapshot's passes. */
    private Position newPosition(boolean snapshot, long floor) throws StripeException {
        Position start = eventReader.startPosition(config.getAccountId(), snapshot, floor);
        return snapshot ? start.withSnapshotPasses(snapshotPlanner.passes()) : start;
    }

    private PollResult read(Position from) throws Exception {
        if (from.phase() == Phase.SNAPSHOT) {
            return snapshotReader.read(from);
        }
        if (!resource.hasEvents()) {
            return new PollResult(List.of(), from, false);
        }
        return eventReader.read(from);
    }

    /** A position made for another resource or account must not be used: it would skip or replay the wrong changes. */
    private void checkBelongsHere(Position stored) {
        boolean sameResource = resource.name().equals(stored.resource());
        boolean sameAccount = java.util.Objects.equals(config.getAccountId(), stored.account());
        if (!sameResource || !sameAccount) {
            throw new IllegalStateException("The position stored under state key '" + store.key() + "' belongs to resource '"
                                            + stored.resource() + "' and account " + (stored.account() == null ? "platform"
                                            : stored.account()) + ", not to this endpoint's '" + resource.name() + "' and "
                                            + (config.getAccountId() == null ? "platform" : config.getAccountId())
                                            + ". Remove that key from the state repository or set another stateKey.");
        }
    }

    @Override
    public int processBatch(Queue<Object> exchanges) throws Exception {
        int total = exchanges.size();
        int processed = 0;
        Position reached = position;
        for (int index = 0; index < total && isBatchAllowed(); index++) {
            Exchange exchange = (Exchange) exchanges.poll();
            exchange.setProperty(ExchangePropertyKey.BATCH_INDEX, index);
            exchange.setProperty(ExchangePropertyKey.BATCH_SIZE, total);
            exchange.setProperty(ExchangePropertyKey.BATCH_COMPLETE, index == total - 1);
            pendingExchanges = total - index - 1;
            try {
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            if (exchange.getException() != null) {
                // Not past this record: it comes again on the next poll, after the normal delay.
                moreAvailable = false;
                getExceptionHandler().handleException("Error processing " + resource.name() + " record "
                                                      + batch.get(index).objectId() + "; it will be delivered again",
                        exchange, exchange.getException());
                releaseExchange(exchange, false);
                break;
            }
            reached = batch.get(index).after();
            processed++;
            releaseExchange(exchange, false);
        }
        pendingExchanges = 0;
        commit(processed == total ? batchEnd : reached);
        return processed;
    }

    private void commit(Position next) {
        if (next != null && !next.equals(position)) {
            store.save(next);
            position = next;
        }
    }

    /** Keep polling without the delay while Stripe says there is more (snapshot pages, a CDC backlog). */
    @Override
    public boolean isGreedy() {
        return super.isGreedy() || moreAvailable;
    }

    /** The position as last stored; for tests and management. */
    public Position getPosition() {
        return position;
    }
}
