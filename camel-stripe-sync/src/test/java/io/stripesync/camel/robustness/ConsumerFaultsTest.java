package io.stripesync.camel.robustness;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.stripesync.camel.LogCapture;
import io.stripesync.camel.StripeSyncConstants;
import io.stripesync.camel.StripeSyncConsumer;
import io.stripesync.camel.TestComponents;
import io.stripesync.camel.position.Phase;
import io.stripesync.camel.position.Position;
import io.stripesync.camel.position.PositionCodec;
import io.stripesync.camel.position.PositionStore;
import io.stripesync.camel.simulator.Simulated;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.ScheduledPollConsumerHealthCheck;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/** What the consumer does when Stripe refuses, fails, forgets events, or the stored position is wrong. */
class ConsumerFaultsTest {

    private static final String KEY = "sk_test_faultykey0000wxyz";

    @RegisterExtension
    static WireMockExtension wire = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @Simulated(seed = 101)
    private StripeSimulator sim;
    private CamelContext context;
    private MemoryStateRepository state;
    private final List<Exchange> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        sim.seed("customer", 30, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("name", "c" + i));
        state = new MemoryStateRepository();
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    private void route(String options, String apiBase) throws Exception {
        context = new DefaultCamelContext();
        context.getRegistry().bind("positions", state);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("stripe-sync:customer?apiKey=" + KEY + "&apiBase=" + apiBase + "&stateRepository=#positions"
                     + "&initialDelay=0&delay=20&maxRequestsPerSecond=0&maxNetworkRetries=0" + options)
                        .routeId("sync").process(e -> received.add(e.copy()));
            }
        });
        context.start();
    }

    private StripeSyncConsumer consumer() {
        return (StripeSyncConsumer) context.getRoute("sync").getConsumer();
    }

    private HealthCheck.Result health() {
        return new ScheduledPollConsumerHealthCheck(consumer(), "stripe-sync-customer").call();
    }

    @Test
    void refusedKeyStopsPollingAndHealthIsDownWithTheStatus() throws Exception {
        sim.faults().rejectApiKey(KEY);
        route("", sim.baseUrl());
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.counters().withStatus(401) >= 1);
        Thread.sleep(300);
        long requests = sim.counters().total();
        Thread.sleep(500);
        assertThat(sim.counters().total()).as("no hot retry loop: no request after the refusal").isEqualTo(requests);
        assertThat(requests).isEqualTo(1);
        HealthCheck.Result result = health();
        assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(result.getDetails()).containsEntry(HealthCheck.HTTP_RESPONSE_CODE, 401);
        assertThat(result.getError()).isPresent();
        assertThat(result.getError().get().getMessage()).contains("sk_test_...wxyz").contains("HTTP 401")
                .doesNotContain(KEY);
    }

    @Test
    void forbiddenKeyLikewise() throws Exception {
        sim.faults().forbidApiKey(KEY);
        route("", sim.baseUrl());
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.counters().withStatus(403) >= 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> health().getState() == HealthCheck.State.DOWN);
        assertThat(health().getDetails()).containsEntry(HealthCheck.HTTP_RESPONSE_CODE, 403);
        Thread.sleep(300);
        assertThat(sim.counters().total()).isEqualTo(1);
    }

    /** An alert on WARN sees every failed poll, whatever the level: at DEBUG the trace comes too, not instead. */
    @Test
    void aFailedPollIsAWarnLineAtEveryLevel() throws Exception {
        try (LogCapture log = new LogCapture(StripeSyncConsumer.class, org.apache.logging.log4j.Level.DEBUG)) {
            route("", sim.baseUrl());
            await().atMost(Duration.ofSeconds(10)).until(() -> consumer().getPosition() != null
                                                              && TestComponents.inPhase(consumer(), Phase.CDC));
            sim.faults().failNext(2, 503);
            await().atMost(Duration.ofSeconds(10)).until(() -> log.text().lines()
                    .filter(l -> l.startsWith("WARN Failed polling endpoint")).count() == 2);
            assertThat(log.text().lines().filter(l -> l.startsWith("WARN Failed polling endpoint")))
                    .allSatisfy(l -> assertThat(l).contains("Polling customer failed"));
            assertThat(log.text()).contains("DEBUG Trace of the failed poll above");
        }
    }

    @Test
    void failedPollsKeepThePositionAndRecover() throws Exception {
        route("&batchSize=10", sim.baseUrl());
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer().getPosition() != null
                                                          && TestComponents.inPhase(consumer(), Phase.CDC));
        Position before = consumer().getPosition();
        sim.faults().failNext(8, 503);
        String id = sim.create("customer", Map.of("name", "during the outage")).get("id").getAsString();
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.counters().withStatus(503) == 8);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 31);
        assertThat(received.get(30).getIn().getHeader(StripeSyncConstants.OBJECT_ID)).isEqualTo(id);
        assertThat(consumer().getPosition().cursors().get(0)).isNotEqualTo(before.cursors().get(0));
        assertThat(health().getState()).isEqualTo(HealthCheck.State.UP);
    }

    @Test
    void anUnreachableBaseIsNamedInOneLinePerFailedPoll() throws Exception {
        try (LogCapture log = new LogCapture(StripeSyncConsumer.class)) {
            route("", "http://127.0.0.1:9");
            await().atMost(Duration.ofSeconds(10)).until(() -> log.text().lines().count() >= 3);
            context.stop();
            List<String> lines = log.text().lines().toList();
            assertThat(lines).allSatisfy(line -> assertThat(line).startsWith("WARN ")
                    .contains("Cannot reach http://127.0.0.1:9 (GET /v1/").contains("HttpHostConnectException: Connect to http://127.0.0.1:9 failed: Connection refused")
                    .doesNotContain("api.stripe.com").doesNotContain("internet connection"));
            assertThat(lines).as("no stack trace at WARN").noneMatch(line -> line.startsWith("\tat ") || line.startsWith("at "));
        }
    }

    @Test
    void failedPollsBackOffByDefault() throws Exception {
        sim.faults().errorRate(1.0, 503);
        route("", sim.baseUrl());
        assertThat(consumer().getBackoffErrorThreshold()).isEqualTo(3);
        assertThat(consumer().getBackoffMultiplier()).isEqualTo(12);
        // 3 failed polls in a row, then the scheduler skips its runs: no request while it backs off
        await("backing off after 3 failed polls").atMost(Duration.ofSeconds(10))
                .until(() -> consumer().getBackoffCounter() > 0);
        assertThat(consumer().getErrorCounter()).as("failed polls before backing off").isGreaterThanOrEqualTo(3);
        long whenBackingOff = sim.counters().withStatus(503);
        await("6 runs skipped").atMost(Duration.ofSeconds(10)).until(() -> consumer().getBackoffCounter() >= 6);
        assertThat(sim.counters().withStatus(503)).as("requests while the scheduler skips its runs")
                .isEqualTo(whenBackingOff);
        context.stop();

        sim.counters().reset();
        route("&backoffErrorThreshold=0", sim.baseUrl());
        List<Integer> backoffSeen = new java.util.concurrent.CopyOnWriteArrayList<>();
        await("10 failed polls in a row").atMost(Duration.ofSeconds(10)).until(() -> {
            backoffSeen.add(consumer().getBackoffCounter());
            return consumer().getErrorCounter() >= 10;
        });
        context.stop();
        assertThat(backoffSeen).as("backoffErrorThreshold=0: every run polls, 10 failures in a row").containsOnly(0);
    }

    @Test
    void notFoundOnTheListPathIsAnErrorNotAnEmptyResult() throws Exception {
        wire.stubFor(get(urlPathEqualTo("/v1/events")).willReturn(okJson("{\"object\":\"list\",\"data\":[],\"has_more\":false}")));
        // a test key's snapshot of customers first lists the test clocks (customers on clocks need a pass each)
        wire.stubFor(get(urlPathEqualTo("/v1/test_helpers/test_clocks"))
                .willReturn(okJson("{\"object\":\"list\",\"data\":[],\"has_more\":false}")));
        wire.stubFor(get(urlPathEqualTo("/v1/customers")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Unrecognized request URL\"}}")));
        route("", wire.baseUrl());
        // the health check reads the last failed poll (it keeps polling on ordinary errors, so read it in one go)
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            HealthCheck.Result r = health();
            return r.getState() == HealthCheck.State.DOWN
                   && Integer.valueOf(404).equals(r.getDetails().get(HealthCheck.HTTP_RESPONSE_CODE));
        });
        assertThat(consumer().getPosition().phase()).as("never moved on to CDC as if empty").isEqualTo(Phase.SNAPSHOT);
        assertThat(received).isEmpty();
    }

    @Test
    void expiredEventsTakeANewSnapshotByDefault() throws Exception {
        route("&batchSize=10", sim.baseUrl());
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 30
                                                          && TestComponents.inPhase(consumer(), Phase.CDC));
        sim.create("customer", Map.of("name", "seen by CDC"));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 31);
        context.stop();
        received.clear();
        sim.clock().advance(Duration.ofDays(31));
        String late = sim.create("customer", Map.of("name", "made while the route was down")).get("id").getAsString();
        sim.delete("customer", sim.objects("customer").get(5).get("id").getAsString());
        try (LogCapture log = new LogCapture(StripeSyncConsumer.class)) {
            route("&batchSize=10", sim.baseUrl());
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 31
                                                              && TestComponents.inPhase(consumer(), Phase.CDC));
            // the warning the docs promise, saying why
            assertThat(log.text()).contains("WARN Stripe no longer has event ")
                    .contains("Stripe keeps events for 30 days, so changes after it may be lost. Taking a new snapshot of"
                              + " customer (onEventsExpired=resnapshot), then following changes again");
        }
        Set<String> snapshot = new HashSet<>();
        received.stream().filter(e -> "snapshot".equals(e.getIn().getHeader(StripeSyncConstants.OPERATION)))
                .forEach(e -> snapshot.add(e.getIn().getHeader(StripeSyncConstants.OBJECT_ID, String.class)));
        Set<String> live = new HashSet<>();
        sim.objects("customer").forEach(o -> live.add(o.get("id").getAsString()));
        assertThat(snapshot).as("a new snapshot of everything alive").isEqualTo(live).contains(late);
    }

    @Test
    void expiryIsDetectedEvenBeforeTheFirstEventOfTheResource() throws Exception {
        sim.create("invoice", Map.of("customer", "cus_1"));      // the account's clock: an event of another type
        route("&batchSize=10", sim.baseUrl());
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 30
                                                          && TestComponents.inPhase(consumer(), Phase.CDC));
        assertThat(consumer().getPosition().cursors().get(0).eventId()).as("no customer event yet").isNull();
        context.stop();
        received.clear();
        // changes while the route is down, whose events then expire, and a recent event that shows Stripe's time
        String gone = sim.create("customer", Map.of("name", "created, then its event expired")).get("id").getAsString();
        sim.delete("customer", sim.objects("customer").get(3).get("id").getAsString());
        sim.clock().advance(Duration.ofDays(31));
        sim.create("invoice", Map.of("customer", "cus_2"));
        route("&batchSize=10", sim.baseUrl());
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 30 && TestComponents.inPhase(consumer(), Phase.CDC));
        Set<String> snapshot = new HashSet<>();
        received.stream().filter(e -> "snapshot".equals(e.getIn().getHeader(StripeSyncConstants.OPERATION)))
                .forEach(e -> snapshot.add(e.getIn().getHeader(StripeSyncConstants.OBJECT_ID, String.class)));
        Set<String> live = new HashSet<>();
        sim.objects("customer").forEach(o -> live.add(o.get("id").getAsString()));
        assertThat(snapshot).as("a new snapshot instead of silently skipping the expired events").isEqualTo(live).contains(gone);
    }

    @Test
    void expiredEventsWithFailStopWithAClearError() throws Exception {
        route("&batchSize=10&onEventsExpired=fail", sim.baseUrl());
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer().getPosition() != null
                                                          && TestComponents.inPhase(consumer(), Phase.CDC));
        sim.create("customer", Map.of("name", "x"));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 31);
        context.stop();
        sim.clock().advance(Duration.ofDays(31));
        route("&batchSize=10&onEventsExpired=fail", sim.baseUrl());
        await().atMost(Duration.ofSeconds(10)).until(() -> health().getState() == HealthCheck.State.DOWN);
        String message = health().getError().orElseThrow().getMessage();
        assertThat(message).contains("Stripe keeps events for 30 days").contains("onEventsExpired=fail")
                .contains(io.stripesync.camel.TestComponents.stateKey(sim.baseUrl(), "customer", null));
        long requests = sim.counters().total();
        Thread.sleep(300);
        assertThat(sim.counters().total()).isEqualTo(requests);
    }

    @Test
    void unreadableOrForeignPositionsFailAtStartNamingTheKey() throws Exception {
        // stored under the key of earlier versions: still read (and checked) when the endpoint's own key holds nothing
        String key = PositionStore.legacyKeyFor(null, "customer", null);
        state.setState(key, "{garbage");
        Throwable t = catchThrowable(() -> route("", sim.baseUrl()));
        assertThat(t).as("the route does not start").isNotNull();
        assertThat(messages(t)).anyMatch(m -> m.contains("state key 'stripe-sync/platform/customer'") && m.contains("Remove that key"));
        context = null;

        Position invoice = Position.start("invoice", null, true, List.of(), Map.of(), 0);
        state.setState(key, PositionCodec.encode(invoice));
        t = catchThrowable(() -> route("", sim.baseUrl()));
        assertThat(messages(t)).anyMatch(m -> m.contains("belongs to resource 'invoice'") && m.contains("stripe-sync/platform/customer"));
        context = null;

        Position otherAccount = Position.start("customer", "acct_1Other", true, List.of(), Map.of(), 0);
        state.setState(key, PositionCodec.encode(otherAccount));
        t = catchThrowable(() -> route("", sim.baseUrl()));
        assertThat(messages(t)).anyMatch(m -> m.contains("account acct_1Other") && m.contains("set another stateKey"));
        context = null;
    }

    @Test
    void aStoredSnapshotIsFinishedEvenWithSnapshotFalse() throws Exception {
        sim.faults().latency(Duration.ofMillis(150), Duration.ZERO);
        route("&batchSize=10&maxMessagesPerPoll=5", sim.baseUrl());
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 5);
        context.stop();
        int before = received.size();
        assertThat(PositionCodec.decode(state.getState(io.stripesync.camel.TestComponents.stateKey(sim.baseUrl(), "customer", null))).phase())
                .isEqualTo(Phase.SNAPSHOT);
        sim.faults().latency(Duration.ZERO, Duration.ZERO);
        route("&batchSize=10&snapshot=false", sim.baseUrl());
        await().atMost(Duration.ofSeconds(10)).until(() -> TestComponents.inPhase(consumer(), Phase.CDC));
        assertThat(received).as("the snapshot went on where it stopped").hasSize(30);
        assertThat(before).isLessThan(30);
    }

    private static List<String> messages(Throwable t) {
        List<String> all = new ArrayList<>();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.add(String.valueOf(c.getMessage()));
        }
        return all;
    }
}
