package io.stripesync.camel.webhook;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import com.stripe.exception.StripeException;
import io.stripesync.camel.client.StripeGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Stripe webhook endpoint of one {@code webhook:stripe-sync:<resource>} route, and the verifier of the requests it
 * sends: registered (or kept) when camel-webhook starts the route, deleted on stop only when asked, its secret the one
 * Stripe gave at creation or the one configured.
 */
public final class WebhookRegistration {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookRegistration.class);

    /**
     * What the endpoint is registered with and its requests checked against.
     *
     * @param secret           the configured signing secret (webhookSecret), null to take the one Stripe gives
     * @param apiVersion       the version the events are rendered at, null for the account's
     * @param toleranceSeconds how old a signed timestamp may be
     * @param account          the connected account the events must belong to, null for the platform
     * @param live             whether the events must be live mode ones, null when the key does not say
     * @param connect          a Connect endpoint of the platform: every connected account's events (accounts)
     */
    public record Settings(String resource, List<String> eventTypes, String secret, String apiVersion,
                           long toleranceSeconds, String account, Boolean live, boolean deleteOnStop, boolean connect) {
    }

    private final StripeGateway gateway;
    private final Settings settings;
    private volatile WebhookEndpoints.Registration registration;
    private volatile WebhookVerifier verifier;

    public WebhookRegistration(StripeGateway gateway, Settings settings) {
        this.gateway = gateway;
        this.settings = settings;
    }

    /** Makes (or keeps) the Stripe webhook endpoint at this URL, sending the resource's event types. */
    public void register(String url) throws StripeException {
        WebhookEndpoints.Registration made = new WebhookEndpoints(gateway).register(url, settings.eventTypes(),
                settings.secret(), "camel-stripe-sync: " + settings.resource() + " changes", settings.apiVersion(),
                settings.connect());
        registration = made;
        verifier = null;
        LOG.info("stripe-sync:{} {} Stripe {}webhook endpoint {} at {} for {} event types", settings.resource(),
                made.created() ? "registered" : "keeps", settings.connect() ? "Connect " : "", made.id(), url,
                made.types().size());
        if (made.types().size() < settings.eventTypes().size()) {
            List<String> retired = new ArrayList<>(settings.eventTypes());
            retired.removeAll(made.types());
            LOG.info("stripe-sync:{}: Stripe no longer takes {} for webhook endpoints; the poll still reads them",
                    settings.resource(), retired);
        }
    }

    /** Deletes the endpoint registered, when deleteOnStop; otherwise it stays, so Stripe keeps retrying meanwhile. */
    public void unregister() throws StripeException {
        WebhookEndpoints.Registration made = registration;
        if (made != null && settings.deleteOnStop()) {
            new WebhookEndpoints(gateway).delete(made.id());
            registration = null;
            LOG.info("stripe-sync:{} deleted its Stripe webhook endpoint {} (webhookDeleteOnStop=true)",
                    settings.resource(), made.id());
        }
    }

    /** Checks requests with the secret of the registered endpoint, else the configured one; null without either. */
    public WebhookVerifier verifier() {
        WebhookVerifier current = verifier;
        if (current == null) {
            WebhookEndpoints.Registration made = registration;
            String secret = made != null ? made.secret() : settings.secret();
            if (secret == null) {
                return null;
            }
            current = settings.connect()
                    ? WebhookVerifier.forConnect(secret, settings.toleranceSeconds(), Clock.systemUTC(), settings.live())
                    : new WebhookVerifier(secret, settings.toleranceSeconds(), Clock.systemUTC(), settings.account(),
                            settings.live());
            verifier = current;
        }
        return current;
    }
}
