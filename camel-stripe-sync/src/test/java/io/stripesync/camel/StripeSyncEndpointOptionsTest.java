package io.stripesync.camel;

import java.util.HashMap;
import java.util.Map;

import com.stripe.StripeClient;
import io.stripesync.camel.catalog.StripeCatalog;
import io.stripesync.camel.source.SnapshotMode;
import org.apache.camel.CamelContext;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.PropertyBindingSupport;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Endpoint options: resolution, defaults, values read back, and every validation failing at endpoint creation. */
class StripeSyncEndpointOptionsTest {

    private static final String KEY = "sk_test_51AbCdEfGhIjKlMnOpQrStUv4242";

    private CamelContext context;

    @BeforeEach
    void start() {
        context = new DefaultCamelContext();
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private StripeSyncEndpoint endpoint(String uri) {
        return context.getEndpoint(uri, StripeSyncEndpoint.class);
    }

    private String failure(String uri) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> context.getEndpoint(uri));
        assertThat(t).as("endpoint creation of %s must fail", uri).isInstanceOf(ResolveEndpointFailedException.class);
        return t.getMessage();
    }

    @Test
    void resolvesAndReadsBackValues() {
        StripeSyncEndpoint e = endpoint("stripe-sync:customer?apiKey=sk_test_x&batchSize=50");
        StripeSyncConfiguration c = e.getConfiguration();
        assertThat(c.getResourceName()).isEqualTo("customer");
        assertThat(c.getApiKey()).isEqualTo("sk_test_x");
        assertThat(c.getBatchSize()).isEqualTo(50);
        assertThat(e.getResource().listPath()).isEqualTo("/v1/customers");
        assertThat(e.getResource().eventTypes()).containsExactlyInAnyOrder("customer.created", "customer.updated",
                "customer.deleted");
    }

    @Test
    void defaults() {
        StripeSyncConfiguration c = endpoint("stripe-sync:invoice?apiKey=sk_test_x").getConfiguration();
        assertThat(c.getApiBase()).isEqualTo("https://api.stripe.com");
        assertThat(c.isSnapshot()).isTrue();
        assertThat(c.getBatchSize()).isEqualTo(100);
        assertThat(c.getBodyType()).isEqualTo(BodyType.object);
        assertThat(c.getConnectTimeout()).isEqualTo(30_000);
        assertThat(c.getReadTimeout()).isEqualTo(80_000);
        assertThat(c.getMaxNetworkRetries()).isEqualTo(2);
        assertThat(c.getAccountId()).isNull();
        assertThat(c.getStateKey()).isNull();
        assertThat(c.getEventLookback()).isEqualTo(60_000);
        assertThat(c.getMaxMessagesPerPoll()).isZero();
        assertThat(c.getOnEventsExpired()).isEqualTo(EventsExpiredAction.resnapshot);
        assertThat(c.isCompleteNestedLists()).isTrue();
        assertThat(c.getRehydrate()).isEqualTo(io.stripesync.camel.source.RehydrateMode.auto);
        assertThat(c.getEventFilter()).isEqualTo(io.stripesync.camel.source.EventFilter.auto);
        assertThat(c.getStateFile()).endsWith(".camel-stripe-sync/positions.dat");
        assertThat(c.getOperation()).isNull();
        assertThat(c.isStreamList()).isFalse();
        assertThat(c.getMaxRequestsPerSecond()).isNull();
        assertThat(c.effectiveMaxRequestsPerSecond()).as("test key").isEqualTo(24);
        assertThat(endpoint("stripe-sync:invoice?apiKey=sk_live_x").getConfiguration().effectiveMaxRequestsPerSecond())
                .as("live key").isEqualTo(96);
        assertThat(c.getRateLimitMaxWait()).isEqualTo(120_000);
        assertThat(c.getMaxIdleDelay()).isNull();
        assertThat(c.effectiveMaxIdleDelay(5000)).as("12 delays").isEqualTo(60_000);
        assertThat(c.effectiveMaxIdleDelay(1000)).as("12 delays").isEqualTo(12_000);
        assertThat(c.effectiveMaxIdleDelay(60_000)).as("at most a minute: a webhook backstop does not grow")
                .isEqualTo(60_000);
        assertThat(c.getApiVersion()).isNull();
        assertThat(c.effectiveApiVersion()).as("typed bodies: pinned").isEqualTo("pinned");
        assertThat(endpoint(keyedComponent("sk_live_x") + ":invoice?bodyType=map").getConfiguration().effectiveApiVersion())
                .as("JSON bodies: the account's").isEqualTo("account");
    }

    @Test
    void everyOptionIsSettable() {
        MemoryStateRepository repo = new MemoryStateRepository();
        context.getRegistry().bind("positions", repo);
        StripeSyncConfiguration c = endpoint("stripe-sync:checkout.session?apiKey=rk_live_abcdefgh1234"
                                             + "&apiBase=http://localhost:12111&accountId=acct_123&snapshot=false"
                                             + "&stateRepository=#positions&stateKey=eu&bodyType=json"
                                             + "&proxyHost=proxy.local&proxyPort=3128&proxyUsername=u&proxyPassword=p"
                                             + "&connectTimeout=5s&readTimeout=1m&maxNetworkRetries=0"
                                             + "&completeNestedLists=false&rehydrate=always&eventFilter=all"
                                             + "&rateLimitMaxWait=30s&maxIdleDelay=2m&apiVersion=2024-06-20")
                .getConfiguration();
        assertThat(c.getRateLimitMaxWait()).isEqualTo(30_000);
        assertThat(c.getMaxIdleDelay()).isEqualTo(120_000);
        assertThat(c.getApiVersion()).isEqualTo("2024-06-20");
        assertThat(c.clientSettings(null).rateLimitMaxWaitMillis()).isEqualTo(30_000);
        assertThat(c.getEventFilter()).isEqualTo(io.stripesync.camel.source.EventFilter.all);
        assertThat(c.isCompleteNestedLists()).isFalse();
        assertThat(c.getRehydrate()).isEqualTo(io.stripesync.camel.source.RehydrateMode.always);
        assertThat(c.getResourceName()).isEqualTo("checkout.session");
        assertThat(c.getApiBase()).isEqualTo("http://localhost:12111");
        assertThat(c.getAccountId()).isEqualTo("acct_123");
        assertThat(c.isSnapshot()).isFalse();
        assertThat(c.getStateRepository()).isSameAs((StateRepository<String, String>) repo);
        assertThat(c.getStateKey()).isEqualTo("eu");
        assertThat(c.getBodyType()).isEqualTo(BodyType.json);
        assertThat(c.getProxyHost()).isEqualTo("proxy.local");
        assertThat(c.getProxyPort()).isEqualTo(3128);
        assertThat(c.getProxyUsername()).isEqualTo("u");
        assertThat(c.getProxyPassword()).isEqualTo("p");
        assertThat(c.getConnectTimeout()).isEqualTo(5_000);
        assertThat(c.getReadTimeout()).isEqualTo(60_000);
        assertThat(c.getMaxNetworkRetries()).isZero();
    }

    @Test
    void rateLimitIdleAndVersionOptionsAreCheckedAtCreation() {
        String test = keyedComponent("sk_test_x");
        assertThat(failure(test + ":customer?rateLimitMaxWait=-1")).contains("Option rateLimitMaxWait must be 0")
                .contains("was -1 ms");
        assertThat(failure(test + ":customer?readAllocation=0")).contains("Option readAllocation must be a positive number")
                .contains("was 0");
        assertThat(failure(test + ":customer?maxIdleDelay=-5")).contains("Option maxIdleDelay must be 0 (no growth)")
                .contains("was -5 ms");
        assertThat(failure(test + ":customer?bodyType=map&apiVersion=yesterday"))
                .contains("Option apiVersion must be pinned, account or a Stripe API version").contains("'yesterday'");
        assertThat(failure(test + ":customer?apiVersion=account"))
                .contains("Option apiVersion=account needs bodyType=json or map");
        assertThat(endpoint(test + ":customer?apiVersion=" + com.stripe.Stripe.API_VERSION).getConfiguration()
                .effectiveApiVersion()).as("typed bodies at the pinned version, named").isEqualTo(com.stripe.Stripe.API_VERSION);
        assertThat(endpoint(test + ":customer?bodyType=json&apiVersion=2025-03-31.basil").getConfiguration()
                .effectiveApiVersion()).isEqualTo("2025-03-31.basil");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> endpoint(test
                + ":customer?operation=create&bodyType=map&apiVersion=account").createProducer()))
                .hasMessageContaining("Option apiVersion of stripe-sync:customer applies to consumers only");
    }

    @Test
    void batchSizeOutOfRangeFailsAtCreation() {
        assertThat(failure("stripe-sync:customer?apiKey=sk_test_x&batchSize=0"))
                .contains("Option batchSize must be between 1 and 100").contains("was 0");
        assertThat(failure("stripe-sync:customer?apiKey=sk_test_x&batchSize=101"))
                .contains("Option batchSize must be between 1 and 100").contains("was 101");
    }

    /** A component with the key on it, as the docs advise, under its own name: the URIs then carry no key. */
    private String keyedComponent(String key) {
        String name = "stripe-sync-" + (key.startsWith("sk_live_") ? "live" : "test");
        if (context.hasComponent(name) == null) {
            StripeSyncComponent component = new StripeSyncComponent();
            component.getConfiguration().setApiKey(key);
            context.addComponent(name, component);
        }
        return name;
    }

    @Test
    void snapshotParallelismAndPagesInMemoryAreCheckedAtCreation() {
        String test = keyedComponent("sk_test_x");
        String live = keyedComponent("sk_live_x");
        assertThat(failure(test + ":customer?snapshotParallelism=0"))
                .contains("Option snapshotParallelism must be between 1 and 64, was 0");
        assertThat(failure(test + ":customer?snapshotParallelism=65"))
                .contains("Option snapshotParallelism must be between 1 and 64, was 65");
        assertThat(failure(test + ":customer?snapshotParallelism=many"))
                .contains("snapshotParallelism").contains("many");
        assertThat(failure(test + ":customer?snapshotPagesInMemory=0"))
                .contains("Option snapshotPagesInMemory must be between 1 and 1000, was 0");
        // the default follows the pace of one list endpoint (24/s, or the key's when lower): rate x 0.4 s
        assertThat(endpoint(test + ":customer").getConfiguration().effectiveSnapshotParallelism())
                .isEqualTo(10);
        assertThat(endpoint(live + ":customer").getConfiguration().effectiveSnapshotParallelism())
                .isEqualTo(10);
        assertThat(endpoint(live + ":customer?maxRequestsPerSecond=100").getConfiguration()
                .effectiveSnapshotParallelism()).isEqualTo(10);
        assertThat(endpoint(live + ":customer?maxRequestsPerSecond=5").getConfiguration()
                .effectiveSnapshotParallelism()).isEqualTo(2);
        assertThat(endpoint(live + ":customer?maxRequestsPerSecond=0").getConfiguration()
                .effectiveSnapshotParallelism()).isEqualTo(16);
        assertThat(endpoint(test + ":customer?snapshotParallelism=3").getConfiguration()
                .effectiveSnapshotParallelism()).isEqualTo(3);
    }

    @Test
    void unknownResourceNamesTheValueAndSuggests() {
        String message = failure("stripe-sync:custmer?apiKey=sk_test_x");
        assertThat(message).contains("Unknown Stripe resource 'custmer'").contains("resourceName")
                .contains("Did you mean: customer");
        assertThat(failure("stripe-sync:checkout.sesion?apiKey=sk_test_x")).contains("Did you mean: checkout.session");
    }

    @Test
    void severalResourcesAreCheckedAtCreationAndTheProducerRefusesThem() throws Exception {
        String test = keyedComponent("sk_test_x");
        StripeSyncEndpoint list = endpoint(test + ":customer, subscription,invoice");
        assertThat(list.getResources().names()).containsExactly("customer", "subscription", "invoice");
        assertThat(list.getResources().several()).isTrue();
        assertThat(list.positionStore().key()).isEqualTo("stripe-sync/test/platform/resources");
        assertThat(endpoint(test + ":customer,invoice?stateKey=billing").positionStore().key())
                .isEqualTo("stripe-sync/test/platform/resources/billing");
        assertThat(failure(test + ":customer,invoce")).contains("Unknown Stripe resource 'invoce'")
                .contains("resourceName").contains("Did you mean: invoice");
        assertThat(failure(test + ":customer,invoice,customer")).contains("Option resourceName names customer twice");
        assertThat(failure(test + ":customer,,invoice")).contains("Option resourceName has an empty name");
        assertThat(failure(test + ":customer,*")).contains("* stands alone");
        assertThat(failure(test + ":customer,person")).contains("Resource 'person' lives under a connected account")
                .contains("option accountId is required");

        StripeSyncEndpoint every = endpoint(test + ":*?excludeResources=file,reporting.report_run");
        assertThat(every.getResources().names()).hasSize(49).contains("customer", "invoice", "checkout.session")
                .doesNotContain("file", "reporting.report_run", "person", "capability");
        assertThat(every.getResources().resources()).allSatisfy(r -> assertThat(r.hasEvents()).isTrue());
        assertThat(endpoint(test + ":*").getResources().names()).hasSize(51);
        assertThat(endpoint(test + ":*?accountId=acct_1").getResources().names()).contains("person", "capability");
        assertThat(failure(test + ":*?excludeResources=fille")).contains("Unknown Stripe resource 'fille'")
                .contains("excludeResources").contains("Did you mean: file");
        assertThat(failure(test + ":customer,invoice?excludeResources=invoice"))
                .contains("Option excludeResources applies to stripe-sync:* only");
        assertThat(failure(test + ":customer,invoice?operation=create"))
                .contains("Option operation of stripe-sync:customer,invoice: a producer works on one resource per call");

        assertThatThrownBy(() -> list.createProducer()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stripe-sync:customer, subscription,invoice names several resources: a producer"
                                      + " works on one resource per call");
        // several resources are read by as many readers as the key's rate keeps busy: 24/s (test) or 96/s (live) x 0.4 s
        assertThat(list.getConfiguration().effectiveSnapshotReaders(3)).isEqualTo(10);
        assertThat(endpoint(keyedComponent("sk_live_x") + ":customer,invoice,price,product").getConfiguration()
                .effectiveSnapshotReaders(4)).isEqualTo(39);
    }

    @Test
    void missingApiKeyNamesTheOption() {
        assertThat(failure("stripe-sync:customer")).contains("Option apiKey is required")
                .contains("camel.component.stripe-sync.api-key");
        assertThat(failure("stripe-sync:customer?apiKey=")).contains("Option apiKey is required");
    }

    @Test
    void publishableKeyIsRefusedWithoutEchoingIt() {
        String message = failure("stripe-sync:customer?apiKey=pk_test_abcdefghijklmnop9876");
        assertThat(message).contains("Option apiKey must be a secret (sk_...) or restricted (rk_...) key")
                .contains("pk_test_...9876").contains("publishable").doesNotContain("abcdefghijklmnop");
    }

    @Test
    void snapshotModeAndTheOlderSnapshotOption() {
        String test = keyedComponent("sk_test_x");
        assertThat(endpoint(test + ":customer").getConfiguration().effectiveSnapshotMode())
                .isEqualTo(SnapshotMode.initial);
        assertThat(endpoint(test + ":customer?snapshot=false").getConfiguration()
                .effectiveSnapshotMode()).isEqualTo(SnapshotMode.never);
        assertThat(endpoint(test + ":customer?snapshot=true").getConfiguration()
                .effectiveSnapshotMode()).isEqualTo(SnapshotMode.initial);
        StripeSyncConfiguration always = endpoint(test + ":customer?snapshotMode=always&snapshot=true"
                                                  + "&roundMarkers=true").getConfiguration();
        assertThat(always.effectiveSnapshotMode()).isEqualTo(SnapshotMode.always);
        assertThat(always.snapshotsAtFirstStart()).isTrue();
        assertThat(always.isRoundMarkers()).isTrue();
        assertThat(endpoint(test + ":customer?snapshotMode=never").getConfiguration()
                .snapshotsAtFirstStart()).isFalse();
        assertThat(failure(test + ":customer?snapshotMode=always&snapshot=false"))
                .contains("Option snapshot=false contradicts snapshotMode=always: snapshot is the older form of"
                          + " snapshotMode (false is never); give snapshotMode only");
        assertThat(failure(test + ":customer?snapshotMode=initial&snapshot=false"))
                .contains("Option snapshot=false contradicts snapshotMode=initial");
        assertThat(endpoint(test + ":customer?snapshotMode=never&snapshot=false").getConfiguration()
                .effectiveSnapshotMode()).as("they agree").isEqualTo(SnapshotMode.never);
        assertThat(failure(test + ":customer?snapshotMode=when_needed&onEventsExpired=fail"))
                .contains("Option snapshotMode=when_needed takes a new snapshot when events expired, which"
                          + " onEventsExpired=fail forbids");
        assertThat(failure(test + ":customer?snapshotMode=sometimes"))
                .contains("snapshotMode").contains("sometimes");
    }

    @Test
    void resnapshotIntervalDefaultsPerResourceFromTheCatalogAndIsCheckedAtCreation() {
        String test = keyedComponent("sk_test_x");
        StripeSyncEndpoint several = endpoint(test + ":customer,invoiceitem,shipping_rate,transfer");
        assertThat(several.getConfiguration().resnapshotIntervals(several.getResources()))
                .as("resources whose changes reach no event: daily").containsOnlyKeys("invoiceitem", "shipping_rate",
                        "transfer").containsValue(86_400_000L);
        StripeSyncEndpoint all = endpoint(test + ":customer,invoiceitem?resnapshotInterval=6h");
        assertThat(all.getConfiguration().resnapshotIntervals(all.getResources()))
                .isEqualTo(Map.of("customer", 21_600_000L, "invoiceitem", 21_600_000L));
        StripeSyncEndpoint none = endpoint(test + ":invoiceitem?resnapshotInterval=0");
        assertThat(none.getConfiguration().resnapshotIntervals(none.getResources())).isEmpty();
        StripeSyncEndpoint each = endpoint(test + ":customer,invoiceitem,transfer"
                                           + "?resnapshotInterval=customer=12h,invoiceitem=0");
        assertThat(each.getConfiguration().resnapshotIntervals(each.getResources()))
                .as("transfer, left out, keeps its default").isEqualTo(Map.of("customer", 43_200_000L, "transfer",
                        86_400_000L));
        assertThat(failure(test + ":invoiceitem?stateKey=digests"))
                .contains("Option stateKey must not be 'digests'");
        assertThat(failure(test + ":invoiceitem?resnapshotInterval=daily"))
                .contains("Option resnapshotInterval must be a duration (24h, 90m, 86400000) or 0, was 'daily'");
        assertThat(failure(test + ":invoiceitem?resnapshotInterval=30s"))
                .contains("Option resnapshotInterval must be 0 (none) or at least 1m");
        assertThat(failure(test + ":customer,invoiceitem?resnapshotInterval=invoice=6h"))
                .contains("Option resnapshotInterval names resource 'invoice', which stripe-sync:customer,invoiceitem"
                          + " does not follow (it follows customer,invoiceitem)");
        assertThat(failure(test + ":customer,invoiceitem?resnapshotInterval=customer=6h,6h"))
                .contains("Option resnapshotInterval: '6h' in 'customer=6h,6h' is not resource=duration");
        assertThat(failure(test + ":customer,invoiceitem?resnapshotInterval=customer=6h,customer=1h"))
                .contains("Option resnapshotInterval gives resource 'customer' twice");
        assertThat(failure(test + ":customer?resnapshotInterval=customer=5s"))
                .contains("Option resnapshotInterval of resource 'customer' must be 0 (none) or at least 1m");
    }

    @Test
    void accountsOptionsAreCheckedAtCreationAndTheProducerRefusesThem() {
        String test = keyedComponent("sk_test_x");
        StripeSyncEndpoint listed = endpoint(test + ":customer,person?accounts=acct_1, acct_2&accountReaders=4"
                                             + "&accountShards=3&accountShard=2");
        assertThat(listed.getConfiguration().accountList()).containsExactly("acct_1", "acct_2");
        assertThat(listed.getConfiguration().getAccountReaders()).isEqualTo(4);
        assertThat(listed.getConfiguration().effectiveMaxIdleDelay(5000)).as("an idle account's longest delay")
                .isEqualTo(900_000L);
        StripeSyncEndpoint all = endpoint(test + ":customer?accounts=all&accountsRefreshInterval=30s");
        assertThat(all.getConfiguration().accountList()).as("discovered").isNull();
        assertThat(all.getConfiguration().effectiveAccountsRefreshInterval()).isEqualTo(30_000L);
        assertThat(endpoint(test + ":customer?accounts=all").getConfiguration().effectiveAccountsRefreshInterval())
                .isEqualTo(600_000L);
        assertThat(failure(test + ":customer?accounts=acct_1&accountId=acct_2"))
                .contains("Options accountId and accounts exclude each other");
        assertThat(failure(test + ":customer?accounts=acct_1,cus_2"))
                .contains("Option accounts must be all or Connect account ids (acct_...) separated by commas, was"
                          + " 'acct_1,cus_2' ('cus_2' is not an account id)");
        assertThat(failure(test + ":customer?accounts=acct_1,acct_1")).contains("Option accounts names acct_1 twice");
        assertThat(failure(test + ":customer?accounts=acct_1&accountsRefreshInterval=1m"))
                .contains("Option accountsRefreshInterval applies to accounts=all only");
        assertThat(failure(test + ":customer?accounts=all&accountsRefreshInterval=500"))
                .contains("Option accountsRefreshInterval must be at least 1s, was 500 ms");
        assertThat(failure(test + ":customer?accounts=all&accountReaders=0"))
                .contains("Option accountReaders must be between 1 and 64, was 0");
        assertThat(failure(test + ":customer?accounts=all&accountShards=2&accountShard=2"))
                .contains("Option accountShard must be between 0 and accountShards - 1 (1), was 2");
        assertThat(failure(test + ":customer?accounts=all&accountShards=0"))
                .contains("Option accountShards must be between 1 and 1000, was 0");
        assertThat(failure(test + ":customer?accountShards=2&accountShard=1"))
                .contains("Option accountShards/accountShard applies to a consumer of several accounts: set accounts");
        assertThat(failure(test + ":customer?accountsRefreshInterval=1m&accountReaders=2"))
                .contains("Option accountsRefreshInterval and accountReaders applies to a consumer of several accounts");
        assertThat(failure(test + ":customer,invoiceitem?accounts=all"))
                .contains("Scheduled re-reads (resnapshotInterval's default for invoiceitem) are not available with"
                          + " accounts yet");
        assertThat(endpoint(test + ":customer,invoiceitem?accounts=all&resnapshotInterval=0").getConfiguration()
                .accountList()).isNull();
        assertThatThrownBy(() -> endpoint(test + ":customer?operation=list&accounts=all").createProducer())
                .hasMessageContaining("Option accounts of stripe-sync:customer applies to consumers only");
    }

    @Test
    void otherValidations() {
        assertThat(failure("stripe-sync:customer?apiKey=sk_test_x&accountId=123"))
                .contains("Option accountId must be a Connect account id starting with acct_, was '123'");
        assertThat(failure("stripe-sync:person?apiKey=sk_test_x"))
                .contains("Resource 'person' lives under a connected account").contains("option accountId is required");
        assertThat(failure("stripe-sync:customer?apiKey=sk_test_x&apiBase=ftp://x"))
                .contains("Option apiBase 'ftp://x' is invalid");
        assertThat(failure("stripe-sync:customer?apiKey=sk_test_x&apiBase=http://localhost:1/v1"))
                .contains("Option apiBase").contains("must not have a path");
        assertThat(failure("stripe-sync:customer?apiKey=sk_test_x&proxyHost=p"))
                .contains("Option proxyPort must be between 1 and 65535 when proxyHost is set, was null");
        assertThat(failure("stripe-sync:customer?apiKey=sk_test_x&proxyPort=80"))
                .contains("Options proxyPort, proxySslType, proxyAuthScheme, proxyUsername and proxyPassword need proxyHost");
        assertThat(failure("stripe-sync:customer?apiKey=sk_test_x&proxyHost=p&proxyPort=80&proxyPassword=secretpw"))
                .contains("Option proxyPassword needs proxyUsername").doesNotContain("secretpw");
        assertThat(failure("stripe-sync:customer?apiKey=sk_test_x&connectTimeout=0"))
                .contains("Option connectTimeout must be a positive duration");
        assertThat(failure("stripe-sync:customer?apiKey=sk_test_x&readTimeout=-5"))
                .contains("Option readTimeout must be a positive duration");
        assertThat(failure("stripe-sync:customer?apiKey=sk_test_x&maxNetworkRetries=-1"))
                .contains("Option maxNetworkRetries must be 0 or more, was -1");
        assertThat(failure("stripe-sync:customer?apiKey=sk_test_x&stateKey=%20"))
                .contains("Option stateKey must not be blank");
        // the whole sentence: a check for "bodyType" and "xml" alone would pass on the URI the message echoes
        assertThat(failure(keyedComponent("sk_test_x") + ":customer?bodyType=xml"))
                .contains("Option bodyType must be one of object, json, map, was 'xml'");
        assertThat(failure("stripe-sync:customer?apiKey=sk_test_x&maxRequestsPerSecond=-1"))
                .contains("Option maxRequestsPerSecond must be 0 (no pacing) or more, was -1");
        assertThat(failure("stripe-sync:customer?apiKey=sk_test_x&eventLookback=25h"))
                .contains("Option eventLookback must be between 0 and 24h, was 90000000 ms");
        assertThat(failure("stripe-sync:customer?apiKey=sk_test_x&maxMessagesPerPoll=-2"))
                .contains("Option maxMessagesPerPoll must be 0 or more, was -2");
        assertThat(failure(keyedComponent("sk_test_x") + ":customer?onEventsExpired=ignore"))
                .contains("Option onEventsExpired must be one of resnapshot, fail, was 'ignore'");
        assertThat(failure("stripe-sync:customer?apiKey=sk_test_x&eventFilter=some"))
                .contains("Option eventFilter must be one of auto, exact, all, was 'some'");
        assertThat(failure("stripe-sync:customer?apiKey=sk_test_x&rehydrate=sometimes"))
                .contains("Option rehydrate must be one of auto, always, never, was 'sometimes'");
        assertThat(failure("stripe-sync:customer?apiKey=sk_test_x&stateFile=%20"))
                .contains("Option stateFile must not be blank when no stateRepository is given");
        assertThat(failure("stripe-sync:customer?apiKey=sk_test_x&expand=%20")).contains("Option expand must not be blank");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({ "maxRequestsPerSecond,abc,a whole number", "eventLookback,abc,milliseconds or a duration such as 30s or 1m",
                 "maxNetworkRetries,abc,a whole number", "maxMessagesPerPoll,abc,a whole number",
                 "batchSize,abc,a whole number", "connectTimeout,abc,milliseconds or a duration such as 30s or 1m",
                 "readTimeout,10 parsecs,milliseconds or a duration such as 30s or 1m", "proxyPort,abc,a whole number",
                 "snapshot,maybe,true or false", "streamList,perhaps,true or false", "completeNestedLists,yes,true or false",
                 "delay,abc,a whole number or a duration such as 5s", "initialDelay,soon,a whole number or a duration such as 5s",
                 "backoffMultiplier,2x,a whole number", "greedy,very,true or false",
                 "timeUnit,FORTNIGHTS,'one of NANOSECONDS, MICROSECONDS, MILLISECONDS, SECONDS, MINUTES, HOURS, DAYS'" })
    void aValueThatCannotBeReadFailsAtCreationNamingTheOptionAndTheValue(String option, String value, String expected) {
        String uri = keyedComponent("sk_test_x") + ":customer?proxyHost=proxy.local&proxyPort=3128&" + option + "="
                     + value.replace(" ", "%20");
        if (option.equals("proxyPort")) {
            uri = keyedComponent("sk_test_x") + ":customer?proxyHost=proxy.local&proxyPort=abc";
        }
        assertThat(failure(uri)).contains("Option " + option + " must be " + expected + ", was '" + value + "'");
    }

    @Test
    void componentOptionsThatCannotBeReadFailNamingTheOptionAndTheValue() {
        StripeSyncComponent component = new StripeSyncComponent();
        context.addComponent("stripe-checked", component);
        for (String[] bad : new String[][] { { "maxRequestsPerSecond", "abc", "a whole number" },
                                             { "batch-size", "abc", "a whole number" },
                                             { "eventLookback", "later", "milliseconds or a duration such as 30s or 1m" },
                                             { "bodyType", "xml", "one of object, json, map" } }) {
            // how camel-main applies camel.component.stripe-sync.* properties
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> PropertyBindingSupport.setPropertiesOnTarget(
                    context, component, new HashMap<>(Map.of(bad[0], bad[1]))));
            assertThat(t).as(bad[0]).isNotNull();
            assertThat(org.apache.camel.util.ObjectHelper.getException(IllegalArgumentException.class, t)).as(bad[0])
                    .hasMessage("Option " + (bad[0].equals("batch-size") ? "batchSize" : bad[0]) + " must be " + bad[2]
                                + ", was '" + bad[1] + "'");
        }
        assertThat(component.getConfiguration().getMaxRequestsPerSecond()).as("pacing stays as it was").isNull();
        PropertyBindingSupport.setPropertiesOnTarget(context, component,
                new HashMap<>(Map.of("maxRequestsPerSecond", "12", "batch-size", "50")));
        assertThat(component.getConfiguration().getMaxRequestsPerSecond()).isEqualTo(12);
        assertThat(component.getConfiguration().getBatchSize()).isEqualTo(50);
    }

    @Test
    void readableValuesOfEveryTypeStillBind() {
        StripeSyncConfiguration c = endpoint(keyedComponent("sk_test_x") + ":customer?maxRequestsPerSecond=7&eventLookback=90s"
                                             + "&connectTimeout=1500&readTimeout=PT2M&snapshot=FALSE&bodyType=map"
                                             + "&delay=2s&initialDelay=100").getConfiguration();
        assertThat(c.getMaxRequestsPerSecond()).isEqualTo(7);
        assertThat(c.getEventLookback()).isEqualTo(90_000);
        assertThat(c.getConnectTimeout()).isEqualTo(1_500);
        assertThat(c.getReadTimeout()).isEqualTo(120_000);
        assertThat(c.isSnapshot()).isFalse();
        assertThat(c.getBodyType()).isEqualTo(BodyType.map);
    }

    @Test
    void unknownOptionIsRejectedByName() {
        assertThat(failure("stripe-sync:customer?apiKey=sk_test_x&bachSize=5")).contains("bachSize");
    }

    @Test
    void secretsNeverShowInToStringOrErrors() {
        StripeSyncEndpoint e = endpoint("stripe-sync:customer?apiKey=" + KEY
                                        + "&proxyHost=p&proxyPort=80&proxyUsername=u&proxyPassword=hunter2pw");
        assertThat(e.toString()).doesNotContain(KEY).doesNotContain("hunter2pw");
        assertThat(e.getConfiguration().toString()).doesNotContain(KEY).contains("sk_test_...4242");
        assertThat(e.getConfiguration().clientSettings(null).toString()).doesNotContain(KEY).doesNotContain("hunter2pw");
        assertThat(failure("stripe-sync:customer?apiKey=" + KEY + "&batchSize=0")).doesNotContain(KEY);
    }

    @Test
    void apiKeyOnTheComponentIsTheDefaultForEveryEndpoint() throws Exception {
        StripeSyncComponent component = context.getComponent("stripe-sync", StripeSyncComponent.class);
        PropertyBindingSupport.build().bind(context, component, "apiKey", "sk_test_fromcomponent");
        PropertyBindingSupport.build().bind(context, component, "batchSize", "25");
        StripeSyncEndpoint a = endpoint("stripe-sync:customer");
        StripeSyncEndpoint b = endpoint("stripe-sync:invoice?apiKey=sk_test_own&batchSize=10");
        assertThat(a.getConfiguration().getApiKey()).isEqualTo("sk_test_fromcomponent");
        assertThat(a.getConfiguration().getBatchSize()).isEqualTo(25);
        assertThat(b.getConfiguration().getApiKey()).isEqualTo("sk_test_own");
        assertThat(b.getConfiguration().getBatchSize()).isEqualTo(10);
        // the endpoint's copy must not leak back into the component's defaults
        assertThat(component.getConfiguration().getApiKey()).isEqualTo("sk_test_fromcomponent");
    }

    @Test
    void endpointsWithEqualSettingsShareOneClient() {
        StripeSyncComponent component = context.getComponent("stripe-sync", StripeSyncComponent.class);
        endpoint("stripe-sync:customer?apiKey=sk_test_a").gateway();
        endpoint("stripe-sync:invoice?apiKey=sk_test_a").gateway();
        assertThat(component.clientCount()).isEqualTo(1);
        endpoint("stripe-sync:invoice?apiKey=sk_test_b").gateway();
        endpoint("stripe-sync:invoice?apiKey=sk_test_a&accountId=acct_1").gateway();
        assertThat(component.clientCount()).isEqualTo(3);
        context.stop();
        assertThat(component.clientCount()).isZero();
    }

    @Test
    void aStripeClientBeanIsAutowiredAndNeverOwned() {
        context.getRegistry().bind("stripe", new StripeClient("sk_test_bean"));
        StripeSyncComponent component = context.getComponent("stripe-sync", StripeSyncComponent.class);
        StripeSyncEndpoint e = endpoint("stripe-sync:customer");
        assertThat(e.getConfiguration().getStripeClient()).isNotNull();
        e.gateway();
        assertThat(component.clientCount()).isZero();
    }

    @Test
    void catalogIsLoadedOnce() {
        assertThat(StripeCatalog.defaultCatalog()).isSameAs(StripeCatalog.defaultCatalog());
        assertThatThrownBy(() -> StripeCatalog.defaultCatalog().require("nope"))
                .hasMessageContaining("Unknown Stripe resource 'nope'");
    }
}
