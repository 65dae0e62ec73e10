package io.stripesync.camel;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonObject;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.StripeException;
import io.stripesync.camel.catalog.ResourceSelection;
import io.stripesync.camel.client.StripeGateway;
import io.stripesync.camel.position.FencedStateRepository;
import io.stripesync.camel.position.PositionStore;
import io.stripesync.camel.source.AccountRota;
import io.stripesync.camel.source.ChangeFeed;
import io.stripesync.camel.source.ConnectedAccounts;
import io.stripesync.camel.source.FeedAssembly;
import io.stripesync.camel.source.IdleProbe;
import io.stripesync.camel.source.PollResult;
import io.stripesync.camel.webhook.WebhookAnswer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connected accounts of a consumer with {@code accounts}: whose turn it is ({@link AccountRota}), the pool that
 * reads them, and how their reads and their pushed events reach the consumer's route, each account's records through
 * the same batch path as one feed's. The consumer keeps Camel's side (scheduling, exchanges, batches); this is what it
 * does instead of polling one feed.
 */
final class AccountTurns {

    /** The consumer's logger: an operator follows one stream's lines under one name, whatever part says them. */
    private static final Logger LOG = LoggerFactory.getLogger(StripeSyncConsumer.class);

    private final StripeSyncConsumer consumer;
    private final StripeSyncConfiguration config;
    private final ResourceSelection resources;
    private final ConnectedAccounts source;
    private final AccountRota rota;
    private final ExecutorService readers;
    /** The gateways of the accounts whose feeds are open: the API version each learnt is kept for its next feed. */
    private final Map<String, StripeGateway> gateways = new ConcurrentHashMap<>();
    private long nextRefreshNanos;
    /** Whether the last poll left records to read or accounts due: Camel polls again at once. */
    private volatile boolean more;

    /**
     * A feed per account, opened at its turn and closed while it is idle, all under the key's budget.
     *
     * @param snapshotReaders the threads the accounts' snapshot pipelines and backlogs read ahead with
     * @param objectReaders   the threads the accounts' feeds read objects again with
     */
    AccountTurns(StripeSyncConsumer consumer, StripeSyncEndpoint endpoint, ExecutorService snapshotReaders,
                 ExecutorService objectReaders) {
        this.consumer = consumer;
        this.config = endpoint.getConfiguration();
        this.resources = endpoint.getResources();
        StripeGateway platform = endpoint.gateway();
        StripeGateway perAccount = consumer.streamGateway(platform);
        source = new ConnectedAccounts(config.accountList(), platform, config.getAccountShards(), config.getAccountShard());
        readers = endpoint.getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(consumer, "StripeSyncAccounts[" + resources.name() + "]", config.getAccountReaders());
        int parallelism = config.effectiveSnapshotReaders(resources.resources().size());
        IdleProbe probe = new IdleProbe(resources, config.getEventFilter(), config.getEventLookback() / 1000);
        long delay = consumer.getDelay();
        rota = new AccountRota((account, version, resumed) -> {
            StripeGateway gateway = version == null ? perAccount.forAccount(account)
                    : perAccount.forAccount(account).atVersion(version);
            PositionStore store = endpoint.positionStore(account);
            ChangeFeed opened = FeedAssembly.assemble(resources, gateway, store,
                    consumer.feedOptions(account, parallelism, Map.of()), snapshotReaders, objectReaders,
                    consumer.listener(store, resources.name() + " of " + account));
            opened.load();
            gateways.put(account, gateway);
            return resumed ? opened.resumed() : opened;
        }, (account, cursors, known) -> probe.unknown(platform.forAccount(account), cursors, known), delay,
                config.effectiveMaxIdleDelay(delay));
    }

    /** A list of accounts is followed from the start; accounts=all lists them at the first poll. */
    void start() throws StripeException {
        if (!source.discovered()) {
            rota.follow(source.current());
        }
    }

    /** Which accounts, for the start's log line. */
    String describe() {
        return source.discovered() ? "every connected account of the platform" : "accounts " + config.getAccounts();
    }

    boolean more() {
        return more;
    }

    int followed() {
        return rota.size();
    }

    int feedsOpen() {
        return rota.openFeeds();
    }

    /** Closes the open feeds (their digests saved) and the readers. */
    void stop() {
        closeFeeds(rota.closeAll());
        gateways.clear();
        consumer.getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(readers);
    }

    /**
     * One poll of a stream of several accounts: up to accountReaders due accounts read at once, each read delivered as
     * it completes (its records to the route, the account's position saved after them) and its place given to the
     * next due account. A failure of one account (its read, its stored position) does not hold the others back.
     */
    int poll() throws Exception {
        long began = System.nanoTime();
        if (source.discovered() && began - nextRefreshNanos >= 0) {
            closeFeeds(rota.follow(source.current()));
            nextRefreshNanos = began + TimeUnit.MILLISECONDS.toNanos(config.effectiveAccountsRefreshInterval());
        }
        // up to accountReaders reads in flight, each delivered as it completes and its place given to the next due
        // account: no read waits for a slower one. Camel polls again at once only after records, so the poll goes on
        // while accounts are due, for up to POLL_NANOS
        CompletionService<AccountRead> reads = new ExecutorCompletionService<>(readers);
        int inFlight = 0;
        int delivered = 0;
        Exception failure = null;
        try {
            while (true) {
                // isBatchAllowed: not once the route is being shut down (Camel waits for the poll meanwhile)
                boolean taking = consumer.isBatchAllowed() && !consumer.pollingStopped()
                                 && System.nanoTime() - began < POLL_NANOS;
                if (taking) {
                    for (AccountRota.Turn turn : rota.due(System.nanoTime(), config.getAccountReaders() - inFlight)) {
                        reads.submit(() -> AccountRead.of(turn, rota));
                        inFlight++;
                    }
                }
                if (inFlight == 0) {
                    break;
                }
                AccountRead read = reads.take().get();
                inFlight--;
                if (read.error() != null) {
                    if (!accountFailed(read.turn(), read.error())) {
                        failure = failure == null ? read.error() : failure;
                    }
                    continue;
                }
                delivered += delivered(read.turn(), read.result());
            }
        } finally {
            // a poll cut short (another node leads, the key was refused): the reads under way end, their accounts due
            // again, before anything else reads them
            for (; inFlight > 0; inFlight--) {
                rota.failed(reads.take().get().turn(), System.nanoTime());
            }
        }
        // an account with more to read is due at once
        more = rota.anyDue(System.nanoTime());
        if (failure != null && delivered == 0) {
            throw failure;
        }
        return delivered;
    }

