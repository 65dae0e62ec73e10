package io.stripesync.camel.consumer;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import io.stripesync.camel.StripeSyncConsumer;
import io.stripesync.camel.TestComponents;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.StateRepository;

/**
 * A CamelContext with an HTTP server (platform-http on Vert.x, as camel-main and Quarkus run it) and the route
 * {@code from("webhook:stripe-sync:<resource>")} into a Replica; restartable on the same state store and port.
 */
final class WebhookRoute implements AutoCloseable {

    static final String PATH = "/stripe/events";

    private final StripeSimulator sim;
    private final String uri;
    private final StateRepository<String, String> state;
    private final int port;
    Replica replica = new Replica();
    /** Exchanges for which this returns true throw, as a failing downstream system would. */
    final AtomicReference<Predicate<Exchange>> failWhen = new AtomicReference<>(e -> false);
    /** When each exchange reached the route (System.nanoTime()), by event id; for latency. */
    final java.util.Map<String, Long> arrivals = new java.util.concurrent.ConcurrentHashMap<>();
    private CamelContext context;
    /** Given to the component (as camel.component.stripe-sync.webhook-secret would), never in the URI. */
    private String webhookSecret;

    /**
     * @param webhookOptions options of camel-webhook and stripe-sync after the resource, e.g.
     *                       {@code webhookAutoRegister=false&webhookSecret=RAW(...)}
     */
    WebhookRoute(StripeSimulator sim, String resource, String webhookOptions, StateRepository<String, String> state)
            throws IOException {
        this(sim, resource, webhookOptions, state, freePort());
    }

    WebhookRoute(StripeSimulator sim, String resource, String webhookOptions, StateRepository<String, String> state,
                 int port) {
        this.sim = sim;
        this.state = state;
        this.port = port;
        this.uri = "webhook:stripe-sync:" + resource + "?webhookExternalUrl=http://127.0.0.1:" + port
                   + "&webhookPath=" + PATH + "&webhookComponentName=platform-http&bodyType=json&initialDelay=0"
                   + "&stateRepository=#positions" + (webhookOptions.isEmpty() ? "" : "&" + webhookOptions);
    }

    static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    /** Applies the exchanges to this replica: one downstream table across restarts. */
    WebhookRoute into(Replica shared) {
        this.replica = shared;
        return this;
    }

    WebhookRoute withWebhookSecret(String secret) {
        this.webhookSecret = secret;
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + port + PATH;
    }

    int port() {
        return port;
    }

    WebhookRoute start() throws Exception {
        context = new DefaultCamelContext();
        VertxPlatformHttpServerConfiguration http = new VertxPlatformHttpServerConfiguration();
        http.setBindHost("127.0.0.1");
        http.setBindPort(port);
        context.addService(new VertxPlatformHttpServer(http));
        io.stripesync.camel.StripeSyncComponent component = TestComponents.stripeSync(sim.baseUrl(), "sk_test_webhooks");
        component.getConfiguration().setWebhookSecret(webhookSecret);
        context.addComponent("stripe-sync", component);
        context.getRegistry().bind("positions", state);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("sync").process(e -> {
                    if (failWhen.get().test(e)) {
                        throw new IllegalStateException("downstream refused " + e.getIn().getHeader("CamelStripeSyncObjectId"));
                    }
                    String eventId = e.getIn().getHeader("CamelStripeSyncEventId", String.class);
                    if (eventId != null) {
                        arrivals.putIfAbsent(eventId, System.nanoTime());
                    }
                    replica.apply(e);
                });
            }
        });
        context.start();
        return this;
    }

    /**
     * Waits until the stream follows changes and its poll is idle (no request to the simulator for half a second):
     * from then on the backstop waits its minute, so what arrives was pushed.
     */
    static void awaitFollowingAndIdle(WebhookRoute route, StripeSimulator sim) throws InterruptedException {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(
                () -> route.consumer() != null && route.consumer().getPosition() != null
                      && route.consumer().getPosition().phase() == io.stripesync.camel.position.Phase.CDC);
        long seen = -1;
        while (seen != sim.counters().total()) {
            seen = sim.counters().total();
            Thread.sleep(500);
        }
    }

    CamelContext context() {
        return context;
    }

    /** The stream's consumer: the one camel-webhook's handler runs (it is not the route's own consumer). */
    StripeSyncConsumer consumer() {
        return io.stripesync.camel.WebhookTestAccess.consumer(context, "sync");
    }

    /**
     * Stops the route and its HTTP server. Stripe's deliveries keep coming meanwhile: Netty warns about connections its
     * closing server accepted, Camel about a request still in flight (expected here, captured so the build console
     * stays quiet).
     */
    void stop() {
        if (context != null) {
            try (io.stripesync.camel.LogCapture closing = new io.stripesync.camel.LogCapture(
                    io.netty.bootstrap.ServerBootstrap.class);
                 io.stripesync.camel.LogCapture inflight = new io.stripesync.camel.LogCapture(
                         org.apache.camel.impl.engine.DefaultInflightRepository.class)) {
                context.stop();
            }
            context = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
