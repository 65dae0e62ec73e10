package io.stripesync.camel;

import io.stripesync.camel.webhook.WebhookHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.DelegateProcessor;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.support.DefaultConsumer;

/** Reaches the consumer a webhook route's handler runs, for tests outside this package. */
public final class WebhookTestAccess {

    private WebhookTestAccess() {
    }

    public static StripeSyncConsumer consumer(CamelContext context, String routeId) {
        Route route = context.getRoute(routeId);
        if (route == null || !(route.getConsumer() instanceof DefaultConsumer http)) {
            return null;
        }
        return http.getProcessor() instanceof WebhookHandler<?> handler ? (StripeSyncConsumer) handler.consumer()
                : unwrap(http.getProcessor());
    }

    private static StripeSyncConsumer unwrap(Processor processor) {
        if (processor instanceof WebhookHandler<?> handler) {
            return (StripeSyncConsumer) handler.consumer();
        }
        if (processor instanceof DelegateProcessor delegate) {
            return unwrap(delegate.getProcessor());
        }
        return null;
    }
}
