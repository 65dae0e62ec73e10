package io.stripesync.camel.consumer;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import io.stripesync.camel.StripeSyncConsumer;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.StateRepository;

/** A CamelContext running {@code from(stripe-sync:...)} into a Replica, restartable on the same state store. */
final class SyncRoute implements AutoCloseable {

    private final StripeSimulator sim;
    private final String uri;
    private final String apiKey;
    private final StateRepository<String, String> state;
    final Replica replica = new Replica();
    /** The CamelStripeSyncApiVersion header of every exchange, in order. */
    final java.util.List<String> versions = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    /** Exchanges for which this returns true throw, as a failing downstream system would. */
    final AtomicReference<Predicate<Exchange>> failWhen = new AtomicReference<>(e -> false);
    /**
     * Armed by {@link #crashAfterNextBatch}: the state is frozen at the first record of the next batch, the batch is
     * processed, and the latch opens when its last record is done, so the test can kill the route between processing
     * and commit.
     */
    private final AtomicReference<java.util.concurrent.CountDownLatch> batchCrash = new AtomicReference<>();
    private volatile CrashableState crashState;

    /** When set, every exchange the route processed is applied to this replica too (one several routes share). */
    volatile Replica alsoInto;
    /** When set, failed exchanges go to a dead letter channel that collects them here instead of stopping the stream. */
    java.util.List<Exchange> deadLetters;
    private CamelContext context;
    private volatile io.stripesync.camel.position.Position lastPosition;

    SyncRoute(StripeSimulator sim, String resourceAndOptions, StateRepository<String, String> state) {
        this.sim = sim;
        this.state = state;
        // the key goes on the component, as the docs advise, never into the URI
        java.util.regex.Matcher key = java.util.regex.Pattern.compile("[?&]apiKey=([^&]+)").matcher(resourceAndOptions);
        this.apiKey = key.find() ? key.group(1) : "sk_test_replica";
        resourceAndOptions = resourceAndOptions.replaceAll("[?&]apiKey=[^&]+", "");
        if (!resourceAndOptions.contains("?") && resourceAndOptions.contains("&")) {
            resourceAndOptions = resourceAndOptions.replaceFirst("&", "?");
        }
        this.uri = "stripe-sync:" + resourceAndOptions + (resourceAndOptions.contains("?") ? "&" : "?")
                   + "apiBase=" + sim.baseUrl() + (resourceAndOptions.contains("bodyType=") ? "" : "&bodyType=json")
                   + "&initialDelay=0"
                   // the simulator here sets no rate limit unless the test says: no pacing, so tests run at full speed
                   + (resourceAndOptions.contains("maxRequestsPerSecond=") ? "" : "&maxRequestsPerSecond=0")
                   + (resourceAndOptions.contains("delay=") ? "" : "&delay=20")
                   + (state != null ? "&stateRepository=#positions" : "");
    }

    SyncRoute start() throws Exception {
        context = new DefaultCamelContext();
        io.stripesync.camel.StripeSyncComponent component = new io.stripesync.camel.StripeSyncComponent();
        component.getConfiguration().setApiKey(apiKey);
        context.addComponent("stripe-sync", component);
        if (state != null) {
            context.getRegistry().bind("positions", state);
        }
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                if (deadLetters != null) {
                    errorHandler(deadLetterChannel("direct:dead"));
                    from("direct:dead").process(e -> deadLetters.add(e));
                }
                from(uri).routeId("sync").process(e -> {
                    java.util.concurrent.CountDownLatch crash = batchCrash.get();
                    if (crash != null && crash.getCount() > 0
                        && Integer.valueOf(0).equals(e.getProperty(org.apache.camel.ExchangePropertyKey.BATCH_INDEX))) {
                        crashState.freeze();
                    }
                    if (failWhen.get().test(e)) {
                        throw new IllegalStateException("downstream refused " + e.getIn().getHeader("CamelStripeSyncObjectId"));
                    }
                    replica.apply(e);
                    if (alsoInto != null) {
                        alsoInto.apply(e);
                    }
                    versions.add(e.getIn().getHeader("CamelStripeSyncApiVersion", String.class));
                    if (crash != null && crashState.isFrozen()
                        && Boolean.TRUE.equals(e.getProperty(org.apache.camel.ExchangePropertyKey.BATCH_COMPLETE))) {
                        // the dying JVM processes nothing more
                        failWhen.set(x -> true);
                        crash.countDown();
                    }
                });
            }
        });
        context.start();
        return this;
    }

    /**
     * A crash between processing and commit: the next batch is processed in full, its position never stored, and the
     * route dies right after its last record, before another poll. Returns false when no batch came in time.
     */
    boolean crashAfterNextBatch(CrashableState state, long timeoutMillis) throws Exception {
        java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);
        crashState = state;
        batchCrash.set(latch);
        boolean crashed = latch.await(timeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
        failWhen.set(e -> true);
        stop();
        batchCrash.set(null);
        state.thaw();
        failWhen.set(e -> false);
        return crashed;
    }

    void stop() {
        if (context != null) {
            // null when the route never started (a start that failed): nothing was saved then
            Route route = context.getRoute("sync");
            StripeSyncConsumer stopping = route == null ? null : (StripeSyncConsumer) route.getConsumer();
            context.stop();
            lastPosition = stopping == null ? null : stopping.getPosition();
            context = null;
        }
    }

    /** Waits (15 s at most) until the replica took this many round markers and the stream follows changes. */
    void awaitMarkers(int markers) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(
                () -> replica.markers().size() >= markers
                      && io.stripesync.camel.TestComponents.inPhase(consumer(), io.stripesync.camel.position.Phase.CDC));
    }

    /** The position the consumer held when the route last stopped (what it saved), null before a stop. */
    io.stripesync.camel.position.Position lastPosition() {
        return lastPosition;
    }

    void restart() throws Exception {
        stop();
        start();
    }

    CamelContext context() {
        return context;
    }

    StripeSyncConsumer consumer() {
        return (StripeSyncConsumer) context.getRoute("sync").getConsumer();
    }

    @Override
    public void close() {
        stop();
    }
}
