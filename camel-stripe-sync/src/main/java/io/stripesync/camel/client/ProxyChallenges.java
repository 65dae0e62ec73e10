package io.stripesync.camel.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.hc.client5.http.auth.AuthCache;
import org.apache.hc.client5.http.auth.AuthExchange;
import org.apache.hc.client5.http.auth.AuthScheme;
import org.apache.hc.client5.http.auth.AuthSchemeFactory;
import org.apache.hc.client5.http.auth.AuthenticationException;
import org.apache.hc.client5.http.impl.auth.DigestScheme;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * What each request answers the proxy with before it is challenged, so that a forwarding proxy sees every request
 * once, not a 407 and the same request again: Basic credentials from the first request on (proxyAuthScheme=basic), and
 * a Digest challenge, once answered, answered ahead by every later request with the next nonce count. HttpClient's own
 * cache does neither for Digest: it keeps only schemes marked cacheable (Basic), and as serialized copies, which would
 * send the same nonce count again and again. This keeps the one scheme instance per proxy; the proxy's next challenge
 * (a new nonce, a stale one) replaces it.
 */
final class ProxyChallenges implements AuthCache {

    private final Map<HttpHost, AuthScheme> schemes = new ConcurrentHashMap<>();

    /** Digest schemes that count their nonce uses one request at a time: requests go out on several threads. */
    static AuthSchemeFactory digestSchemes() {
        return context -> new CountedDigestScheme();
    }

    /** After a request: a Digest answer the proxy accepted is kept for the requests that follow. */
    void answered(HttpHost proxy, HttpClientContext context) {
        AuthExchange exchange = context.getAuthExchanges().get(proxy);
        if (exchange != null && exchange.getState() == AuthExchange.State.SUCCESS
            && exchange.getAuthScheme() instanceof CountedDigestScheme digest) {
            schemes.put(proxy, digest);
        }
    }

    @Override
    public void put(HttpHost host, AuthScheme scheme) {
        schemes.put(host, scheme);
    }

    @Override
    public AuthScheme get(HttpHost host) {
        return schemes.get(host);
    }

    @Override
    public void remove(HttpHost host) {
        schemes.remove(host);
    }

    @Override
    public void clear() {
        schemes.clear();
    }

    /** Each answer takes the next nonce count, also when several requests answer the same challenge at once. */
    private static final class CountedDigestScheme extends DigestScheme {

        private static final long serialVersionUID = 1L;

        @Override
        public synchronized String generateAuthResponse(HttpHost host, HttpRequest request, HttpContext context)
                throws AuthenticationException {
            return super.generateAuthResponse(host, request, context);
        }
    }
}
