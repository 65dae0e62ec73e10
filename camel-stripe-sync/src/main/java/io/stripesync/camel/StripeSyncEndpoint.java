package io.stripesync.camel;

import io.stripesync.camel.catalog.StripeResource;
import io.stripesync.camel.client.StripeGateway;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.ScheduledPollEndpoint;

/**
 * Stream a Stripe resource (a snapshot of every object, then every change from the Events API) and write to it.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "stripe-sync", title = "Stripe Sync", syntax = "stripe-sync:resourceName",
             category = { Category.SAAS, Category.CLOUD }, headersClass = StripeSyncConstants.class)
public class StripeSyncEndpoint extends ScheduledPollEndpoint {

    @UriParam
    private final StripeSyncConfiguration configuration;

    private final StripeResource resource;

    public StripeSyncEndpoint(String uri, StripeSyncComponent component, StripeSyncConfiguration configuration,
                              StripeResource resource) {
        super(uri, component);
        this.configuration = configuration;
        this.resource = resource;
    }

    @Override
    public StripeSyncComponent getComponent() {
        return (StripeSyncComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("The stripe-sync producer is not available yet in this version");
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("The stripe-sync consumer is not available yet in this version");
    }

    public StripeSyncConfiguration getConfiguration() {
        return configuration;
    }

    /** The catalog entry of {@code resourceName}, resolved when the endpoint was created. */
    public StripeResource getResource() {
        return resource;
    }

    /** The gateway to Stripe for this endpoint's settings, shared with other endpoints of equal settings. */
    public StripeGateway gateway() {
        return getComponent().gateway(configuration);
    }
}
