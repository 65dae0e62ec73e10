package io.stripesync.camel.client;

/**
 * The forward proxy between us and Stripe. Holds a secret, so {@link #toString()} masks it.
 *
 * @param username null when the proxy asks for no credentials
 */
public record ProxySettings(
        String host,
        int port,
        ProxySslType sslType,
        ProxyAuthScheme authScheme,
        String username,
        String password) {

    /** host:port, for messages. */
    public String address() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return "proxy " + address() + " (proxySslType=" + sslType + ", proxyAuthScheme=" + authScheme + ", proxyUsername="
               + username + ", proxyPassword=" + (password == null ? "none" : "***") + ")";
    }
}
