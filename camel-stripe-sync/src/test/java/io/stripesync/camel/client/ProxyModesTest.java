package io.stripesync.camel.client;

import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

import com.stripe.model.Customer;
import io.stripesync.camel.LogCapture;
import io.stripesync.camel.StripeSyncComponent;
import io.stripesync.camel.StripeSyncConfiguration;
import io.stripesync.camel.TestComponents;
import io.stripesync.camel.client.ProxyServer.Auth;
import io.stripesync.camel.client.ProxyServer.Seen;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Each proxySslType against a real proxy process (the test's {@link ProxyServer} in a JVM of its own), in front of the
 * simulator behind TLS with a test certificate that only the test's trust store holds. Each test proves the request
 * went through the proxy by the proxy's own log, and what the proxy saw on the wire (CONNECT or a forwarded URL).
 */
@Tag("slow")
class ProxyModesTest {

    private static final String USER = "alice";
    private static final String PASSWORD = "s3cret-proxy-pw";
    private static final String KEY = "sk_test_proxied";

    private static SSLContext serverTls;

    private StripeSimulator sim;
    private ProxyProcess proxy;
    private CamelContext context;

    @BeforeAll
    static void certificates() throws Exception {
        serverTls = TestTls.serverContext();
    }

    /** The trust store as a user configures it: Camel's SSLContextParameters, bound in the registry. */
    private static SSLContextParameters trustParameters() {
        KeyStoreParameters store = new KeyStoreParameters();
        store.setResource("classpath:tls/trust.p12");
        store.setPassword("changeit");
        store.setType("PKCS12");
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setKeyStore(store);
        SSLContextParameters parameters = new SSLContextParameters();
        parameters.setTrustManagers(trust);
        return parameters;
    }

    @BeforeEach
    void start() {
        sim = new StripeSimulator(5).listenTls(0, serverTls);
        context = new DefaultCamelContext();
        context.getRegistry().bind("stripeTrust", trustParameters());
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
        if (proxy != null) {
            proxy.close();
        }
        sim.close();
    }

    /** The component as the docs set it up: key, proxy and password on the component, trust as a registry bean. */
    private ProducerTemplate through(ProxyProcess p, String sslType, String authScheme, String password, String apiBase) {
        StripeSyncComponent component = TestComponents.stripeSync(apiBase, KEY);
        StripeSyncConfiguration config = component.getConfiguration();
        if (p != null) {
            config.setProxyHost("127.0.0.1");
            config.setProxyPort(p.port());
            config.setProxySslType(ProxySslType.valueOf(sslType));
            config.setProxyAuthScheme(ProxyAuthScheme.valueOf(authScheme));
            if (password != null) {
                config.setProxyUsername(USER);
                config.setProxyPassword(password);
            }
        }
        config.setSslContextParameters(trustParameters());
        config.setMaxNetworkRetries(0);
        context.addComponent("stripe-sync", component);
        return context.createProducerTemplate();
    }

    private static Customer create(ProducerTemplate template, String email) {
        return template.requestBody("stripe-sync:customer?operation=create", Map.of("email", email), Customer.class);
    }

    private static List<String> ids(StripeSimulator simulator) {
        return simulator.objects("customer").stream().map(o -> o.get("id").getAsString()).toList();
    }

    private String simAuthority() {
        return "127.0.0.1:" + sim.baseUrl().replaceAll(".*:", "");
    }

    @Test
    void autoTunnelsHttpsThroughABasicProxy() {
        proxy = ProxyProcess.start(Auth.BASIC, USER, PASSWORD, false);
        Customer made = create(through(proxy, "auto", "auto", PASSWORD, sim.baseUrl()), "basic@example.com");

        assertThat(ids(sim)).containsExactly(made.getId());
        // the first CONNECT is challenged, the second carries Basic credentials: no JVM-wide
        // jdk.http.auth.tunneling.disabledSchemes change was needed (HttpURLConnection would refuse Basic here)
        assertThat(proxy.seen()).containsExactly(new Seen("CONNECT", simAuthority(), null, 407),
                new Seen("CONNECT", simAuthority(), USER, 200));
        assertThat(System.getProperty("jdk.http.auth.tunneling.disabledSchemes")).isNull();
    }

    @Test
    void tunnelAnswersADigestChallenge() {
        proxy = ProxyProcess.start(Auth.DIGEST, USER, PASSWORD, false);
        ProducerTemplate template = through(proxy, "tunnel", "digest", PASSWORD, sim.baseUrl());
        Customer first = create(template, "digest1@example.com");
        Customer second = create(template, "digest2@example.com");

        assertThat(ids(sim)).containsExactlyInAnyOrder(first.getId(), second.getId());
        // one tunnel, challenged once, kept open for the second request
        assertThat(proxy.seen()).containsExactly(new Seen("CONNECT", simAuthority(), null, 407),
                new Seen("CONNECT", simAuthority(), USER, 200));
    }

    @Test
    void alwaysSpeaksTlsToTheProxyAndTunnelsTlsInsideIt() {
        proxy = ProxyProcess.start(Auth.DIGEST, USER, PASSWORD, true);
        Customer made = create(through(proxy, "always", "auto", PASSWORD, sim.baseUrl()), "always@example.com");

        assertThat(ids(sim)).containsExactly(made.getId());
        assertThat(proxy.seen()).extracting(Seen::method, Seen::target, Seen::user, Seen::status)
                .last().isEqualTo(org.assertj.core.groups.Tuple.tuple("CONNECT", simAuthority(), USER, 200));
    }

    @Test
    void neverHandsTheProxyTheWholeRequest() {
        proxy = ProxyProcess.start(Auth.BASIC, USER, PASSWORD, false);
        Customer made;
        try (LogCapture log = new LogCapture(StripeSyncComponent.class)) {
            made = create(through(proxy, "never", "basic", PASSWORD, sim.baseUrl()), "never@example.com");
            assertThat(log.text()).contains("uses proxySslType=never with apiBase " + sim.baseUrl()
                                            + ": every request, API key included, crosses the connection to the proxy"
                                            + " 127.0.0.1:" + proxy.port() + " unencrypted");
        }

        assertThat(ids(sim)).containsExactly(made.getId());
        // proxyAuthScheme=basic: the credentials go with the first request, no 407 first (twice the traffic)
        assertThat(proxy.seen()).containsExactly(new Seen("POST", sim.baseUrl() + "/v1/customers", USER, 200));
    }

    /**
     * A Digest proxy in a forwarding mode: the first request meets the challenge and is sent again with the answer;
     * the next requests answer the same challenge ahead, each with the next nonce count (the proxy refuses a count it
     * saw, as squid does), not a 407 and a second copy each.
     */
    @Test
    void neverAnswersADigestChallengeOnceForEveryLaterRequest() {
        proxy = ProxyProcess.start(Auth.DIGEST, USER, PASSWORD, false);
        ProducerTemplate template;
        try (LogCapture log = new LogCapture(StripeSyncComponent.class)) {
            template = through(proxy, "never", "digest", PASSWORD, sim.baseUrl());
            Customer first = create(template, "digest-never1@example.com");
            Customer second = create(template, "digest-never2@example.com");
            Customer third = create(template, "digest-never3@example.com");
            assertThat(ids(sim)).containsExactlyInAnyOrder(first.getId(), second.getId(), third.getId());
            assertThat(log.text()).contains("crosses the connection to the proxy 127.0.0.1:" + proxy.port()
                                            + " unencrypted");
        }
        String url = sim.baseUrl() + "/v1/customers";
        assertThat(proxy.seen()).containsExactly(new Seen("POST", url, null, 407), new Seen("POST", url, USER, 200),
                new Seen("POST", url, USER, 200), new Seen("POST", url, USER, 200));
    }

    @Test
    void autoForwardsAPlainHttpBase() {
        try (StripeSimulator plain = StripeSimulator.start(6)) {
            proxy = ProxyProcess.start(Auth.NONE, null, null, false);
            Customer made = create(through(proxy, "auto", "auto", null, plain.baseUrl()), "plain@example.com");

            assertThat(ids(plain)).containsExactly(made.getId());
            assertThat(proxy.seen()).containsExactly(new Seen("POST", plain.baseUrl() + "/v1/customers", "-", 200));
        }
    }

    @ParameterizedTest(name = "proxySslType={0}, proxy asks for {1}, proxyAuthScheme={2}")
    @CsvSource({ "auto, DIGEST, digest", "tunnel, BASIC, basic", "always, DIGEST, auto", "never, BASIC, auto" })
    void aWrongPasswordFailsOnceWithAClearMaskedError(String sslType, Auth asks, String scheme) {
        proxy = ProxyProcess.start(asks, USER, PASSWORD, sslType.equals("always"));
        ProducerTemplate template = through(proxy, sslType, scheme, "not-the-password", sim.baseUrl());
        template.getCamelContext().getComponent("stripe-sync", StripeSyncComponent.class).getConfiguration()
                .setMaxNetworkRetries(2);

        Throwable failure = catchThrowable(() -> create(template, "refused@example.com"));

        assertThat(failure).isInstanceOf(CamelExecutionException.class);
        String message = failure.getCause().getMessage();
        assertThat(message).contains("Cannot reach " + sim.baseUrl() + " (POST /v1/customers)",
                "the proxy 127.0.0.1:" + proxy.port() + " answered 407 Proxy Authentication Required",
                "refused proxyUsername 'alice' with the configured proxyPassword (proxyAuthScheme=" + scheme + ")",
                // named as it went on the wire: the tunnel's CONNECT with its port, or the forwarded URL
                " to " + (sslType.equals("never") ? "POST " + sim.baseUrl() + "/v1/customers" : "CONNECT " + simAuthority()))
                .doesNotContain("not-the-password");
        assertThat(ids(sim)).isEmpty();
        // refused credentials are not retried (maxNetworkRetries=2 would otherwise try three times): the challenge,
        // then the wrong answer to it; proxyAuthScheme=basic sends the (wrong) answer at once
        if (scheme.equals("basic")) {
            assertThat(proxy.seen()).extracting(Seen::status).containsExactly(407);
        } else {
            assertThat(proxy.seen()).extracting(Seen::status, Seen::user).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(407, null), org.assertj.core.groups.Tuple.tuple(407, null));
        }
        assertThat(proxy.seen()).extracting(Seen::method).containsOnly(sslType.equals("never") ? "POST" : "CONNECT");
    }

    /** proxySslType=always aimed at a plain proxy: the failure names the proxy and the setting, not Stripe. */
    @Test
    void alwaysAtAPlainProxyNamesTheProxy() {
        proxy = ProxyProcess.start(Auth.NONE, null, null, false);
        ProducerTemplate template = through(proxy, "always", "auto", null, sim.baseUrl());
        // a plain proxy waits for a request line: the handshake times out
        template.getCamelContext().getComponent("stripe-sync", StripeSyncComponent.class).getConfiguration()
                .setConnectTimeout(1000);
        Throwable failure = catchThrowable(() -> create(template, "plain@example.com"));

        assertThat(failure.getCause().getMessage()).contains("Cannot reach " + sim.baseUrl() + " (POST /v1/customers)",
                "TLS with the proxy 127.0.0.1:" + proxy.port() + " failed (",
                "proxySslType=always speaks TLS to the proxy itself, for an HTTPS proxy; a plain HTTP proxy takes"
                + " proxySslType=auto");
        assertThat(ids(sim)).isEmpty();
    }

    @Test
    void withoutTheTrustStoreTheTestCertificateIsRefused() {
        proxy = ProxyProcess.start(Auth.NONE, null, null, false);
        ProducerTemplate template = through(proxy, "auto", "auto", null, sim.baseUrl());
        template.getCamelContext().getComponent("stripe-sync", StripeSyncComponent.class).getConfiguration()
                .setSslContextParameters(null);

        Throwable failure = catchThrowable(() -> create(template, "untrusted@example.com"));

        assertThat(failure.getCause().getMessage()).contains("Cannot reach " + sim.baseUrl(),
                "unable to find valid certification path");
        assertThat(proxy.seen()).containsExactly(new Seen("CONNECT", simAuthority(), "-", 200));
    }

    @Test
    void theConsumerTakesItsSnapshotAndChangesThroughTheProxy() throws Exception {
        for (int i = 0; i < 5; i++) {
            sim.create("customer", Map.of("email", "s" + i + "@example.com"));
        }
        proxy = ProxyProcess.start(Auth.BASIC, USER, PASSWORD, false);
        through(proxy, "tunnel", "basic", PASSWORD, sim.baseUrl());
        context.getRegistry().bind("positions", new MemoryStateRepository());
        MockEndpoint out = context.getEndpoint("mock:out", MockEndpoint.class);
        out.expectedMessageCount(6);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("stripe-sync:customer?stateRepository=#positions&delay=100").to("mock:out");
            }
        });
        sim.create("customer", Map.of("email", "later@example.com"));

        out.assertIsSatisfied(20_000);
        // every tunnel the readers opened was challenged or carried the credentials; nothing went around the proxy
        assertThat(proxy.seen()).extracting(Seen::method).containsOnly("CONNECT");
        assertThat(proxy.seen()).filteredOn(seen -> seen.status() == 200).isNotEmpty().extracting(Seen::user)
                .containsOnly(USER);
        assertThat(sim.counters().total()).isPositive();
    }

    @Test
    void invalidCombinationsFailAtEndpointCreation() {
        StripeSyncComponent component = TestComponents.stripeSync(sim.baseUrl(), KEY);
        context.addComponent("stripe-sync", component);

        assertThat(catchThrowable(() -> context.getEndpoint("stripe-sync:customer?proxySslType=tunnel")))
                .hasRootCauseMessage("Options proxyPort, proxySslType, proxyAuthScheme, proxyUsername and proxyPassword"
                                     + " need proxyHost");
        assertThat(catchThrowable(() -> context.getEndpoint("stripe-sync:customer?proxyHost=p&proxyPort=3128"
                                                            + "&proxyAuthScheme=digest")))
                .rootCause().hasMessageStartingWith("Option proxyAuthScheme=digest needs proxyUsername and proxyPassword");
        assertThat(catchThrowable(() -> context.getEndpoint("stripe-sync:customer?proxyHost=p&proxyPort=3128"
                                                            + "&proxySslType=always&apiBase=http://127.0.0.1:1")))
                .rootCause().hasMessageContaining("proxySslType=always makes the connection to the proxy p:3128 TLS")
                .hasMessageContaining("Set sslContextParameters");
        assertThat(catchThrowable(() -> context.getEndpoint("stripe-sync:customer?proxyHost=p&proxyPort=3128"
                                                            + "&proxySslType=sometimes")))
                .rootCause().hasMessageContaining("proxySslType").hasMessageContaining("auto, always, never, tunnel");
        SSLContextParameters missing = new SSLContextParameters();
        KeyStoreParameters store = new KeyStoreParameters();
        store.setResource("classpath:tls/no-such.p12");
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setKeyStore(store);
        missing.setTrustManagers(trust);
        context.getRegistry().bind("missingTrust", missing);
        assertThat(catchThrowable(() -> context.getEndpoint("stripe-sync:customer?sslContextParameters=#missingTrust")))
                .rootCause().hasMessageContaining("tls/no-such.p12");
    }
}
