package io.stripesync.camel;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

import com.stripe.StripeClient;
import io.stripesync.camel.catalog.StripeCatalog;
import io.stripesync.camel.catalog.ResourceSelection;
import io.stripesync.camel.catalog.StripeResource;
import io.stripesync.camel.client.AccountBudget;
import io.stripesync.camel.client.ApiKeys;
import io.stripesync.camel.client.ClientSettings;
import io.stripesync.camel.client.ProxyAuthScheme;
import io.stripesync.camel.client.ProxySettings;
import io.stripesync.camel.client.ProxySslType;
import io.stripesync.camel.client.StripeGateway;
import io.stripesync.camel.options.OptionTextCheck;
import io.stripesync.camel.source.ConnectedAccounts;
import io.stripesync.camel.source.EventFilter;
import io.stripesync.camel.source.RehydrateMode;
import io.stripesync.camel.source.SnapshotMode;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Configurer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * Every stripe-sync option. The component holds one instance as the defaults for its endpoints; each endpoint works
 * on a copy.
 */
@UriParams
@Configurer
public class StripeSyncConfiguration implements Cloneable {

    public static final String DEFAULT_API_BASE = "https://api.stripe.com";
    public static final int MAX_BATCH_SIZE = 100;
    public static final int MAX_SNAPSHOT_PARALLELISM = 64;
    public static final int DEFAULT_SNAPSHOT_PAGES_IN_MEMORY = 100;
    /** Snapshot readers per request/s of the rate: enough to keep it busy when Stripe answers in 400 ms. */
    static final double READERS_PER_RATE = 0.4;
    public static final long DEFAULT_EVENT_LOOKBACK_MILLIS = 60_000;
    public static final long DEFAULT_WEBHOOK_TOLERANCE_MILLIS = 300_000;
    public static final long DEFAULT_RATE_LIMIT_MAX_WAIT_MILLIS = 120_000;
    /** Accounts read at once by a consumer of several accounts, unless accountReaders says otherwise. */
    static final int DEFAULT_ACCOUNT_READERS = 8;
    /** An idle account's longest delay in a stream of several accounts, unless maxIdleDelay says otherwise. */
    static final long DEFAULT_ACCOUNT_MAX_IDLE_DELAY_MILLIS = 15 * 60_000L;
    /** How often accounts=all reads the platform's accounts again, unless accountsRefreshInterval says otherwise. */
    static final long DEFAULT_ACCOUNTS_REFRESH_MILLIS = 10 * 60_000L;
    /** An idle stream's longest delay, in delays, unless maxIdleDelay says otherwise. */
    public static final int IDLE_DELAYS = 12;
    /** ... and at most this: a change made while a stream is idle arrives within a minute. */
    public static final long DEFAULT_MAX_IDLE_DELAY_MILLIS = 60_000;
    public static final String DEFAULT_STATE_FILE
            = System.getProperty("user.home") + "/.camel-stripe-sync/positions.dat";

    @UriPath(description = "The Stripe resource: a catalog name (the Stripe object type) such as customer, subscription,"
                           + " invoice or checkout.session. A consumer also takes a comma list"
                           + " (customer,subscription,invoice) or * (every resource of the catalog that has events and"
                           + " lists without parameters, less excludeResources): one events read, one position and one"
                           + " budget for all of them, each record naming its resource in the CamelStripeSyncResource"
                           + " header. A producer takes one resource.")
    @Metadata(required = true)
    private String resourceName;

    @UriParam(label = "consumer",
              description = "With stripe-sync:*, the resources left out: a comma list of catalog names, e.g."
                            + " excludeResources=file,reporting.report_run. Only with *: a list names its resources.")
    private String excludeResources;

    @UriParam(label = "security", secret = true,
              description = "The Stripe secret (sk_) or restricted (rk_) API key. Set it per endpoint or once on the"
                            + " component (camel.component.stripe-sync.api-key). Required unless a StripeClient is given.")
    private String apiKey;

    @UriParam(label = "advanced", defaultValue = DEFAULT_API_BASE,
              description = "Base URL of the Stripe API. Point it at the Stripe simulator, a mock server or a"
                            + " reverse proxy.")
    private String apiBase = DEFAULT_API_BASE;

    @UriParam(description = "A Connect account id (acct_...): every request is sent with the Stripe-Account header and"
                            + " acts on that connected account.")
    private String accountId;

    @UriParam(label = "consumer",
              description = "The Connect accounts one consumer follows: acct_1,acct_2, or all (every account the platform"
                            + " lists at /v1/accounts, read again every accountsRefreshInterval: accounts that connect"
                            + " are followed and take their snapshot, those no longer listed or refused by Stripe (403,"
                            + " deauthorized) are dropped). Each account has its own position, under the key an endpoint"
                            + " with that accountId uses (stripe-sync/SPACE/ACCOUNT/RESOURCE, stateKey appended), and"
                            + " every record names its account in CamelStripeSyncAccount. The accounts share the key's"
                            + " budget: a turn goes to the due account read longest ago; an idle account is read less"
                            + " and less often (up to maxIdleDelay, 15 min by default here), holds no feed in memory and"
                            + " costs one events request per turn.")
    private String accounts;

    @UriParam(label = "consumer", defaultValue = "8",
              description = "With accounts: how many accounts are read at once in one poll (1 to 64), each one request"
                            + " at a time, all under the key's shared rate limiter.")
    private int accountReaders = DEFAULT_ACCOUNT_READERS;

    @UriParam(label = "consumer", javaType = "java.time.Duration",
              description = "With accounts=all: how often the platform's list of connected accounts is read again (one"
                            + " request per 100 accounts), at least 1s. Default: 10 minutes.")
    private Long accountsRefreshInterval;

    @UriParam(label = "consumer", defaultValue = "1",
              description = "With accounts: the accounts are split in this many shards by their id (the same split on"
                            + " every node) and this consumer follows shard accountShard. Run one route per shard, each"
                            + " behind master: (Camel's cluster service), so each shard is led by one node and taken"
                            + " over by another when that node dies.")
    private int accountShards = 1;

    @UriParam(label = "consumer", defaultValue = "0",
              description = "With accountShards: the shard this consumer follows, 0 to accountShards - 1.")
    private int accountShard;

    @UriParam(label = "advanced",
              description = "A ready-made com.stripe.StripeClient to use instead of building one from apiKey and the"
                            + " connection options. Autowired when exactly one is bound; it is never closed by the"
                            + " component.")
    @Metadata(autowired = true)
    private StripeClient stripeClient;

    @UriParam(label = "consumer", enums = "initial,never,always,when_needed",
              description = "When the consumer takes a snapshot (emits every existing object) before following changes:"
                            + " initial at the first start only (no stored position); never (changes made from the first"
                            + " start on); always at every start (a new round, whose marker lets a sink delete what went"
                            + " away while the route was stopped; a snapshot still open goes on instead); when_needed"
                            + " whenever no stored position is usable: the first start, expired events (onEventsExpired"
                            + " must not be fail), and a stored position that cannot be read or follows other event"
                            + " queries, which the other modes refuse. Each snapshot is a round whose records carry"
                            + " CamelStripeSyncRound (with roundMarkers, its end is one exchange of operation"
                            + " snapshot-complete). Default: initial, or never with snapshot=false.")
    private SnapshotMode snapshotMode;

