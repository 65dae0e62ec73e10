package io.stripesync.camel.client;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

import com.stripe.exception.ApiConnectionException;
import com.stripe.net.HttpHeaders;
import com.stripe.net.StripeRequest;
import com.stripe.net.StripeResponse;
import com.stripe.net.StripeResponseStream;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.RouteInfo.LayerType;
import org.apache.hc.client5.http.RouteInfo.TunnelType;
import org.apache.hc.client5.http.auth.AuthSchemeFactory;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.StandardAuthScheme;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.TunnelRefusedException;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.auth.BasicScheme;
import org.apache.hc.client5.http.impl.auth.BasicSchemeFactory;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
import org.apache.hc.client5.http.routing.RoutingSupport;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpStatus;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.impl.io.SocketHolder;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * stripe-java's HTTP client extension point filled by Apache HttpClient 5: every request of the component goes through
 * it. stripe-java's own client (HttpURLConnection) cannot speak TLS to a proxy, answers proxy credentials through the
 * JVM-wide {@link java.net.Authenticator} (the last endpoint's credentials win for every endpoint), meets the JDK's
 * refusal of Basic credentials on CONNECT tunnels (lifted only by a JVM-wide system property), and the JDK logs every
 * request header, the API key's included, at FINE (which Spring Boot's bridge of java.util.logging turns into a DEBUG
 * line). This client keeps proxies and trust per endpoint and logs no header. Retries stay with stripe-java, but for
 * rate-limited 429s, which stripe-java never retries ({@link RateLimitBackoff}); every attempt waits for its turn in
 * the account's budget ({@link BudgetGate}).
 */
final class HttpComponentsClient extends com.stripe.net.HttpClient implements Closeable {

    /** Enough pooled connections for the widest snapshot (40 readers) plus its look-back reads and a producer. */
    private static final int MAX_CONNECTIONS = 128;

    private final CloseableHttpClient http;
    private final ProxySettings proxy;
    /** What each request answers the proxy with before it is challenged: Basic known up front, Digest once answered. */
    private final ProxyChallenges proxyAuth = new ProxyChallenges();
    /** The proxy as the routes name it; null for a direct connection. */
    private final HttpHost proxyHost;

