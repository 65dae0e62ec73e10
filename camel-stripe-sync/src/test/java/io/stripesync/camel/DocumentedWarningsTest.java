package io.stripesync.camel;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.stripesync.camel.simulator.Simulated;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/** The warnings and refusals the docs promise, read from the log or the error, not taken on trust. */
class DocumentedWarningsTest {

    @Simulated(seed = 41)
    private StripeSimulator sim;
    private CamelContext context;

    @BeforeEach
    void start() {
        context = new DefaultCamelContext();
        context.getRegistry().bind("positions", new MemoryStateRepository());
        StripeSyncComponent component = TestComponents.stripeSync(sim.baseUrl(), null);
        context.addComponent("stripe-sync", component);
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private void route(String uri, java.util.List<Object> sink) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).process(e -> sink.add(e.getIn().getHeader(StripeSyncConstants.OBJECT_ID)));
            }
        });
    }

    @Test
    void aResourceWithoutEventsWarnsThatOnlyItsSnapshotComes() throws Exception {
        context.getComponent("stripe-sync", StripeSyncComponent.class).getConfiguration().setApiKey("sk_test_warn");
        sim.seed("shipping_rate", 3, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("display_name", "r" + i));
        java.util.List<Object> sink = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (LogCapture log = new LogCapture(StripeSyncConsumer.class)) {
            route("stripe-sync:shipping_rate?stateRepository=#positions&initialDelay=0&delay=20", sink);
            context.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.size() == 3);
            assertThat(log.text()).contains(
                    "WARN Stripe emits no events for shipping_rate: the consumer emits the snapshot and then reads it again"
                    + " every 24h (resnapshotInterval), emitting what changed");
        }
    }

    @Test
    void theEndOfTheSnapshotIsSaidOnceWithItsFigures() throws Exception {
        context.getComponent("stripe-sync", StripeSyncComponent.class).getConfiguration().setApiKey("sk_test_warn");
        sim.seed("customer", 250, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("name", "c" + i));
        java.util.List<Object> sink = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (LogCapture log = new LogCapture(StripeSyncConsumer.class, org.apache.logging.log4j.Level.INFO)) {
            route("stripe-sync:customer?stateRepository=#positions&initialDelay=0&delay=20", sink);
            context.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> log.text().contains("Snapshot of customer done"));
            sim.create("customer", Map.of("name", "after"));
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.size() == 251);
            assertThat(log.text()).as("where the position lives, said at start").contains("INFO stripe-sync consumer for"
                    + " customer starts afresh (state key " + TestComponents.stateKey(sim.baseUrl(), "customer", null)
                    + " in the stateRepository"
                    + " MemoryStateRepository)");
            assertThat(log.text().lines().filter(l -> l.contains("Snapshot of customer done"))).singleElement()
                    .asString().matches("INFO Snapshot of customer done: 250 objects in [0-9.]+ s \\([0-9]+ objects/s\\);"
                                        + READS + "; following changes from the Events API");
        }
    }

    /** What a progress line says of the key's reads, which Stripe's read allocation counts. */
    private static final String READS = " [0-9,]+ read requests of the key so far, [0-9,]+ a day at the last hour's rate"
                                        + " \\([0-9,]+ in 30 days\\)";

    @Test
    void aLongSnapshotSaysHowFarItIsAtASteadyPaceNotPerPage() throws Exception {
        context.getComponent("stripe-sync", StripeSyncComponent.class).getConfiguration().setApiKey("sk_test_warn");
        sim.seed("customer", 600, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("name", "c" + i));
        sim.faults().latency(Duration.ofMillis(30), Duration.ZERO);
        java.util.List<Object> sink = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (LogCapture log = new LogCapture(StripeSyncConsumer.class, org.apache.logging.log4j.Level.INFO)) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("stripe-sync:customer?stateRepository=#positions&initialDelay=0&delay=20&batchSize=10"
                         + "&snapshotParallelism=1").routeId("progress").autoStartup(false)
                            .process(e -> sink.add(e.getIn().getHeader(StripeSyncConstants.OBJECT_ID)));
                }
            });
            context.start();
            StripeSyncConsumer consumer = (StripeSyncConsumer) context.getRoute("progress").getConsumer();
            consumer.progressEvery(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(300));
            context.getRouteController().startRoute("progress");
            await().atMost(Duration.ofSeconds(30)).until(() -> log.text().contains("Snapshot of customer done"));
            java.util.List<String> progress = log.text().lines().filter(l -> l.startsWith("INFO Snapshot of customer: "))
                    .toList();
            // 60 pages of 10 at about 30 ms each: a line every 300 ms, not one per page
            assertThat(progress).hasSizeBetween(1, 20).allSatisfy(l -> assertThat(l).matches(
                    "INFO Snapshot of customer: [0-9]+ objects in [0-9]+ s \\([0-9]+ objects/s\\), [0-9]+ created-time"
                    + " slices still open;" + READS));
        }
    }

    @Test
    void aKeyWrittenIntoAUriIsWarnedAboutOncePerComponent() throws Exception {
        try (LogCapture log = new LogCapture(StripeSyncComponent.class)) {
            context.start();
            context.getEndpoint("stripe-sync:customer?apiKey=sk_test_inuri1234&operation=list");
            context.getEndpoint("stripe-sync:invoice?apiKey=sk_test_inuri1234&operation=list");
            assertThat(log.text().lines().filter(l -> l.contains("in its URI")))
                    .containsExactly("WARN stripe-sync:customer has a secret (apiKey, proxyPassword or webhookSecret) in"
                                     + " its URI: Camel's route dump shows URIs as written. Set it from a property"
                                     + " placeholder or on the component (camel.component.stripe-sync.api-key, a secret"
                                     + " option, masked everywhere) instead.");
            assertThat(log.text()).doesNotContain("sk_test_inuri1234");
        }
    }

    @Test
    void aKeyFromAPropertyPlaceholderIsNotWarnedAbout() throws Exception {
        // the route shows {{stripe.key}}, not the key: as a Kamelet's apiKey property does
        java.nio.file.Path file = java.nio.file.Files.createTempFile("stripe", ".properties");
        java.nio.file.Files.writeString(file, "stripe.key=sk_test_fromproperty\n");
        ((org.apache.camel.component.properties.PropertiesComponent) context.getPropertiesComponent())
                .setLocation("file:" + file);
        try (LogCapture log = new LogCapture(StripeSyncComponent.class)) {
            context.start();
            StripeSyncEndpoint endpoint = context.getEndpoint("stripe-sync:customer?apiKey={{stripe.key}}&operation=list",
                    StripeSyncEndpoint.class);
            assertThat(endpoint.getConfiguration().getApiKey()).isEqualTo("sk_test_fromproperty");
            assertThat(log.text()).isEmpty();
        }
    }

    @Test
    void aKeyOnTheComponentIsNotWarnedAbout() throws Exception {
        context.getComponent("stripe-sync", StripeSyncComponent.class).getConfiguration().setApiKey("sk_test_oncomponent");
        try (LogCapture log = new LogCapture(StripeSyncComponent.class)) {
            context.start();
            context.getEndpoint("stripe-sync:customer?operation=list");
            assertThat(log.text()).isEmpty();
        }
    }

    @Test
    void aConsumerOnAListThatNeedsAFilterFailsWhenItsRouteIsCreated() throws Exception {
        context.getComponent("stripe-sync", StripeSyncComponent.class).getConfiguration().setApiKey("sk_test_warn");
        route("stripe-sync:subscription_item?stateRepository=#positions", new java.util.ArrayList<>());
        Throwable t = catchThrowable(context::start);
        assertThat(t).isNotNull();
        assertThat(org.apache.camel.util.ObjectHelper.getException(IllegalArgumentException.class, t)).hasMessage(
                "Resource 'subscription_item' can only be listed with subscription given, which the stripe-sync consumer"
                + " does not support yet");
        assertThat(sim.counters().total()).as("no request was made").isZero();
    }
}