    @UriParam(label = "consumer",
              description = "How often each resource is read again while its changes are followed, for the changes no"
                            + " event announces: a duration for every resource of the endpoint (24h), 0 for none, or a"
                            + " list per resource (invoiceitem=6h,customer=0); at least 1m. Each re-read is a round that"
                            + " lists the resource (one request per page of batchSize objects) and emits only the objects"
                            + " that differ from what the stream delivered last, as updates, then the objects it no longer"
                            + " found as deletions: a pass over unchanged objects emits nothing. Default: 24h for the"
                            + " resources whose changes Stripe does not all announce (those without events, and invoiceitem"
                            + " and transfer, whose retired event types are sent no more), none for the others. The"
                            + " stream keeps a digest of each object of those resources (about 120 bytes an object) beside"
                            + " its position.")
    private String resnapshotInterval;

    @UriParam(label = "consumer", defaultValue = "false",
              description = "Deliver the end of each snapshot round as one exchange of operation snapshot-complete"
                            + " (headers CamelStripeSyncRound, CamelStripeSyncRoundPartial, CamelStripeSyncResource,"
                            + " CamelStripeSyncSnapshotStart; a body with round, resource, objects, snapshot_start and"
                            + " partial), after every record of the round was processed: unless the round is partial, a"
                            + " sink that receives it may delete the rows of the resource the round did not confirm and"
                            + " no change touched since its snapshot start. Off, the rounds still number the records"
                            + " (CamelStripeSyncRound) and no marker reaches the route.")
    private boolean roundMarkers;

    @UriParam(label = "consumer", defaultValue = "true",
              description = "The older form of snapshotMode: false is never; true (the default) leaves it to"
                            + " snapshotMode (initial unless given). snapshot=false with a snapshotMode other than never"
                            + " is refused.")
    private boolean snapshot = true;

    @UriParam(label = "consumer",
              description = "Snapshot readers at once: the created-time range of the resource is cut into slices read"
                            + " concurrently, all under the account's shared rate limiter, so a snapshot runs near the"
                            + " rate limit instead of at one page per request latency. Default: the pace of one Stripe"
                            + " endpoint (24/s, or maxRequestsPerSecond when lower) times 0.4 s (a slow Stripe answer),"
                            + " rounded up: 10; 16 with"
                            + " pacing off. 1 to " + MAX_SNAPSHOT_PARALLELISM + "; 1 reads one slice, still ahead of the"
                            + " route. Lists without a created filter are read by one reader.")
    private Integer snapshotParallelism;

    @UriParam(label = "consumer", defaultValue = "100",
              description = "Pages read ahead of the route and held in memory at most, whatever the parallelism: snapshot"
                            + " pages of batchSize objects, and the time windows (a page of up to 100 events each) of a"
                            + " CDC backlog; fewer readers than this run at once. The memory bound is this many pages plus"
                            + " the batch being processed. A backlog is delivered in time order, so a window slow to come"
                            + " (a retry after a 429) holds back the windows read after it: 100 keep 40 readers busy"
                            + " through such a wait at 100 requests/s. 1 to 1000.")
    private int snapshotPagesInMemory = DEFAULT_SNAPSHOT_PAGES_IN_MEMORY;

    @UriParam(label = "consumer", defaultValue = "100",
              description = "Objects or events fetched per Stripe list request (Stripe's limit parameter), 1 to 100.")
    private int batchSize = MAX_BATCH_SIZE;

    @UriParam(label = "consumer",
              description = "Where the consumer keeps its position: a StateRepository<String, String> bean. The default"
                            + " is a file store that survives restarts.")
    private StateRepository<String, String> stateRepository;

    @UriParam(label = "consumer",
              description = "Distinguishes the positions of several consumers of the same account and resource; part"
                            + " of the key under which the position is stored.")
    private String stateKey;

    @UriParam(label = "consumer", defaultValue = "60000", javaType = "java.time.Duration",
              description = "How far back each poll reads Stripe's events again (milliseconds, or a duration such as"
                            + " 60s). Stripe's event list is eventually consistent: an event can become visible after a"
                            + " newer one. Events that show up this late are still delivered, once; 0 turns re-reading"
                            + " off.")
    private long eventLookback = DEFAULT_EVENT_LOOKBACK_MILLIS;

    @UriParam(label = "consumer", javaType = "java.time.Duration",
              description = "The longest time between two polls of a stream that finds no change (milliseconds, or a"
                            + " duration such as 60s). Each empty poll doubles the time to the next (5 s, 10 s, 20 s, 40 s,"
                            + " then this), the first change brings it back to delay: an idle resource costs about one"
                            + " read request a minute (1,440 a day) instead of one per delay (17,280 a day at 5 s), against"
                            + " Stripe's read allocation of 500 reads per transaction over 30 days. A change made while"
                            + " the stream is idle arrives within this time. Default: 12 times delay, at most 60 s (60 s"
                            + " at the default delay of 5 s; a webhook route's backstop, every 60 s, does not grow). At"
                            + " most delay (or 0): no growth.")
    private Long maxIdleDelay;

    @UriParam(label = "consumer", defaultValue = "resnapshot", enums = "resnapshot,fail",
              description = "What the consumer does when its position is older than the events Stripe keeps (30 days):"
                            + " resnapshot takes a new snapshot and then follows changes again (with a warning saying"
                            + " why); fail stops polling with an error.")
    private EventsExpiredAction onEventsExpired = EventsExpiredAction.resnapshot;

    @UriParam(label = "consumer", defaultValue = "true",
              description = "Complete the lists Stripe embeds in objects (an invoice's lines, a subscription's items, a"
                            + " credit note's lines, ...), which list pages and event payloads cut at 10 items: a list"
                            + " with has_more is read whole from its own endpoint, under the rate limiter, before the"
                            + " object is emitted. false emits them as Stripe sent them.")
    private boolean completeNestedLists = true;

    @UriParam(label = "consumer",
              description = "The Stripe API version the consumer's records are rendered at. pinned: stripe-java's"
                            + " version (required by bodyType=object, whose typed models are made for it); account: the"
                            + " account's own version, as Stripe renders its events (taken from the newest event at each"
                            + " start, one read request; pinned when the account has no event yet); or a version such as"
                            + " 2024-06-20 or 2025-03-31.basil. The snapshot and the objects read again are requested at"
                            + " it, and with rehydrate=auto a change is read again only when its event was rendered at"
                            + " another version (the account was upgraded), so on most accounts a change costs no read"
                            + " beyond its event page. Default: pinned for bodyType=object, account for json and map."
                            + " Consumers only.")
    private String apiVersion;

