package io.stripesync.camel;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;

/** Reaches the consumer a webhook route's handler runs, for tests outside this package. */
public final class WebhookTestAccess {

    private WebhookTestAccess() {
    }

    public static StripeSyncConsumer consumer(CamelContext context, String routeId) {
        Route route = context.getRoute(routeId);
        if (route == null || !(route.getConsumer() instanceof org.apache.camel.support.DefaultConsumer http)) {
            return null;
        }
        return http.getProcessor() instanceof StripeSyncWebhookHandler handler ? handler.consumer()
                : unwrap(http.getProcessor());
    }

    private static StripeSyncConsumer unwrap(org.apache.camel.Processor processor) {
        if (processor instanceof StripeSyncWebhookHandler handler) {
            return handler.consumer();
        }
        if (processor instanceof org.apache.camel.DelegateProcessor delegate) {
            return unwrap(delegate.getProcessor());
        }
        return null;
    }
}