    /**
     * @param proxy      null for a direct connection
     * @param sslContext trust (and keys) for every TLS connection: to Stripe and, with {@code always}, to the proxy;
     *                   null for the JVM's default
     * @param budget     the account's budget: pacing, the cap in flight, the counts of answers
     */
    HttpComponentsClient(ProxySettings proxy, SSLContext sslContext, int connectTimeoutMillis, int readTimeoutMillis,
                         AccountBudget budget, long rateLimitMaxWaitMillis) {
        this.proxy = proxy;
        this.proxyHost = proxy == null ? null : ProxyRoutes.proxyHost(proxy);
        PoolingHttpClientConnectionManagerBuilder connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setConnectionFactory(QuietConnection::open)
                // a pooled connection idle for a second is checked before reuse: a server that closed it meanwhile
                // would otherwise fail the request (retries stay with stripe-java, which does not retry that failure)
                .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                .setMaxConnTotal(MAX_CONNECTIONS)
                .setMaxConnPerRoute(MAX_CONNECTIONS)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofMilliseconds(connectTimeoutMillis))
                        .setSocketTimeout(Timeout.ofMilliseconds(readTimeoutMillis))
                        .build());
        if (sslContext != null) {
            connections.setTlsSocketStrategy(new DefaultClientTlsStrategy(sslContext));
        }
        HttpClientBuilder builder = HttpClients.custom()
                .setConnectionManager(connections.build())
                // rate-limited answers, which stripe-java never retries, are retried here; every attempt passes the
                // account's budget (the gate sits after the retry step)
                .setRetryStrategy(new RateLimitBackoff(rateLimitMaxWaitMillis))
                .addExecInterceptorAfter(ChainElement.RETRY.name(), "stripe-sync-budget", new BudgetGate(budget))
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableContentCompression()
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.ofMilliseconds(connectTimeoutMillis))
                        .setResponseTimeout(Timeout.ofMilliseconds(readTimeoutMillis))
                        .setProxyPreferredAuthSchemes(preferredSchemes(proxy))
                        .build());
        if (proxy != null) {
            builder.setRoutePlanner(new ProxyRoutes(proxy));
            builder.setDefaultAuthSchemeRegistry(RegistryBuilder.<AuthSchemeFactory> create()
                    .register(StandardAuthScheme.BASIC, BasicSchemeFactory.INSTANCE)
                    .register(StandardAuthScheme.DIGEST, ProxyChallenges.digestSchemes())
                    .build());
            if (proxy.username() != null) {
                BasicCredentialsProvider credentials = new BasicCredentialsProvider();
                char[] password = proxy.password() == null ? new char[0] : proxy.password().toCharArray();
                UsernamePasswordCredentials user = new UsernamePasswordCredentials(proxy.username(), password);
                credentials.setCredentials(new AuthScope(null, proxy.host(), proxy.port(), null, null), user);
                builder.setDefaultCredentialsProvider(credentials);
                if (proxy.authScheme() == ProxyAuthScheme.basic) {
                    // the scheme is known: no need to be challenged for it
                    BasicScheme basic = new BasicScheme();
                    basic.initPreemptive(user);
                    proxyAuth.put(proxyHost, basic);
                }
            }
        }
        this.http = builder.build();
    }

    private static List<String> preferredSchemes(ProxySettings proxy) {
        if (proxy == null || proxy.authScheme() == ProxyAuthScheme.auto) {
            return List.of(StandardAuthScheme.DIGEST, StandardAuthScheme.BASIC);
        }
        return List.of(proxy.authScheme() == ProxyAuthScheme.basic ? StandardAuthScheme.BASIC : StandardAuthScheme.DIGEST);
    }

    @Override
    public StripeResponse request(StripeRequest request) throws ApiConnectionException {
        try {
            HttpClientContext context = context();
            return http.execute(toApache(request), context, response -> {
                checkProxyAnswer(request, response);
                if (proxyHost != null) {
                    proxyAuth.answered(proxyHost, context);
                }
                String body = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
                return new StripeResponse(response.getCode(), headers(response), body);
            });
        } catch (IOException e) {
            throw connectionFailure(request, e);
        }
    }

    @Override
    public StripeResponseStream requestStream(StripeRequest request) throws ApiConnectionException {
        ClassicHttpResponse response = null;
        try {
            HttpClientContext context = context();
            response = http.executeOpen(null, toApache(request), context);
            checkProxyAnswer(request, response);
            if (proxyHost != null) {
                proxyAuth.answered(proxyHost, context);
            }
            // closing the stream gives the connection back to the pool
            InputStream body = response.getEntity() == null ? InputStream.nullInputStream() : response.getEntity().getContent();
            return new StripeResponseStream(response.getCode(), headers(response), body);
        } catch (IOException e) {
            if (response != null) {
                try {
                    response.close();
                } catch (IOException ignored) {
                    // the failure below says what went wrong
                }
            }
            throw connectionFailure(request, e);
        }
    }

    @Override
    public void close() throws IOException {
        http.close();
    }

    /** A request's context: its own, but for the proxy's answered challenge, which all share. */
    private HttpClientContext context() {
        HttpClientContext context = HttpClientContext.create();
        context.setAuthCache(proxyAuth);
        return context;
    }

    private static ClassicHttpRequest toApache(StripeRequest request) {
        ClassicRequestBuilder builder = ClassicRequestBuilder.create(request.method().name()).setUri(request.url().toString());
        request.headers().map().forEach((name, values) -> builder.addHeader(name, String.join(",", values)));
        builder.setHeader("User-Agent", buildUserAgentString(request));
        builder.setHeader("X-Stripe-Client-User-Agent", buildXStripeClientUserAgentString());
        if (request.content() != null) {
            builder.setEntity(new ByteArrayEntity(request.content().byteArrayContent(),
                    ContentType.parse(request.content().contentType())));
        }
        return builder.build();
    }

    private static HttpHeaders headers(ClassicHttpResponse response) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (Header header : response.getHeaders()) {
            map.computeIfAbsent(header.getName(), n -> new ArrayList<>()).add(header.getValue());
        }
        return HttpHeaders.of(map);
    }

    /**
     * A request the proxy itself refused never reached Stripe: not an answer of Stripe's. Named as it went on the wire:
     * the CONNECT of a tunnel, or the forwarded request with its absolute URL.
     */
    private void checkProxyAnswer(StripeRequest request, ClassicHttpResponse response) throws ProxyRefusal {
        if (proxy != null && response.getCode() == HttpStatus.SC_PROXY_AUTHENTICATION_REQUIRED) {
            String onTheWire = tunnelled(request)
                    ? "CONNECT " + request.url().getHost() + ":" + port(request)
                    : request.method().name() + " " + request.url().getProtocol() + "://" + request.url().getHost() + ":"
                      + port(request) + request.url().getPath();
            throw new ProxyRefusal(proxy, onTheWire, "407 Proxy Authentication Required");
        }
    }

    /** Whether the request goes through a CONNECT tunnel, as {@link ProxyRoutes} plans it. */
    private boolean tunnelled(StripeRequest request) {
        return switch (proxy.sslType()) {
            case tunnel -> true;
            case never -> false;
            case auto, always -> "https".equals(request.url().getProtocol());
        };
    }

    private ApiConnectionException connectionFailure(StripeRequest request, IOException e) {
        IOException cause = e;
        if (e.getCause() instanceof TunnelRefusedException refused) {
            cause = new ProxyRefusal(proxy, "CONNECT " + request.url().getHost() + ":" + port(request), refused.getMessage()
                    .replaceFirst("^CONNECT refused by proxy: ", "").replaceFirst("^HTTP/\\d(\\.\\d)? ", ""));
        } else if (tlsToProxyFailed(e)) {
            // with always, TLS is spoken to the proxy first: a proxy that does not speak it is not Stripe's fault
            cause = new IOException("TLS with the proxy " + proxy.address() + " failed (" + e.getMessage() + "):"
                                    + " proxySslType=always speaks TLS to the proxy itself, for an HTTPS proxy; a plain"
                                    + " HTTP proxy takes proxySslType=auto");
            // the handshake's own failure, for the trace; not the cause, which messages name as the root
            cause.addSuppressed(e);
        }
        String via = proxy == null ? "" : " through " + proxy;
        return new ApiConnectionException("Request to " + request.url().getProtocol() + "://" + request.url().getAuthority()
                                          + via + " failed: " + cause.getMessage(), cause);
    }

    /**
     * Whether the TLS handshake with an HTTPS proxy (proxySslType=always) failed: a plain-text answer, or none (a plain
     * proxy waits for a request line and the handshake times out on the proxy's address).
     */
    private boolean tlsToProxyFailed(IOException e) {
        if (proxy == null || proxy.sslType() != ProxySslType.always || e.getMessage() == null) {
            return false;
        }
        return e instanceof SSLException && e.getMessage().contains("Unsupported or unrecognized SSL message")
               || e instanceof ConnectTimeoutException && e.getMessage().contains(":" + proxy.port());
    }

    private static int port(StripeRequest request) {
        return request.url().getPort() > 0 ? request.url().getPort() : request.url().getDefaultPort();
    }

    /**
     * The proxy refused the request (its credentials, or the tunnel). Not a {@link java.net.ConnectException}, so
     * stripe-java does not retry it: the same credentials would be refused again.
     */
    static final class ProxyRefusal extends IOException {
        ProxyRefusal(ProxySettings proxy, String what, String answer) {
            super("the proxy " + proxy.address() + " answered " + answer + " to " + what
                  + (answer.startsWith("407")
                          ? proxy.username() == null
                                  ? ": it asks for credentials; set proxyUsername and proxyPassword"
                                  : ": it refused proxyUsername '" + proxy.username() + "' with the configured proxyPassword"
                                    + " (proxyAuthScheme=" + proxy.authScheme() + ")"
                          : ""));
        }
    }

    /**
     * A connection that never logs what it sends or receives. Apache HttpClient's {@code org.apache.hc.client5.http.headers}
     * and {@code ...wire} loggers print every header at DEBUG, the API key's {@code Authorization} and the proxy's
     * {@code Proxy-Authorization} included: one DEBUG root logger would put both secrets in the log. What was sent is
     * logged by stripe-java and the component, masked.
     */
    private static final class QuietConnection extends DefaultBHttpClientConnection implements ManagedHttpClientConnection {

        /** The timeout of the socket while in use; a pooled idle connection waits without one. */
        private volatile Timeout socketTimeout;

        private QuietConnection() {
            super(Http1Config.DEFAULT);
        }

        static ManagedHttpClientConnection open(Socket socket) throws IOException {
            QuietConnection connection = new QuietConnection();
            if (socket != null) {
                connection.bind(socket);
            }
            return connection;
        }

        @Override
        public void bind(SocketHolder holder) throws IOException {
            super.bind(holder);
            socketTimeout = Timeout.ofMilliseconds(holder.getSocket().getSoTimeout());
        }

        @Override
        public Socket getSocket() {
            SocketHolder holder = getSocketHolder();
            return holder == null ? null : holder.getSocket();
        }

        @Override
        public void setSocketTimeout(Timeout timeout) {
            socketTimeout = timeout;
            super.setSocketTimeout(timeout);
        }

        @Override
        public void passivate() {
            super.setSocketTimeout(Timeout.ZERO_MILLISECONDS);
        }

        @Override
        public void activate() {
            super.setSocketTimeout(socketTimeout);
        }
    }

    /** The route each proxySslType makes: which hop speaks TLS, and whether a CONNECT tunnel carries the request. */
    private static final class ProxyRoutes implements HttpRoutePlanner {

        private final HttpHost proxyHost;
        private final ProxySslType sslType;

        ProxyRoutes(ProxySettings proxy) {
            this.sslType = proxy.sslType();
            this.proxyHost = proxyHost(proxy);
        }

        static HttpHost proxyHost(ProxySettings proxy) {
            String scheme = proxy.sslType() == ProxySslType.always ? URIScheme.HTTPS.id : URIScheme.HTTP.id;
            return new HttpHost(scheme, proxy.host(), proxy.port());
        }

        @Override
        public HttpRoute determineRoute(HttpHost target, HttpContext context) {
            HttpHost host = RoutingSupport.normalize(target, DefaultSchemePortResolver.INSTANCE);
            boolean secure = URIScheme.HTTPS.same(host.getSchemeName());
            boolean tunnel = switch (sslType) {
                case tunnel -> true;
                case never -> false;
                case auto, always -> secure;
            };
            return new HttpRoute(host, null, proxyHost, secure, tunnel ? TunnelType.TUNNELLED : TunnelType.PLAIN,
                    tunnel && secure ? LayerType.LAYERED : LayerType.PLAIN);
        }
    }
}
