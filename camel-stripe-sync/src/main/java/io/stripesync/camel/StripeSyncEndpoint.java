package io.stripesync.camel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stripesync.camel.catalog.ResourceSelection;
import io.stripesync.camel.catalog.StripeResource;
import io.stripesync.camel.client.ApiKeys;
import io.stripesync.camel.client.StripeGateway;
import io.stripesync.camel.management.StreamHealthCheck;
import io.stripesync.camel.position.PositionStore;
import io.stripesync.camel.source.ConnectedAccounts;
import io.stripesync.camel.webhook.WebhookHandler;
import io.stripesync.camel.webhook.WebhookRegistration;
import io.stripesync.camel.webhook.WebhookVerifier;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.component.webhook.WebhookCapableEndpoint;
import org.apache.camel.component.webhook.WebhookConfiguration;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.ScheduledPollEndpoint;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Stream a Stripe resource (a snapshot of every object, then every change from the Events API) and write to it.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "stripe-sync", title = "Stripe Sync", syntax = "stripe-sync:resourceName",
             category = { Category.SAAS, Category.CLOUD }, headersClass = StripeSyncConstants.class)
public class StripeSyncEndpoint extends ScheduledPollEndpoint implements WebhookCapableEndpoint {


    @UriParam
    private final StripeSyncConfiguration configuration;

    /** The resources the endpoint follows, as the path names them; final once the options are bound and checked. */
    private ResourceSelection resources;

    public StripeSyncEndpoint(String uri, StripeSyncComponent component, StripeSyncConfiguration configuration,
                              ResourceSelection resources) {
        super(uri, component);
        this.configuration = configuration;
        this.resources = resources;
        // Stripe allows 25 (test) or 100 (live) requests/s per account: an idle poll costs one request, so
        // every 5 s keeps changes flowing within seconds while leaving the budget to snapshots and producers.
        setDelay(DEFAULT_DELAY_MILLIS);
        setBackoffErrorThreshold(DEFAULT_BACKOFF_ERROR_THRESHOLD);
        setBackoffMultiplier(DEFAULT_BACKOFF_MULTIPLIER);
    }

    /** Failed polls in a row before the consumer backs off. */
    public static final int DEFAULT_BACKOFF_ERROR_THRESHOLD = 3;
    /** Polls skipped once backing off: 12 x 5 s, a minute between attempts while Stripe cannot be reached. */
    public static final int DEFAULT_BACKOFF_MULTIPLIER = 12;

    public static final long DEFAULT_DELAY_MILLIS = 5000;

    /** The resource part of the state key of an endpoint of several resources. */
    public static final String SEVERAL_STATE_NAME = "resources";

    /**
     * For the metadata only: Camel's ScheduledPollEndpoint declares {@code delay} with its own default of 500 ms, so
     * the option tables, IDEs and Camel's tooling showed a default this consumer does not have. The value lives where
     * Camel keeps it ({@link #setDelay(long)} is the inherited setter).
     */
    @UriParam(label = "consumer,scheduler", defaultValue = "5000", javaType = "long",
              description = "Milliseconds between polls once the stream has caught up (while Stripe says more is there,"
                            + " the next poll follows at once). 5000: an idle poll costs one request (two for a look-back after a change), so changes"
                            + " arrive within seconds while the account's rate limit is left to snapshots and producers.")
    @SuppressWarnings("unused")
    private long delay = DEFAULT_DELAY_MILLIS;

    /** For the metadata only, as delay: Camel declares these without a default, this consumer backs off by default. */
    @UriParam(label = "consumer,scheduler", defaultValue = "3", javaType = "int",
              description = "Failed polls in a row (Stripe unreachable, 5xx or 429 after stripe-java's retries) before"
                            + " the consumer backs off for backoffMultiplier polls. 0 turns backing off after errors"
                            + " off.")
    @SuppressWarnings("unused")
    private int backoffErrorThreshold = DEFAULT_BACKOFF_ERROR_THRESHOLD;

    @UriParam(label = "consumer,scheduler", defaultValue = "12", javaType = "int",
              description = "Polls skipped while backing off (after backoffErrorThreshold failed polls in a row, or"
                            + " backoffIdleThreshold idle ones): 12 polls of 5 s, a minute between attempts while Stripe"
                            + " cannot be reached. The first successful poll ends it.")
    @SuppressWarnings("unused")
    private int backoffMultiplier = DEFAULT_BACKOFF_MULTIPLIER;

