package io.stripesync.camel.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.stripe.StripeClient;

/**
 * The StripeClients a component created, one per distinct {@link ClientSettings}. A user-supplied client is never
 * held here, so it is never released by us.
 */
public final class StripeClients {

    private final Map<ClientSettings, StripeClient> clients = new ConcurrentHashMap<>();

    public StripeGateway gateway(ClientSettings settings) {
        return new StripeGateway(clients.computeIfAbsent(settings, ClientSettings::buildClient), settings.accountId());
    }

    public int size() {
        return clients.size();
    }

    /**
     * Forgets every client. stripe-java 33's StripeClient owns no pooled connection or thread (it opens one
     * HttpURLConnection per request), so dropping the reference is all "closing" means.
     */
    public void closeAll() {
        clients.clear();
    }
}