    /** How long one poll of a stream of several accounts goes on giving turns. */
    private static final long POLL_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** One account's turn as read: what its feed read (null when its probe found nothing new), or why it failed. */
    private record AccountRead(AccountRota.Turn turn, PollResult result, Exception error) {
        static AccountRead of(AccountRota.Turn turn, AccountRota rota) {
            try {
                return new AccountRead(turn, rota.read(turn), null);
            } catch (Exception e) {
                return new AccountRead(turn, null, e);
            }
        }
    }

    /** A turn's records to the route, its position saved after them; the account's next turn scheduled. */
    private int delivered(AccountRota.Turn turn, PollResult result) throws Exception {
        if (result == null) {
            // an idle account's probe found nothing: one request, no feed
            rota.polled(turn, 0, false, null, System.nanoTime());
            return 0;
        }
        int records;
        try {
            records = consumer.pollBatch(turn.feed(), result);
        } catch (Exception | Error e) {
            rota.failed(turn, System.nanoTime());
            throw e;
        }
        if (records < result.records().size()) {
            // the route failed a record: the account comes again after a delay, from its saved position
            rota.failed(turn, System.nanoTime());
            return records;
        }
        StripeGateway gateway = gateways.get(turn.account());
        ChangeFeed closing = rota.polled(turn, records, consumer.batchHadMore(),
                gateway == null ? null : gateway.knownVersion(), System.nanoTime());
        if (closing != null) {
            closeFeed(turn.account(), closing);
        }
        return records;
    }

    /**
     * What a failed read of one account means.
     *
     * @return true when the account was dealt with (dropped), false when the failure is the poll's
     */
    private boolean accountFailed(AccountRota.Turn turn, Exception cause) throws Exception {
        if (cause instanceof com.stripe.exception.PermissionException denied) {
            // the platform's access was revoked (deauthorized) or the account is not the platform's
            LOG.warn("stripe-sync consumer for {} stops following {}: Stripe refused access to it (HTTP {}: {})",
                    resources.name(), turn.account(), denied.getStatusCode(), denied.getMessage());
            closeFeed(turn.account(), rota.retire(turn.account()));
            return true;
        }
        if (cause instanceof AuthenticationException || cause instanceof FencedStateRepository.SupersededClaimException) {
            // the key itself, or another node leads this shard now: no account goes on
            rota.failed(turn, System.nanoTime());
            throw cause;
        }
        if (cause instanceof StripeException) {
            rota.failed(turn, System.nanoTime());
            return false;
        }
        // a position that belongs elsewhere or cannot be read, expired events with onEventsExpired=fail: this account
        // stops until the route restarts, the others go on
        LOG.error("stripe-sync consumer for {} stops following {}: {}", resources.name(), turn.account(),
                cause.getMessage());
        closeFeed(turn.account(), rota.retire(turn.account()));
        return true;
    }

    private void closeFeed(String account, ChangeFeed open) {
        gateways.remove(account);
        if (open != null) {
            open.close();
        }
    }

    private void closeFeeds(List<ChangeFeed> open) {
        open.forEach(ChangeFeed::close);
    }

    /**
     * A Connect endpoint's event: given to its account's feed (opened for it when the account is idle, and kept open
     * until the push is saved); an account the stream does not follow is acknowledged and counted, so Stripe does not
     * send it again for days; a deauthorization drops the account.
     */
    WebhookAnswer receive(JsonObject event) {
        String account = event.get("account").getAsString();
        if (ConnectedAccounts.DEAUTHORIZED.equals(event.get("type").getAsString())) {
            if (rota.turnOf(account) == null) {
                consumer.figures().webhooks().unfollowed();
                return new WebhookAnswer(200, "UNFOLLOWED");
            }
            closeFeed(account, rota.retire(account));
            LOG.warn("stripe-sync consumer for {} stops following {}: it disconnected from the platform ({})",
                    resources.name(), account, ConnectedAccounts.DEAUTHORIZED);
            return new WebhookAnswer(200, "DEAUTHORIZED");
        }
        AccountRota.Turn turn = rota.turnOf(account);
        if (turn == null) {
            consumer.figures().webhooks().unfollowed();
            return new WebhookAnswer(200, "UNFOLLOWED");
        }
        ChangeFeed accountFeed;
        try {
            accountFeed = rota.pushing(turn);
        } catch (RuntimeException e) {
            consumer.figures().webhooks().failed();
            LOG.warn("stripe-sync consumer for {} could not open the stream of {} for event {} pushed by a webhook"
                     + " (answered 500): {}", resources.name(), account, event.get("id").getAsString(), e.getMessage());
            return new WebhookAnswer(500, "not processed");
        }
        try {
            return consumer.receive(accountFeed, event);
        } finally {
            rota.pushed(turn);
        }
    }
}