    @UriParam(label = "consumer", defaultValue = "auto", enums = "auto,always,never",
              description = "When a change's object is read again from Stripe instead of taken from the event"
                            + " payload. auto: when the event was rendered at another API version than the stream's"
                            + " (apiVersion), and when the payload may not be the object's newest state (several"
                            + " events of the object in one second, late-visible events); always: every create and"
                            + " update; never: payloads as they are. Deletions always keep their payload. An object"
                            + " found gone makes its record a delete.")
    private RehydrateMode rehydrate = RehydrateMode.auto;

    @UriParam(label = "consumer", defaultValue = "auto", enums = "auto,exact,all",
              description = "Which events the consumer asks Stripe for. auto: Stripe's type wildcard where the"
                            + " resource's event types share a prefix no other object uses (invoiceitem.*, so a type"
                            + " Stripe adds or never documented is still delivered), else the catalog's exact types;"
                            + " exact: only the catalog's types; all: every event of the account, kept when its"
                            + " data.object is an object of the resource (no type is missed; every other resource's"
                            + " events are read too).")
    private EventFilter eventFilter = EventFilter.auto;

    @UriParam(label = "consumer", defaultValue = "${user.home}/.camel-stripe-sync/positions.dat",
              description = "The file of the default position store, used when no stateRepository is given. It"
                            + " survives restarts; several endpoints can share it (each has its own key).")
    private String stateFile = DEFAULT_STATE_FILE;

    @UriParam(label = "consumer", defaultValue = "0",
              description = "At most this many exchanges per poll (0: one Stripe page, i.e. up to batchSize). The rest"
                            + " are read again on the next poll; the position only moves past what was processed.")
    private int maxMessagesPerPoll;

    @UriParam(label = "producer", enums = "create,retrieve,update,delete,list,search,action,resnapshot",
              description = "What the producer does; the CamelStripeSyncOperation header overrides it per message. An"
                            + " operation the resource does not support fails at endpoint creation. resnapshot sends no"
                            + " request: it asks the running streams of this CamelContext that follow the resource for a"
                            + " new snapshot round of it, read while their changes go on.")
    private ProducerOperation operation;

    @UriParam(label = "producer",
              description = "The item action to run with operation=action, e.g. finalize, void or pay for invoice (the"
                            + " catalog lists each resource's actions).")
    private String action;

    @UriParam(label = "producer",
              description = "Fields to expand in the answer, comma separated, e.g. customer,latest_invoice.")
    private String expand;

    @UriParam(label = "producer", defaultValue = "false",
              description = "list and search: answer with an Iterator that reads Stripe's pages as it goes (bounded"
                            + " memory in a split) instead of a List of everything.")
    private boolean streamList;

    @UriParam(label = "common", defaultValue = "object", enums = "object,json,map",
              description = "The body of the exchange: the stripe-java object, its JSON text or a Map.")
    private BodyType bodyType = BodyType.object;

    @UriParam(label = "proxy", description = "Host of the forward proxy between this application and Stripe.")
    private String proxyHost;

    @UriParam(label = "proxy", description = "Port of the proxy; required with proxyHost.")
    private Integer proxyPort;

    @UriParam(label = "proxy", defaultValue = "auto", enums = "auto,always,never,tunnel",
              description = "How the connection to the proxy is made. auto: a CONNECT tunnel for an https apiBase (TLS end"
                            + " to end with Stripe), plain forwarding for an http one; always: TLS to the proxy itself (an"
                            + " HTTPS proxy), with an https apiBase tunnelled inside it; never: no TLS to the proxy and no"
                            + " tunnel, the proxy is handed every request, API key included, and makes the connection to"
                            + " Stripe; tunnel: always a CONNECT tunnel, whatever the apiBase scheme.")
    private ProxySslType proxySslType = ProxySslType.auto;

    @UriParam(label = "proxy", defaultValue = "auto", enums = "auto,basic,digest",
              description = "Which challenge of the proxy the credentials answer: auto takes what the proxy's 407 offers"
                            + " (Digest before Basic); basic or digest answer only that scheme. Needs proxyUsername.")
    private ProxyAuthScheme proxyAuthScheme = ProxyAuthScheme.auto;

    @UriParam(label = "proxy", description = "User name the proxy asks for.")
    private String proxyUsername;

    @UriParam(label = "proxy", secret = true, description = "Password the proxy asks for (a secret: masked in logs,"
                                                              + " route dumps and errors).")
    private String proxyPassword;

    @UriParam(label = "security",
              description = "Trust material (and keys) for every TLS connection: to Stripe, and with"
                            + " proxySslType=always to the proxy. Needed behind a TLS-inspecting proxy, whose certificates"
                            + " are signed by the company's own CA. Default: the JVM's trust store.")
    private SSLContextParameters sslContextParameters;

    @UriParam(label = "consumer,webhook", secret = true,
              description = "The signing secret (whsec_...) of the Stripe webhook endpoint that sends this resource's"
                            + " events, for from(\"webhook:stripe-sync:...\"): every request's Stripe-Signature is"
                            + " checked with it. Required unless the route registers the endpoint itself (camel-webhook's"
                            + " webhookAutoRegister, its default), which takes the secret Stripe answers at creation. A"
                            + " secret option: set it from a property placeholder or a vault, never in the URI.")
    private String webhookSecret;

    @UriParam(label = "consumer,webhook", defaultValue = "300000", javaType = "java.time.Duration",
              description = "How far a webhook request's signed timestamp may be from this machine's clock"
                            + " (milliseconds, or a duration such as 5m); older requests are refused as replays. 300000"
                            + " is stripe-java's and Stripe's own default.")
    private long webhookTolerance = DEFAULT_WEBHOOK_TOLERANCE_MILLIS;

    @UriParam(label = "consumer,webhook", defaultValue = "false",
              description = "With webhookAutoRegister, delete the Stripe webhook endpoint the route registered when the"
                            + " route stops. false keeps it, so Stripe keeps sending (and retrying for 3 days) while the"
                            + " route is down; the next start replaces it if no webhookSecret is given, as Stripe shows a"
                            + " secret only at creation. The Events API backstop delivers what either way misses.")
    private boolean webhookDeleteOnStop;

    @UriParam(label = "advanced", defaultValue = "30000", javaType = "java.time.Duration",
              description = "Connect timeout for Stripe requests (milliseconds, or a duration such as 30s).")
    private long connectTimeout = 30_000;

    @UriParam(label = "advanced", defaultValue = "80000", javaType = "java.time.Duration",
              description = "Read timeout for Stripe requests (milliseconds, or a duration such as 80s).")
    private long readTimeout = 80_000;