    @Override
    public StripeSyncComponent getComponent() {
        return (StripeSyncComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        if (resources.several()) {
            throw new IllegalArgumentException("stripe-sync:" + resources.name() + " names several resources: a producer"
                                               + " works on one resource per call. Use to(\"stripe-sync:<resource>\"),"
                                               + " e.g. to(\"stripe-sync:" + resources.names().get(0)
                                               + "?operation=...\"), or a toD with the resource from the"
                                               + " CamelStripeSyncResource header");
        }
        refuseWebhookOptions(", not to a producer");
        if (configuration.getAccounts() != null) {
            throw new IllegalArgumentException("Option accounts of stripe-sync:" + resources.name() + " applies to"
                                               + " consumers only: the producer acts on one account per call, named by"
                                               + " accountId or the CamelStripeSyncAccount header");
        }
        if (apiVersionGiven) {
            throw new IllegalArgumentException("Option apiVersion of stripe-sync:" + resources.name() + " applies to"
                                               + " consumers only: the producer sends and answers at stripe-java's"
                                               + " pinned version " + StripeGateway.API_VERSION);
        }
        return new StripeSyncProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        refuseWebhookOptions(": a polling consumer receives no webhooks");
        return streamConsumer(processor);
    }

    /** Webhook options given in the URI of anything but a webhook: route would be ignored: refused, saying why. */
    private void refuseWebhookOptions(String why) {
        if (!webhookOptionsGiven.isEmpty()) {
            throw new IllegalArgumentException("Option " + String.join(", ", webhookOptionsGiven) + " of stripe-sync:"
                                               + resources.name() + " applies to from(\"webhook:stripe-sync:"
                                               + resources.name() + "\") only" + why);
        }
    }

    /** The stream's consumer: polling, and with webhooks also taking what they push (then it is the backstop). */
    StripeSyncConsumer streamConsumer(Processor processor) throws Exception {
        for (StripeResource resource : resources.resources()) {
            if (!resource.listRequires().isEmpty()) {
                throw new IllegalArgumentException("Resource '" + resource.name() + "' can only be listed with "
                                                   + String.join(", ", resource.listRequires())
                                                   + " given, which the stripe-sync consumer does not support yet");
            }
        }
        if (getBackoffErrorThreshold() <= 0 && getBackoffIdleThreshold() <= 0
            && getBackoffMultiplier() == DEFAULT_BACKOFF_MULTIPLIER) {
            // backoffErrorThreshold=0 turns the default backing off off: Camel refuses a multiplier without a threshold
            setBackoffMultiplier(0);
        }
        StripeSyncConsumer consumer = new StripeSyncConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    /** Where this endpoint keeps its position: the given stateRepository, or the component's file store. */
    public PositionStore positionStore() {
        return positionStore(configuration.getAccountId());
    }

    /**
     * Where this endpoint keeps the position of one account (an endpoint of several accounts keeps one per account,
     * under the key an endpoint with that accountId uses, so either finds the other's).
     */
    public PositionStore positionStore(String account) {
        StateRepository<String, String> repository = configuration.getStateRepository() != null
                ? configuration.getStateRepository() : getComponent().fileStateRepository(configuration.getStateFile());
        // a repository bound as a bean (YAML beans:, Spring) is not started by anyone else: a JDBC one creates its table
        ServiceHelper.startService(repository);
        String space = PositionStore.space(ApiKeys.mode(configuration.getApiKey()), configuration.getApiBase());
        Map<String, String> singles = new LinkedHashMap<>();
        if (resources.several()) {
            resources.names().forEach(name -> singles.put(name, PositionStore.keyFor(space, account,
                    name, configuration.getStateKey())));
        }
        return new PositionStore(repository,
                PositionStore.keyFor(space, account, stateName(), configuration.getStateKey()),
                resources.several() ? null
                        : PositionStore.legacyKeyFor(account, stateName(), configuration.getStateKey()))
                .adopting(singles);
    }

    /**
     * The resource part of the state key: the resource, or {@value #SEVERAL_STATE_NAME} for an endpoint of several,
     * whatever they are, so that a resource added to or removed from the list keeps the position (and only that
     * resource's part changes).
     */
    private String stateName() {
        return resources.several() ? SEVERAL_STATE_NAME : resources.single().name();
    }

    // ---- webhooks: from("webhook:stripe-sync:<resource>") ---------------------------------------------------------

    /**
     * With webhooks the poll is the backstop: it delivers what no webhook brought (drops, downtime), so it runs every
     * minute unless delay is given.
     */
    public static final long DEFAULT_BACKSTOP_DELAY_MILLIS = 60_000;

    private WebhookConfiguration webhookConfiguration;
    /** Whether the endpoint URI gave delay (set by the component), so the backstop keeps it. */
    private boolean delayGiven;
    private volatile WebhookRegistration registration;

    /** The webhook options the endpoint URI gave: only a webhook: route uses them, any other use is refused. */
    private List<String> webhookOptionsGiven = List.of();
    /** Whether the URI gave apiVersion, which a producer refuses. */
    private boolean apiVersionGiven;

    void setApiVersionGiven(boolean given) {
        this.apiVersionGiven = given;
    }

    void setDelayGiven(boolean delayGiven) {
        this.delayGiven = delayGiven;
    }

    void setWebhookOptionsGiven(List<String> options) {
        this.webhookOptionsGiven = List.copyOf(options);
    }

    /** camel-webhook hands its configuration over first, before registering or making the handler: checked here. */
    @Override
    public void setWebhookConfiguration(WebhookConfiguration webhookConfiguration) {
        this.webhookConfiguration = webhookConfiguration;
        checkWebhookUse();
    }

    @Override
    public List<String> getWebhookMethods() {
        return List.of("POST");
    }

    /**
     * The processor camel-webhook's HTTP route hands each request to. It owns the stream's consumer, whose polls are
     * the backstop, so pushed and polled events share one order and one position.
     */
    @Override
    public Processor createWebhookHandler(Processor next) {
        checkWebhookUse();
        if (!delayGiven) {
            setDelay(DEFAULT_BACKSTOP_DELAY_MILLIS);
        }
        return new WebhookHandler<StripeSyncConsumer>(this, next, this::streamConsumer,
                (consumer, id) -> new StreamHealthCheck(consumer, id, consumer.figures()));
    }

    /** What a webhook route needs that the endpoint's own options cannot show: events, the platform, a secret. */
    private void checkWebhookUse() {
        if (!resources.hasEvents()) {
            throw new IllegalArgumentException("Stripe emits no events for " + resources.name() + ": there is nothing to"
                                               + " receive by webhook; use from(\"stripe-sync:" + resources.name() + "\")");
        }
        if (configuration.getAccountId() != null) {
            // a connected account's events come to a Connect endpoint with every other connected account's
            throw new IllegalArgumentException("webhook:stripe-sync:" + resources.name() + " with accountId is not"
                                               + " supported yet: a connected account's events reach a Connect webhook"
                                               + " endpoint that receives every connected account's; use"
                                               + " from(\"stripe-sync:" + resources.name() + "?accountId=...\"), which"
                                               + " polls");
        }
        boolean registers = webhookConfiguration == null || webhookConfiguration.isWebhookAutoRegister();
        if (!registers && configuration.getWebhookSecret() == null) {
            throw new IllegalArgumentException("Option webhookSecret is required for webhook:stripe-sync:" + resources.name()
                                               + " with webhookAutoRegister=false: the signing secret (whsec_...) of the"
                                               + " webhook endpoint you registered, from a property placeholder or vault");
        }
    }

    /**
     * Makes (or keeps) the Stripe webhook endpoint at camel-webhook's external URL, sending this endpoint's types: the
     * union of its resources' (one Stripe endpoint for all of them).
     */
    @Override
    public void registerWebhook() throws Exception {
        webhookRegistration().register(webhookConfiguration.computeFullExternalUrl());
    }

    @Override
    public void unregisterWebhook() throws Exception {
        webhookRegistration().unregister();
    }

    /** Checks webhook requests with the secret of the registered endpoint, else the configured one; null without. */
    WebhookVerifier webhookVerifier() {
        return webhookRegistration().verifier();
    }

    private WebhookRegistration webhookRegistration() {
        WebhookRegistration made = registration;
        if (made == null) {
            String key = configuration.getApiKey();
            // at the stream's version, so a pushed change is not read again for its version (null: the account's)
            boolean connect = configuration.getAccounts() != null;
            List<String> types = new ArrayList<>(resources.eventTypes());
            if (connect) {
                // an account that disconnects says so on the Connect endpoint: the stream stops following it
                types.add(ConnectedAccounts.DEAUTHORIZED);
            }
            made = new WebhookRegistration(gateway(), new WebhookRegistration.Settings(resources.name(),
                    types, configuration.getWebhookSecret(), configuration.streamApiVersion(),
                    configuration.getWebhookTolerance() / 1000, configuration.getAccountId(),
                    key == null ? null : !ApiKeys.isTestMode(key), configuration.isWebhookDeleteOnStop(), connect));
            registration = made;
        }
        return made;
    }

    public StripeSyncConfiguration getConfiguration() {
        return configuration;
    }

    /**
     * The catalog entry of {@code resourceName}, resolved when the endpoint was created.
     *
     * @throws IllegalStateException when the endpoint names several resources
     */
    public StripeResource getResource() {
        return resources.single();
    }

    /** The resources the endpoint follows: one, a list, or every resource with events ({@code *}). */
    public ResourceSelection getResources() {
        return resources;
    }

    /** Set once the options are bound: {@code *} less excludeResources, and the resources under an accountId. */
    void setResources(ResourceSelection resources) {
        this.resources = resources;
    }

    /** The gateway to Stripe for this endpoint's settings, shared with other endpoints of equal settings. */
    public StripeGateway gateway() {
        return getComponent().gateway(configuration);
    }
}
