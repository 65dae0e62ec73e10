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
    private final Map<Account, AccountBudget> budgets = new ConcurrentHashMap<>();

    /** One Stripe account as the rate limit sees it: the key's account, or the connected account it acts on. */
    private record Account(String apiKey, String accountId) {
        @Override
        public String toString() {
            return ApiKeys.mask(apiKey) + (accountId == null ? "" : "/" + accountId);
        }
    }

    /**
     * @param maxRequestsPerSecond the endpoint's global pace; 0 or less for none. Endpoints of the same key and account
     *                             share one budget at the lowest rate any of them asked for; whether it paces at all is
     *                             decided by the first endpoint of the account.
     */
    public StripeGateway gateway(ClientSettings settings, double maxRequestsPerSecond) {
        AccountBudget budget = budgets.computeIfAbsent(new Account(settings.apiKey(), settings.accountId()),
                a -> new AccountBudget(maxRequestsPerSecond));
        budget.lowerTo(maxRequestsPerSecond);
        return new StripeGateway(clients.computeIfAbsent(settings, s -> s.build(budget)).client(), settings.accountId(),
                settings.apiBase() == null ? "https://api.stripe.com" : settings.apiBase());
    }

    /** The budget of an account (pacing, 429s by reason, reads), or null when no endpoint used it yet. */
    public AccountBudget budget(String apiKey, String accountId) {
        return budgets.get(new Account(apiKey, accountId));
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
        budgets.clear();
    }
}