    @UriParam(label = "advanced",
              description = "Requests per second this key may send to one Stripe account, shared by every endpoint of"
                            + " the CamelContext with the same key and account (consumers and producers alike). Default:"
                            + " 24 for test-mode keys (Stripe allows 25) and 96 for live keys (Stripe allows 100). Under"
                            + " it, each Stripe endpoint (method and path, ids collapsed) is paced at 24 a second (Stripe"
                            + " allows 25), Search and Files at 19 (Stripe: 20). 0 turns pacing off. Not applied to a"
                            + " user-supplied stripeClient.")
    private Integer maxRequestsPerSecond;

    @UriParam(label = "advanced", defaultValue = "2",
              description = "How often stripe-java retries a request that failed on the network, a 409, a 5xx or a 429"
                            + " Stripe asks to retry (Stripe-Should-Retry: true, as for a lock timeout). 0 disables"
                            + " these retries. Rate-limited 429s are retried by the component (rateLimitMaxWait).")
    private int maxNetworkRetries = 2;

    @UriParam(label = "advanced",
              description = "The read requests this key's account may spend in 30 days (Stripe: an average of 500 per"
                            + " transaction over 30 days, at least 10,000). When given, the consumer's health check warns"
                            + " (UP, with a stripe.sync.warning detail) once the reads of the key and account, at the rate"
                            + " of the last hour, project beyond it; the check judges only a stream that has followed"
                            + " changes for an hour, so a snapshot's burst is not mistaken for the steady cost.")
    private Long readAllocation;

    @UriParam(label = "advanced", defaultValue = "120000", javaType = "java.time.Duration",
              description = "How long the component keeps retrying a request Stripe rate-limited (a 429 naming its"
                            + " Stripe-Rate-Limited-Reason, which stripe-java never retries): jittered exponential backoff"
                            + " from 0.5 s doubling to 16 s, honouring Retry-After, while the budget the reason names (the"
                            + " endpoint's pace, the key's pace, or the requests in flight) slows down. Only after this"
                            + " long does the 429 fail the call. 0 leaves rate-limited answers unretried.")
    private long rateLimitMaxWait = DEFAULT_RATE_LIMIT_MAX_WAIT_MILLIS;

