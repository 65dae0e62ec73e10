package io.stripesync.camel.client;

import javax.net.ssl.SSLContext;

import com.stripe.StripeClient;

/**
 * Everything that makes two StripeClients different. Endpoints with equal settings share one client (and later
 * one rate limiter). Holds secrets, so {@link #toString()} masks them.
 *
 * @param proxy      null for a direct connection
 * @param sslContext null for the JVM's default trust; compared by identity, so endpoints share a client when they
 *                   share the SSLContextParameters it was made from
 */
public record ClientSettings(
        String apiKey,
        String apiBase,
        String accountId,
        ProxySettings proxy,
        SSLContext sslContext,
        int connectTimeoutMillis,
        int readTimeoutMillis,
        int maxNetworkRetries,
        long rateLimitMaxWaitMillis) {

    /** A StripeClient and the transport under it, which holds pooled connections. */
    record Built(StripeClient client, HttpComponentsClient transport) {
    }

    /** @param budget the account's budget, shared by every client of the key and account */
    Built build(AccountBudget budget) {
        StripeClient.StripeClientBuilder builder = StripeClient.builder()
                .setApiKey(apiKey)
                .setApiBase(apiBase)
                .setConnectTimeout(connectTimeoutMillis)
                .setReadTimeout(readTimeoutMillis)
                .setMaxNetworkRetries(maxNetworkRetries);
        if (accountId != null) {
            builder.setStripeAccount(accountId);
        }
        HttpComponentsClient transport = new HttpComponentsClient(proxy, sslContext, connectTimeoutMillis, readTimeoutMillis,
                budget, rateLimitMaxWaitMillis);
        builder.setHttpClient(transport);
        return new Built(builder.build(), transport);
    }

    @Override
    public String toString() {
        return "ClientSettings[apiKey=" + ApiKeys.mask(apiKey) + ", apiBase=" + apiBase + ", accountId=" + accountId
               + ", proxy=" + (proxy == null ? "none" : proxy) + ", sslContext=" + (sslContext == null ? "default" : "custom")
               + ", connectTimeoutMillis=" + connectTimeoutMillis + ", readTimeoutMillis=" + readTimeoutMillis
               + ", maxNetworkRetries=" + maxNetworkRetries + ", rateLimitMaxWaitMillis=" + rateLimitMaxWaitMillis + "]";
    }
}
