package io.stripesync.camel.client;

import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;

import com.stripe.StripeClient;

/**
 * Everything that makes two StripeClients different. Endpoints with equal settings share one client (and later
 * one rate limiter). Holds secrets, so {@link #toString()} masks them.
 */
public record ClientSettings(
        String apiKey,
        String apiBase,
        String accountId,
        String proxyHost,
        int proxyPort,
        String proxyUsername,
        String proxyPassword,
        int connectTimeoutMillis,
        int readTimeoutMillis,
        int maxNetworkRetries) {

    /** @param limiter the account's limiter, or null when pacing is off */
    StripeClient buildClient(RequestRateLimiter limiter, ResponseCounts counts) {
        StripeClient.StripeClientBuilder builder = StripeClient.builder()
                .setApiKey(apiKey)
                .setApiBase(apiBase)
                .setConnectTimeout(connectTimeoutMillis)
                .setReadTimeout(readTimeoutMillis)
                .setMaxNetworkRetries(maxNetworkRetries);
        if (accountId != null) {
            builder.setStripeAccount(accountId);
        }
        builder.setHttpClient(new RateLimitedHttpClient(limiter, counts));
        if (proxyHost != null) {
            builder.setConnectionProxy(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxyHost, proxyPort)));
            if (proxyUsername != null) {
                char[] password = proxyPassword == null ? new char[0] : proxyPassword.toCharArray();
                builder.setProxyCredential(new PasswordAuthentication(proxyUsername, password));
            }
        }
        return builder.build();
    }

    @Override
    public String toString() {
        return "ClientSettings[apiKey=" + ApiKeys.mask(apiKey) + ", apiBase=" + apiBase + ", accountId=" + accountId
               + ", proxy=" + (proxyHost == null ? "none" : proxyHost + ":" + proxyPort)
               + ", proxyUsername=" + proxyUsername + ", proxyPassword=" + (proxyPassword == null ? "none" : "***")
               + ", connectTimeoutMillis=" + connectTimeoutMillis + ", readTimeoutMillis=" + readTimeoutMillis
               + ", maxNetworkRetries=" + maxNetworkRetries + "]";
    }
}