    /**
     * Checks every option and resolves the resource, so that bad input fails at endpoint creation with a message
     * that names the option and the value (never the secret).
     */
    public ResourceSelection validate(StripeCatalog catalog) {
        ResourceSelection resources = ResourceSelection.parse(resourceName, excludeResources,
                accountId != null || accounts != null, catalog);
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException(
                    "Option batchSize must be between 1 and " + MAX_BATCH_SIZE + " (Stripe's list limit), was " + batchSize);
        }
        if (stripeClient == null) {
            if (apiKey == null || apiKey.isBlank()) {
                throw new IllegalArgumentException(
                        "Option apiKey is required: set apiKey on the endpoint, camel.component.stripe-sync.api-key on"
                                                   + " the component, or bind a com.stripe.StripeClient bean");
            }
            if (!ApiKeys.isServerKey(apiKey)) {
                throw new IllegalArgumentException("Option apiKey must be a secret (sk_...) or restricted (rk_...) key, was "
                                                   + ApiKeys.mask(apiKey)
                                                   + (apiKey.startsWith("pk_") ? " (a publishable key cannot read account data)" : ""));
            }
        }
        validateApiBase();
        if (accountId != null && !accountId.startsWith("acct_")) {
            throw new IllegalArgumentException("Option accountId must be a Connect account id starting with acct_, was '"
                                               + accountId + "'");
        }
        for (StripeResource resource : resources.resources()) {
            if (resource.requiresAccount() && accountId == null && accounts == null) {
                throw new IllegalArgumentException("Resource '" + resource.name() + "' lives under a connected account ("
                                                   + resource.listPath() + "): option accountId is required");
            }
        }
        validateAccounts(resources);
        if (stateKey != null && stateKey.isBlank()) {
            throw new IllegalArgumentException("Option stateKey must not be blank");
        }
        if ("digests".equals(stateKey)) {
            // <key>/digests holds the digests of the stream stored under <key>
            throw new IllegalArgumentException("Option stateKey must not be 'digests': the state repository keeps the"
                                               + " object digests of a stream under its key and /digests");
        }
        if (eventLookback < 0 || eventLookback > 24L * 3600 * 1000) {
            throw new IllegalArgumentException("Option eventLookback must be between 0 and 24h, was " + eventLookback + " ms");
        }
        if (maxMessagesPerPoll < 0) {
            throw new IllegalArgumentException("Option maxMessagesPerPoll must be 0 or more, was " + maxMessagesPerPoll);
        }
        if (stateRepository == null && (stateFile == null || stateFile.isBlank())) {
            throw new IllegalArgumentException("Option stateFile must not be blank when no stateRepository is given");
        }
        validateProxy();
        checkMillis("connectTimeout", connectTimeout);
        checkMillis("readTimeout", readTimeout);
        if (maxRequestsPerSecond != null && maxRequestsPerSecond < 0) {
            throw new IllegalArgumentException("Option maxRequestsPerSecond must be 0 (no pacing) or more, was "
                                               + maxRequestsPerSecond);
        }
        if (snapshotParallelism != null && (snapshotParallelism < 1 || snapshotParallelism > MAX_SNAPSHOT_PARALLELISM)) {
            throw new IllegalArgumentException("Option snapshotParallelism must be between 1 and " + MAX_SNAPSHOT_PARALLELISM
                                               + ", was " + snapshotParallelism);
        }
        if (snapshotPagesInMemory < 1 || snapshotPagesInMemory > 1000) {
            throw new IllegalArgumentException("Option snapshotPagesInMemory must be between 1 and 1000, was "
                                               + snapshotPagesInMemory);
        }
        validateApiVersion();
        validateSnapshotMode();
        resnapshotIntervals(resources);
        if (readAllocation != null && readAllocation < 1) {
            throw new IllegalArgumentException("Option readAllocation must be a positive number of read requests per 30"
                                               + " days (Stripe's minimum is 10,000), was " + readAllocation);
        }
        if (maxIdleDelay != null && maxIdleDelay < 0) {
            throw new IllegalArgumentException("Option maxIdleDelay must be 0 (no growth) or a positive duration, was "
                                               + maxIdleDelay + " ms");
        }
        if (rateLimitMaxWait < 0 || rateLimitMaxWait > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Option rateLimitMaxWait must be 0 (no retries of rate-limited answers) or a"
                                               + " duration of at most " + Integer.MAX_VALUE + " ms, was "
                                               + rateLimitMaxWait + " ms");
        }
        if (maxNetworkRetries < 0) {
            throw new IllegalArgumentException("Option maxNetworkRetries must be 0 or more, was " + maxNetworkRetries);
        }
        if (webhookSecret != null && !webhookSecret.startsWith("whsec_")) {
            throw new IllegalArgumentException("Option webhookSecret must be a webhook endpoint's signing secret, starting"
                                               + " with whsec_ (Dashboard > Developers > Webhooks > the endpoint > Signing"
                                               + " secret)" + (webhookSecret.startsWith("sk_") || webhookSecret.startsWith("rk_")
                                                       ? "; it looks like an API key, which belongs in apiKey" : ""));
        }
        if (webhookTolerance < 1000 || webhookTolerance > 24L * 3600 * 1000) {
            throw new IllegalArgumentException("Option webhookTolerance must be between 1s and 24h, was " + webhookTolerance
                                               + " ms");
        }
        if (resources.several()) {
            List<String> given = new ArrayList<>();
            if (operation != null) {
                given.add("operation");
            }
            if (action != null) {
                given.add("action");
            }
            if (!given.isEmpty()) {
                throw new IllegalArgumentException("Option " + String.join(" and ", given) + " of stripe-sync:"
                                                   + resourceName + ": a producer works on one resource per call, and"
                                                   + " this endpoint names several");
            }
        } else {
            validateProducerOptions(resources.single());
        }
        return resources;
    }

    private void validateAccounts(ResourceSelection resources) {
        if (accounts == null) {
            List<String> given = new ArrayList<>();
            if (accountsRefreshInterval != null) {
                given.add("accountsRefreshInterval");
            }
            if (accountShards != 1 || accountShard != 0) {
                given.add("accountShards/accountShard");
            }
            if (accountReaders != DEFAULT_ACCOUNT_READERS) {
                given.add("accountReaders");
            }
            if (!given.isEmpty()) {
                throw new IllegalArgumentException("Option " + String.join(" and ", given) + " applies to a consumer of"
                                                   + " several accounts: set accounts (acct_1,acct_2 or all) too");
            }
            return;
        }
        if (accountId != null) {
            throw new IllegalArgumentException("Options accountId and accounts exclude each other: accountId acts on one"
                                               + " account, accounts follows several (accounts=" + accountId + " for one)");
        }
        List<String> listed = accountList();
        if (accountReaders < 1 || accountReaders > 64) {
            throw new IllegalArgumentException("Option accountReaders must be between 1 and 64, was " + accountReaders);
        }
        if (accountsRefreshInterval != null) {
            if (listed != null) {
                throw new IllegalArgumentException("Option accountsRefreshInterval applies to accounts=all only; accounts="
                                                   + accounts + " names its accounts");
            }
            if (accountsRefreshInterval < 1_000) {
                throw new IllegalArgumentException("Option accountsRefreshInterval must be at least 1s, was "
                                                   + accountsRefreshInterval + " ms");
            }
        }
        if (accountShards < 1 || accountShards > 1000) {
            throw new IllegalArgumentException("Option accountShards must be between 1 and 1000, was " + accountShards);
        }
        if (accountShard < 0 || accountShard >= accountShards) {
            throw new IllegalArgumentException("Option accountShard must be between 0 and accountShards - 1 ("
                                               + (accountShards - 1) + "), was " + accountShard);
        }
        Map<String, Long> rereads = resnapshotIntervals(resources);
        if (!rereads.isEmpty()) {
            throw new IllegalArgumentException("Scheduled re-reads (resnapshotInterval"
                                               + (resnapshotInterval == null ? "'s default for "
                                                  + String.join(",", rereads.keySet()) : "")
                                               + ") are not available with accounts yet: set resnapshotInterval=0, or"
                                               + " follow those resources with one endpoint per accountId");
        }
    }

    /** The accounts option's list, null for all; checked (acct_ ids, no repeats). */
    public List<String> accountList() {
        if (accounts == null) {
            return null;
        }
        String text = accounts.trim();
        if (text.equals(ConnectedAccounts.ALL)) {
            return null;
        }
        List<String> list = new ArrayList<>();
        for (String part : text.split(",")) {
            String account = part.trim();
            if (!account.startsWith("acct_") || account.length() < 6) {
                throw new IllegalArgumentException("Option accounts must be all or Connect account ids (acct_...)"
                                                   + " separated by commas, was '" + accounts + "' ('" + account
                                                   + "' is not an account id)");
            }
            if (list.contains(account)) {
                throw new IllegalArgumentException("Option accounts names " + account + " twice: '" + accounts + "'");
            }
            list.add(account);
        }
        return list;
    }

    private void validateSnapshotMode() {
        if (snapshotMode != null && !snapshot && snapshotMode != SnapshotMode.never) {
            throw new IllegalArgumentException("Option snapshot=false contradicts snapshotMode=" + snapshotMode
                                               + ": snapshot is the older form of snapshotMode (false is never); give"
                                               + " snapshotMode only");
        }
        if (effectiveSnapshotMode() == SnapshotMode.when_needed && onEventsExpired == EventsExpiredAction.fail) {
            throw new IllegalArgumentException("Option snapshotMode=when_needed takes a new snapshot when events expired,"
                                               + " which onEventsExpired=fail forbids: use snapshotMode=initial to fail on"
                                               + " expired events, or drop onEventsExpired");
        }
    }

    private void validateProducerOptions(StripeResource resource) {
        if (action != null && operation != ProducerOperation.action) {
            throw new IllegalArgumentException("Option action=" + action + " needs operation=action");
        }
        if (operation == ProducerOperation.action && action == null) {
            throw new IllegalArgumentException("Option operation=action needs the option action, one of: "
                                               + actionNames(resource));
        }
        if (operation != null) {
            checkSupported(resource, operation, action, "Option operation");
        }
        if (expand != null && expand.isBlank()) {
            throw new IllegalArgumentException("Option expand must not be blank");
        }
    }

    /** Whether the resource offers this operation (and action); the message names where the choice came from. */
    static void checkSupported(StripeResource resource, ProducerOperation operation, String action, String source) {
        if (operation.capability() != null && !resource.supports(operation.capability())) {
            throw new IllegalArgumentException(source + " " + operation + " is not supported by Stripe for resource '"
                                               + resource.name() + "'; it supports: " + supported(resource));
        }
        if (operation == ProducerOperation.action && resource.action(action).isEmpty()) {
            throw new IllegalArgumentException("Resource '" + resource.name() + "' has no action '" + action + "'; its actions"
                                               + " are: " + actionNames(resource));
        }
    }

    private static String supported(StripeResource resource) {
        StringBuilder sb = new StringBuilder();
        for (ProducerOperation op : ProducerOperation.values()) {
            boolean ok = op == ProducerOperation.list || op == ProducerOperation.resnapshot
                         || op == ProducerOperation.action && !resource.actions().isEmpty()
                         || op.capability() != null && resource.supports(op.capability());
            if (ok) {
                sb.append(sb.length() == 0 ? "" : ", ").append(op);
            }
        }
        return sb.toString();
    }

    private static String actionNames(StripeResource resource) {
        return resource.actions().isEmpty() ? "(none)"
                : String.join(", ", resource.actions().stream().map(io.stripesync.camel.catalog.ResourceAction::name).toList());
    }

    private void validateApiBase() {
        String problem = null;
        if (apiBase == null || apiBase.isBlank()) {
            problem = "it is empty";
        } else {
            try {
                URI uri = new URI(apiBase);
                if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                    problem = "it is not an absolute http(s) URL";
                } else if (uri.getPath() != null && !uri.getPath().isEmpty() && !"/".equals(uri.getPath())) {
                    problem = "it must not have a path (the catalog paths start with /v1)";
                }
            } catch (URISyntaxException e) {
                problem = e.getReason();
            }
        }
        if (problem != null) {
            throw new IllegalArgumentException("Option apiBase '" + apiBase + "' is invalid: " + problem);
        }
    }

    private void validateProxy() {
        if (proxyHost == null) {
            if (proxyPort != null || proxyUsername != null || proxyPassword != null || proxySslType != ProxySslType.auto
                || proxyAuthScheme != ProxyAuthScheme.auto) {
                throw new IllegalArgumentException("Options proxyPort, proxySslType, proxyAuthScheme, proxyUsername and"
                                                   + " proxyPassword need proxyHost");
            }
            return;
        }
        if (proxyPort == null || proxyPort < 1 || proxyPort > 65535) {
            throw new IllegalArgumentException("Option proxyPort must be between 1 and 65535 when proxyHost is set, was "
                                               + proxyPort);
        }
        if (proxyPassword != null && proxyUsername == null) {
            throw new IllegalArgumentException("Option proxyPassword needs proxyUsername");
        }
        if (proxyAuthScheme != ProxyAuthScheme.auto && proxyUsername == null) {
            throw new IllegalArgumentException("Option proxyAuthScheme=" + proxyAuthScheme + " needs proxyUsername and"
                                               + " proxyPassword: without credentials there is no challenge to answer");
        }
        if (proxySslType == ProxySslType.always && apiBase.startsWith("http:") && sslContextParameters == null) {
            throw new IllegalArgumentException("Option proxySslType=always makes the connection to the proxy " + proxyHost
                                               + ":" + proxyPort + " TLS, but apiBase " + apiBase + " is plain http and no"
                                               + " sslContextParameters is set: the proxy's certificate would be checked"
                                               + " against the JVM's trust store only. Set sslContextParameters to trust the"
                                               + " proxy's certificate, or use proxySslType=never for a plain proxy.");
        }
    }

    /** Whether requests, API key included, cross the proxy connection unencrypted while apiBase asks for TLS. */
    public boolean sendsKeyInClearToProxy() {
        return proxyHost != null && proxySslType == ProxySslType.never && apiBase.startsWith("https:");
    }

    private static void checkMillis(String option, long millis) {
        if (millis <= 0 || millis > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Option " + option + " must be a positive duration of at most "
                                               + Integer.MAX_VALUE + " ms, was " + millis + " ms");
        }
    }

    public static final int DEFAULT_TEST_MODE_RATE = 24;
    public static final int DEFAULT_LIVE_MODE_RATE = 96;

    /** The configured rate, or the default for the key's mode. */
    public double effectiveMaxRequestsPerSecond() {
        if (maxRequestsPerSecond != null) {
            return maxRequestsPerSecond;
        }
        return ApiKeys.isTestMode(apiKey) ? DEFAULT_TEST_MODE_RATE : DEFAULT_LIVE_MODE_RATE;
    }

    /**
     * The snapshot readers of an endpoint of that many resources: one resource's, or with several (each list endpoint
     * has its own pace) that many times as many, at most what the key's global rate keeps busy (or the option as given,
     * per resource) and never more than snapshotPagesInMemory.
     */
    public int effectiveSnapshotReaders(int resources) {
        int one = effectiveSnapshotParallelism();
        if (resources <= 1) {
            return one;
        }
        long readers = (long) one * resources;
        double rate = stripeClient != null && maxRequestsPerSecond == null ? 0 : effectiveMaxRequestsPerSecond();
        if (snapshotParallelism == null && rate > 0) {
            readers = Math.min(readers, Math.max(one, readersFor(rate)));
        }
        return (int) Math.max(1, Math.min(readers, snapshotPagesInMemory));
    }

    /** The configured snapshot readers, or as many as the rate keeps busy at Stripe's slower answers. */
    public int effectiveSnapshotParallelism() {
        if (snapshotParallelism != null) {
            return snapshotParallelism;
        }
        double rate = stripeClient != null && maxRequestsPerSecond == null ? 0 : effectiveMaxRequestsPerSecond();
        // a snapshot reads one list endpoint: its own pace bounds it, whatever the key's global one
        rate = Math.min(rate, AccountBudget.ENDPOINT_PER_SECOND);
        int readers = rate <= 0 ? 16 : readersFor(rate);
        return Math.max(1, Math.min(MAX_SNAPSHOT_PARALLELISM, readers));
    }

    /** The readers a rate keeps busy when Stripe answers slowly (0.4 s): rate x 0.4, rounded up. */
    private static int readersFor(double rate) {
        return (int) Math.ceil(rate * READERS_PER_RATE - 1e-9);
    }

    /**
     * The settings that identify the StripeClient this configuration needs.
     *
     * @param sslContext made from sslContextParameters, or null
     */
    public ClientSettings clientSettings(SSLContext sslContext) {
        ProxySettings proxy = proxyHost == null ? null
                : new ProxySettings(proxyHost, proxyPort, proxySslType, proxyAuthScheme, proxyUsername, proxyPassword);
        return new ClientSettings(apiKey, stripApiBase(), accountId, proxy, sslContext, (int) connectTimeout,
                (int) readTimeout, maxNetworkRetries, rateLimitMaxWait);
    }

    private String stripApiBase() {
        return apiBase.endsWith("/") ? apiBase.substring(0, apiBase.length() - 1) : apiBase;
    }

    public StripeSyncConfiguration copy() {
        try {
            return (StripeSyncConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    public String getExcludeResources() {
        return excludeResources;
    }

    public void setExcludeResources(String excludeResources) {
        this.excludeResources = excludeResources;
    }

    public String getResourceName() {
        return resourceName;
    }

    public void setResourceName(String resourceName) {
        this.resourceName = resourceName;
    }

    public String getApiKey() {
        return apiKey;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public String getApiBase() {
        return apiBase;
    }

    public void setApiBase(String apiBase) {
        this.apiBase = apiBase;
    }

    public String getAccounts() {
        return accounts;
    }

    public void setAccounts(String accounts) {
        this.accounts = accounts;
    }

    public int getAccountReaders() {
        return accountReaders;
    }

    public void setAccountReaders(int accountReaders) {
        this.accountReaders = accountReaders;
    }

    public Long getAccountsRefreshInterval() {
        return accountsRefreshInterval;
    }

    /** accountsRefreshInterval, or its default of 10 minutes. */
    public long effectiveAccountsRefreshInterval() {
        return accountsRefreshInterval != null ? accountsRefreshInterval : DEFAULT_ACCOUNTS_REFRESH_MILLIS;
    }

    public void setAccountsRefreshInterval(Long accountsRefreshInterval) {
        this.accountsRefreshInterval = accountsRefreshInterval;
    }

    public int getAccountShards() {
        return accountShards;
    }

    public void setAccountShards(int accountShards) {
        this.accountShards = accountShards;
    }

    public int getAccountShard() {
        return accountShard;
    }

    public void setAccountShard(int accountShard) {
        this.accountShard = accountShard;
    }

    public String getAccountId() {
        return accountId;
    }

    public void setAccountId(String accountId) {
        this.accountId = accountId;
    }

    public StripeClient getStripeClient() {
        return stripeClient;
    }

    public void setStripeClient(StripeClient stripeClient) {
        this.stripeClient = stripeClient;
    }

    public Integer getSnapshotParallelism() {
        return snapshotParallelism;
    }

    public void setSnapshotParallelism(Integer snapshotParallelism) {
        this.snapshotParallelism = snapshotParallelism;
    }

    public int getSnapshotPagesInMemory() {
        return snapshotPagesInMemory;
    }

    public void setSnapshotPagesInMemory(int snapshotPagesInMemory) {
        this.snapshotPagesInMemory = snapshotPagesInMemory;
    }

    public boolean isSnapshot() {
        return snapshot;
    }

    public void setSnapshot(boolean snapshot) {
        this.snapshot = snapshot;
    }

    public boolean isRoundMarkers() {
        return roundMarkers;
    }

    public void setRoundMarkers(boolean roundMarkers) {
        this.roundMarkers = roundMarkers;
    }

    public String getResnapshotInterval() {
        return resnapshotInterval;
    }

    public void setResnapshotInterval(String resnapshotInterval) {
        this.resnapshotInterval = resnapshotInterval;
    }

    /** The shortest interval between two re-reads of a resource: each lists it whole. */
    static final long MIN_RESNAPSHOT_INTERVAL_MILLIS = 60_000;
    static final long DEFAULT_RESNAPSHOT_INTERVAL_MILLIS = 24L * 3600 * 1000;

    /**
     * The resources read again on a schedule, with their interval in milliseconds: resnapshotInterval, or the catalog's
     * default per resource.
     *
     * @throws IllegalArgumentException naming the option and what is wrong with it
     */
    public Map<String, Long> resnapshotIntervals(ResourceSelection resources) {
        Map<String, Long> every = new LinkedHashMap<>();
        if (resnapshotInterval == null) {
            resources.resources().stream().filter(StripeResource::changesWithoutEvents)
                    .forEach(r -> every.put(r.name(), DEFAULT_RESNAPSHOT_INTERVAL_MILLIS));
            return every;
        }
        String text = resnapshotInterval.trim();
        if (!text.contains("=")) {
            long millis = resnapshotMillis(text, null);
            if (millis > 0) {
                resources.names().forEach(r -> every.put(r, millis));
            }
            return every;
        }
        for (String part : text.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("Option resnapshotInterval: '" + part.trim() + "' in '" + text
                                                   + "' is not resource=duration; give one duration for every resource,"
                                                   + " or resource=duration for each (invoiceitem=6h,customer=0)");
            }
            String name = part.substring(0, eq).trim();
            if (!resources.names().contains(name)) {
                throw new IllegalArgumentException("Option resnapshotInterval names resource '" + name + "', which"
                                                   + " stripe-sync:" + resourceName + " does not follow (it follows "
                                                   + String.join(",", resources.names()) + ")");
            }
            if (every.containsKey(name) || part.substring(eq + 1).isBlank()) {
                throw new IllegalArgumentException("Option resnapshotInterval gives resource '" + name + "' "
                                                   + (every.containsKey(name) ? "twice" : "no duration"));
            }
            long millis = resnapshotMillis(part.substring(eq + 1).trim(), name);
            every.put(name, millis);
        }
        // resources the list leaves out keep their default
        resources.resources().stream().filter(r -> !every.containsKey(r.name()) && r.changesWithoutEvents())
                .forEach(r -> every.put(r.name(), DEFAULT_RESNAPSHOT_INTERVAL_MILLIS));
        every.values().removeIf(m -> m == 0);
        return every;
    }

    private static long resnapshotMillis(String text, String resource) {
        Long millis = OptionTextCheck.durationMillis(text);
        String what = "Option resnapshotInterval" + (resource == null ? "" : " of resource '" + resource + "'");
        if (millis == null) {
            throw new IllegalArgumentException(what + " must be a duration (24h, 90m, 86400000) or 0, was '" + text + "'");
        }
        if (millis != 0 && millis < MIN_RESNAPSHOT_INTERVAL_MILLIS) {
            throw new IllegalArgumentException(what + " must be 0 (none) or at least 1m (each re-read lists the resource"
                                               + " whole), was '" + text + "'");
        }
        return millis;
    }

    public SnapshotMode getSnapshotMode() {
        return snapshotMode;
    }

    public void setSnapshotMode(SnapshotMode snapshotMode) {
        this.snapshotMode = snapshotMode;
    }

    /** snapshotMode, or what the older snapshot option says (validated: the two never disagree). */
    public SnapshotMode effectiveSnapshotMode() {
        if (snapshotMode != null) {
            return snapshotMode;
        }
        return snapshot ? SnapshotMode.initial : SnapshotMode.never;
    }

    /** Whether a stream without a stored position starts with a snapshot (snapshotMode, or the older option). */
    public boolean snapshotsAtFirstStart() {
        return effectiveSnapshotMode().atFirstStart();
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public StateRepository<String, String> getStateRepository() {
        return stateRepository;
    }

    public void setStateRepository(StateRepository<String, String> stateRepository) {
        this.stateRepository = stateRepository;
    }

    public String getStateKey() {
        return stateKey;
    }

    public void setStateKey(String stateKey) {
        this.stateKey = stateKey;
    }

    public BodyType getBodyType() {
        return bodyType;
    }

    public void setBodyType(BodyType bodyType) {
        this.bodyType = bodyType;
    }

    public ProducerOperation getOperation() {
        return operation;
    }

    public void setOperation(ProducerOperation operation) {
        this.operation = operation;
    }

    public String getAction() {
        return action;
    }

    public void setAction(String action) {
        this.action = action;
    }

    public String getExpand() {
        return expand;
    }

    public void setExpand(String expand) {
        this.expand = expand;
    }

    public boolean isStreamList() {
        return streamList;
    }

    public void setStreamList(boolean streamList) {
        this.streamList = streamList;
    }

    public long getEventLookback() {
        return eventLookback;
    }

    public void setEventLookback(long eventLookback) {
        this.eventLookback = eventLookback;
    }

    public boolean isCompleteNestedLists() {
        return completeNestedLists;
    }

    public void setCompleteNestedLists(boolean completeNestedLists) {
        this.completeNestedLists = completeNestedLists;
    }

    public EventFilter getEventFilter() {
        return eventFilter;
    }

    public void setEventFilter(EventFilter eventFilter) {
        this.eventFilter = eventFilter;
    }

    public RehydrateMode getRehydrate() {
        return rehydrate;
    }

    public void setRehydrate(RehydrateMode rehydrate) {
        this.rehydrate = rehydrate;
    }

    public EventsExpiredAction getOnEventsExpired() {
        return onEventsExpired;
    }

    public void setOnEventsExpired(EventsExpiredAction onEventsExpired) {
        this.onEventsExpired = onEventsExpired;
    }

    public String getStateFile() {
        return stateFile;
    }

    public void setStateFile(String stateFile) {
        this.stateFile = stateFile;
    }

    public int getMaxMessagesPerPoll() {
        return maxMessagesPerPoll;
    }

    public void setMaxMessagesPerPoll(int maxMessagesPerPoll) {
        this.maxMessagesPerPoll = maxMessagesPerPoll;
    }

    public String getProxyHost() {
        return proxyHost;
    }

    public void setProxyHost(String proxyHost) {
        this.proxyHost = proxyHost;
    }

    public Integer getProxyPort() {
        return proxyPort;
    }

    public void setProxyPort(Integer proxyPort) {
        this.proxyPort = proxyPort;
    }

    public ProxySslType getProxySslType() {
        return proxySslType;
    }

    public void setProxySslType(ProxySslType proxySslType) {
        this.proxySslType = proxySslType;
    }

    public ProxyAuthScheme getProxyAuthScheme() {
        return proxyAuthScheme;
    }

    public void setProxyAuthScheme(ProxyAuthScheme proxyAuthScheme) {
        this.proxyAuthScheme = proxyAuthScheme;
    }

    public SSLContextParameters getSslContextParameters() {
        return sslContextParameters;
    }

    public void setSslContextParameters(SSLContextParameters sslContextParameters) {
        this.sslContextParameters = sslContextParameters;
    }

    public String getProxyUsername() {
        return proxyUsername;
    }

    public void setProxyUsername(String proxyUsername) {
        this.proxyUsername = proxyUsername;
    }

    public String getProxyPassword() {
        return proxyPassword;
    }

    public void setProxyPassword(String proxyPassword) {
        this.proxyPassword = proxyPassword;
    }

    public String getWebhookSecret() {
        return webhookSecret;
    }

    /** Blank is not given, as for apiKey: a placeholder with an empty default ({{env:STRIPE_WEBHOOK_SECRET:}}) leaves it unset. */
    public void setWebhookSecret(String webhookSecret) {
        this.webhookSecret = webhookSecret == null || webhookSecret.isBlank() ? null : webhookSecret;
    }

    public long getWebhookTolerance() {
        return webhookTolerance;
    }

    public void setWebhookTolerance(long webhookTolerance) {
        this.webhookTolerance = webhookTolerance;
    }

    public boolean isWebhookDeleteOnStop() {
        return webhookDeleteOnStop;
    }

    public void setWebhookDeleteOnStop(boolean webhookDeleteOnStop) {
        this.webhookDeleteOnStop = webhookDeleteOnStop;
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** apiVersion's value for the stream's own version: the account's, discovered at each start. */
    public static final String ACCOUNT_VERSION = "account";
    /** apiVersion's value for stripe-java's pinned version. */
    public static final String PINNED_VERSION = "pinned";
    private static final Pattern VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(\\.[a-z]+)?");

    private void validateApiVersion() {
        if (apiVersion == null) {
            return;
        }
        if (!apiVersion.equals(ACCOUNT_VERSION) && !apiVersion.equals(PINNED_VERSION) && !VERSION.matcher(apiVersion).matches()) {
            throw new IllegalArgumentException("Option apiVersion must be pinned, account or a Stripe API version such as"
                                               + " 2024-06-20 or " + StripeGateway.API_VERSION + ", was '"
                                               + apiVersion + "'");
        }
        if (bodyType == BodyType.object && !apiVersion.equals(PINNED_VERSION)
            && !apiVersion.equals(StripeGateway.API_VERSION)) {
            throw new IllegalArgumentException("Option apiVersion=" + apiVersion + " needs bodyType=json or map:"
                                               + " bodyType=object makes stripe-java models, which are made for its"
                                               + " pinned version " + StripeGateway.API_VERSION);
        }
    }

    /**
     * The version the stream's requests name: null for the account's own (learnt from its events, and Stripe's default
     * for a webhook endpoint made without one), else stripe-java's pinned one or the one given.
     */
    public String streamApiVersion() {
        String version = effectiveApiVersion();
        if (ACCOUNT_VERSION.equals(version)) {
            return null;
        }
        return PINNED_VERSION.equals(version) ? StripeGateway.API_VERSION : version;
    }

    /** apiVersion as given, or its default for the body type: pinned for typed bodies, the account's for JSON. */
    public String effectiveApiVersion() {
        if (apiVersion != null) {
            return apiVersion;
        }
        return bodyType == BodyType.object ? PINNED_VERSION : ACCOUNT_VERSION;
    }

    public Long getReadAllocation() {
        return readAllocation;
    }

    public void setReadAllocation(Long readAllocation) {
        this.readAllocation = readAllocation;
    }

    public String getApiVersion() {
        return apiVersion;
    }

    public void setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    public Long getMaxIdleDelay() {
        return maxIdleDelay;
    }

    /** The configured maxIdleDelay, or 12 times the consumer's delay, at most a minute (15 minutes with accounts). */
    public long effectiveMaxIdleDelay(long delayMillis) {
        if (maxIdleDelay != null) {
            return maxIdleDelay;
        }
        // thousands of accounts polled every minute would spend the key's whole rate on idle accounts
        return accounts != null ? DEFAULT_ACCOUNT_MAX_IDLE_DELAY_MILLIS
                : Math.min(delayMillis * IDLE_DELAYS, DEFAULT_MAX_IDLE_DELAY_MILLIS);
    }

    public void setMaxIdleDelay(Long maxIdleDelay) {
        this.maxIdleDelay = maxIdleDelay;
    }

    public long getRateLimitMaxWait() {
        return rateLimitMaxWait;
    }

    public void setRateLimitMaxWait(long rateLimitMaxWait) {
        this.rateLimitMaxWait = rateLimitMaxWait;
    }

    public long getReadTimeout() {
        return readTimeout;
    }

    public void setReadTimeout(long readTimeout) {
        this.readTimeout = readTimeout;
    }

    public Integer getMaxRequestsPerSecond() {
        return maxRequestsPerSecond;
    }

    public void setMaxRequestsPerSecond(Integer maxRequestsPerSecond) {
        this.maxRequestsPerSecond = maxRequestsPerSecond;
    }

    public int getMaxNetworkRetries() {
        return maxNetworkRetries;
    }

    public void setMaxNetworkRetries(int maxNetworkRetries) {
        this.maxNetworkRetries = maxNetworkRetries;
    }

    @Override
    public String toString() {
        return "StripeSyncConfiguration[resourceName=" + resourceName + ", apiKey=" + ApiKeys.mask(apiKey)
               + ", apiBase=" + apiBase + ", accountId=" + accountId + ", batchSize=" + batchSize + "]";
    }
}
