package io.stripesync.camel;

import java.io.File;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

import io.stripesync.camel.catalog.StripeCatalog;
import io.stripesync.camel.catalog.ResourceSelection;
import io.stripesync.camel.client.AccountBudget;
import io.stripesync.camel.client.RequestRateLimiter;
import io.stripesync.camel.client.ResponseCounts;
import io.stripesync.camel.client.StripeClients;
import io.stripesync.camel.client.StripeGateway;
import io.stripesync.camel.options.OptionTextCheck;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.processor.state.FileStateRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code stripe-sync} component. Its configuration holds the defaults of every endpoint (set once, e.g.
 * {@code camel.component.stripe-sync.api-key}); its StripeClients are shared by endpoints with equal settings.
 */
@Component("stripe-sync")
public class StripeSyncComponent extends DefaultComponent {

    private static final Logger LOG = LoggerFactory.getLogger(StripeSyncComponent.class);

    @Metadata(description = "Defaults for every endpoint of this component")
    private StripeSyncConfiguration configuration = new StripeSyncConfiguration();

    private final StripeClients clients = new StripeClients();
    private volatile boolean warnedAboutSecretInUri;
    private final Map<String, FileStateRepository> fileStores = new ConcurrentHashMap<>();
    private final Map<SSLContextParameters, SSLContext> sslContexts = new IdentityHashMap<>();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        StripeSyncConfiguration config = configuration.copy();
        config.setResourceName(remaining);
        // Resolve the resources before binding the other options, so a misspelt resource is the first thing reported.
        ResourceSelection resources = ResourceSelection.parse(remaining, null, false, StripeCatalog.defaultCatalog());
        StripeSyncEndpoint endpoint = new StripeSyncEndpoint(uri, this, config, resources);
        if ((writtenInUri(parameters.get("apiKey")) || writtenInUri(parameters.get("proxyPassword"))
             || writtenInUri(parameters.get("webhookSecret")))
            && !warnedAboutSecretInUri) {
            warnedAboutSecretInUri = true;
            // Camel masks them in endpoint URIs, but route dumps and DEBUG logs of placeholders show the text as written
            LOG.warn("stripe-sync:{} has a secret (apiKey, proxyPassword or webhookSecret) in its URI: Camel's route dump"
                     + " shows URIs as written. Set it from a property placeholder or on the component"
                     + " (camel.component.stripe-sync.api-key, a secret option, masked everywhere) instead.",
                    remaining);
        }
        // with webhooks the poll is a backstop with a longer default delay, unless the URI says otherwise
        endpoint.setDelayGiven(parameters.containsKey("delay"));
        endpoint.setWebhookOptionsGiven(Stream.of("webhookSecret", "webhookTolerance", "webhookDeleteOnStop")
                .filter(parameters::containsKey).toList());
        endpoint.setApiVersionGiven(parameters.containsKey("apiVersion"));
        // Camel's conversion reads "abc" as 0 for a number: check the text first, naming the option and the value
        OptionTextCheck.check(parameters);
        setProperties(endpoint, parameters);
        endpoint.setResources(config.validate(StripeCatalog.defaultCatalog()));
        sslContext(config);
        if (config.sendsKeyInClearToProxy()) {
            LOG.warn("stripe-sync:{} uses proxySslType=never with apiBase {}: every request, API key included, crosses the"
                     + " connection to the proxy {}:{} unencrypted and the proxy makes the TLS connection to Stripe. Use"
                     + " proxySslType=auto (a CONNECT tunnel) unless the proxy accepts nothing else.",
                    remaining, config.getApiBase(), config.getProxyHost(), config.getProxyPort());
        }
        return endpoint;
    }

    /**
     * Whether a secret given as an endpoint parameter was written into the URI as text. Camel resolves placeholders
     * before the component sees the URI, so one that came from a property ({@code apiKey={{stripe.key}}}, or a
     * Kamelet's {@code apiKey} property) is recognised by its value being a property's: then the route shows only the
     * placeholder, and there is nothing to warn about.
     */
    private boolean writtenInUri(Object secret) {
        if (secret == null) {
            return false;
        }
        PropertiesComponent properties = getCamelContext().getPropertiesComponent();
        // a route template's (a Kamelet's) parameters are the local properties while its endpoints are made
        return !holds(properties.getLocalProperties(), secret) && !holds(properties.loadProperties(), secret);
    }

    /** By name: Camel's ordered properties keep their values apart from the Hashtable that containsValue reads. */
    private static boolean holds(Properties properties, Object value) {
        return properties != null
               && properties.stringPropertyNames().stream().anyMatch(name -> value.equals(properties.getProperty(name)));
    }

    @Override
    public PropertyConfigurer getComponentPropertyConfigurer() {
        PropertyConfigurer generated = super.getComponentPropertyConfigurer();
        return generated == null ? null : OptionTextCheck.checking(generated);
    }

    StripeGateway gateway(StripeSyncConfiguration config) {
        if (config.getStripeClient() != null) {
            return new StripeGateway(config.getStripeClient(), config.getAccountId());
        }
        return clients.gateway(config.clientSettings(sslContext(config)), config.effectiveMaxRequestsPerSecond());
    }

    /**
     * The SSLContext of the endpoint's sslContextParameters, made once per parameters object so that the endpoints
     * sharing it share one client. Made at endpoint creation, so that a missing key store fails there.
     */
    private SSLContext sslContext(StripeSyncConfiguration config) {
        SSLContextParameters parameters = config.getSslContextParameters();
        if (parameters == null) {
            return null;
        }
        synchronized (sslContexts) {
            SSLContext made = sslContexts.get(parameters);
            if (made == null) {
                try {
                    made = parameters.createSSLContext(getCamelContext());
                } catch (GeneralSecurityException | IOException e) {
                    throw new IllegalArgumentException("Option sslContextParameters cannot make an SSLContext: "
                                                       + e.getMessage(), e);
                }
                sslContexts.put(parameters, made);
            }
            return made;
        }
    }

    /** The default position store: one file repository per path, shared by the endpoints that use it. */
    StateRepository<String, String> fileStateRepository(String path) {
        return fileStores.computeIfAbsent(new File(path).getAbsolutePath(), p -> {
            FileStateRepository repository = FileStateRepository.fileStateRepository(new File(p), MAX_STATE_FILE_SIZE);
            ServiceHelper.startService(repository);
            return repository;
        });
    }

    /** The file is appended to on every save and rewritten from memory when it outgrows this. */
    static final long MAX_STATE_FILE_SIZE = 16L * 1024 * 1024;

    /** The global rate limiter shared by this key and account, or null; for management and tests. */
    public RequestRateLimiter rateLimiter(String apiKey, String accountId) {
        AccountBudget budget = clients.budget(apiKey, accountId);
        return budget == null ? null : budget.global();
    }

    /** The budget of this key and account (paces, 429s by reason, reads), or null; for management and tests. */
    public AccountBudget budget(String apiKey, String accountId) {
        return clients.budget(apiKey, accountId);
    }

    /** The 429, 5xx and read counts of this key and account, or null; for management and tests. */
    public ResponseCounts responseCounts(String apiKey, String accountId) {
        AccountBudget budget = clients.budget(apiKey, accountId);
        return budget == null ? null : budget.counts();
    }

    /** How many StripeClients this component built (endpoints with equal settings share one). */
    public int clientCount() {
        return clients.size();
    }

    @Override
    protected void doStop() throws Exception {
        clients.closeAll();
        synchronized (sslContexts) {
            sslContexts.clear();
        }
        fileStores.values().forEach(ServiceHelper::stopService);
        fileStores.clear();
        super.doStop();
    }

    public StripeSyncConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(StripeSyncConfiguration configuration) {
        this.configuration = configuration;
    }
}
