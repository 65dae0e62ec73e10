package io.stripesync.camel.client;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The StripeClients a component created, one per distinct {@link ClientSettings}. A user-supplied client is never
 * held here, so it is never released by us.
 */
public final class StripeClients {

    private final Map<ClientSettings, ClientSettings.Built> clients = new ConcurrentHashMap<>();
    private final Map<Account, RequestRateLimiter> limiters = new ConcurrentHashMap<>();
    private final Map<Account, ResponseCounts> responses = new ConcurrentHashMap<>();

    /** One Stripe account as the rate limit sees it: the key's account, or the connected account it acts on. */
    private record Account(String apiKey, String accountId) {
        @Override
        public String toString() {
            return ApiKeys.mask(apiKey) + (accountId == null ? "" : "/" + accountId);
        }
    }

    /**
     * @param maxRequestsPerSecond the endpoint's limit; 0 or less for none. Endpoints of the same key and account share
     *                             one limiter at the lowest rate any of them asked for.
     */
    public StripeGateway gateway(ClientSettings settings, double maxRequestsPerSecond) {
        RequestRateLimiter limiter = null;
        if (maxRequestsPerSecond > 0) {
            limiter = limiters.computeIfAbsent(new Account(settings.apiKey(), settings.accountId()),
                    a -> new RequestRateLimiter(maxRequestsPerSecond));
            limiter.lowerTo(maxRequestsPerSecond);
        }
        RequestRateLimiter chosen = limiter;
        ResponseCounts counts = responses.computeIfAbsent(new Account(settings.apiKey(), settings.accountId()),
                a -> new ResponseCounts());
        return new StripeGateway(clients.computeIfAbsent(settings, s -> s.build(chosen, counts)).client(), settings.accountId(),
                settings.apiBase() == null ? "https://api.stripe.com" : settings.apiBase());
    }

    /** The limiter of an account, if any endpoint asked for one; for management and tests. */
    public RequestRateLimiter limiter(String apiKey, String accountId) {
        return limiters.get(new Account(apiKey, accountId));
    }

    /** The 429 and 5xx answers of an account, or null when no endpoint used it; for management and tests. */
    public ResponseCounts responses(String apiKey, String accountId) {
        return responses.get(new Account(apiKey, accountId));
    }

    public int size() {
        return clients.size();
    }

    /** Forgets every client and closes its connection pool. */
    public void closeAll() {
        clients.values().forEach(built -> {
            try {
                built.transport().close();
            } catch (IOException e) {
                // its connections are dropped with it; nothing is lost
            }
        });
        clients.clear();
        limiters.clear();
        responses.clear();
    }
}
