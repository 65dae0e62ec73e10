package io.stripesync.camel.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonObject;
import com.stripe.exception.RateLimitException;
import io.stripesync.camel.simulator.Request;
import io.stripesync.camel.simulator.Simulated;
import io.stripesync.camel.simulator.StripeSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The account's budget: the global pace, each endpoint's pace under it, the cap in flight, and 429s retried by reason. */
@Tag("slow")
class AccountBudgetTest {

    private final StripeClients clients = new StripeClients();

    @Simulated(seed = 3)
    private StripeSimulator sim;


    @AfterEach
    void stop() {
        clients.closeAll();
    }

    private StripeGateway gateway(String key, double rate, int networkRetries, long rateLimitMaxWait) {
        return clients.gateway(new ClientSettings(key, sim.baseUrl(), null, null, null, 30_000, 80_000, networkRetries,
                rateLimitMaxWait), rate);
    }

    /** Callers sending one request after the other for 2 s, each on a path of {@code paths}; answers how many went. */
    private static void hammer(StripeGateway gateway, List<String> paths, int callers) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        for (int i = 0; i < callers; i++) {
            String path = paths.get(i % paths.size());
            pool.execute(() -> {
                while (System.nanoTime() < end) {
                    try {
                        gateway.get(path, Map.of("limit", 1));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** Each request takes one turn of the limiter: 8 callers for 2 s at 20/s send about 40 requests, not 160 (unpaced). */
    @Test
    void aRequestTakesOneTurn() throws Exception {
        hammer(gateway("sk_test_paced", 20, 0, 0), List.of("/v1/customers", "/v1/products"), 8);
        // 1 at once, then one every 50 ms for 2 s; the callers' last turns may spill past the 2 s
        assertThat(sim.counters().total()).isBetween(38L, 49L);
    }

    /** Stripe allows one endpoint 25 a second, whatever the global budget: one list endpoint gets 24, two get 48. */
    @Test
    void eachEndpointIsPacedUnderTheGlobalPace() throws Exception {
        StripeGateway gateway = gateway("sk_live_paced", 96, 0, 0);
        hammer(gateway, List.of("/v1/customers"), 8);
        assertThat(sim.counters().route("GET /v1/customers")).as("one endpoint, 2 s at 24/s").isBetween(46L, 58L);
        String one = sim.create("customer", Map.of("name", "one")).get("id").getAsString();
        String two = sim.create("customer", Map.of("name", "two")).get("id").getAsString();
        sim.counters().reset();
        hammer(gateway, List.of("/v1/customers", "/v1/products", "/v1/customers/" + one, "/v1/customers/" + two), 8);
        assertThat(sim.counters().route("GET /v1/customers")).isBetween(46L, 58L);
        assertThat(sim.counters().route("GET /v1/products")).isBetween(46L, 58L);
        assertThat(sim.counters().route("GET /v1/customers/{id}")).as("ids collapsed: one endpoint").isBetween(46L, 58L);
        AccountBudget budget = clients.budget("sk_live_paced", null);
        assertThat(budget.endpoint("GET /v1/customers/{id}").rate()).isEqualTo(24.0);
        assertThat(budget.endpoint("GET /v1/customers/" + one)).isNull();
    }

    @Test
    void searchAndFilesArePacedAtNineteen() {
        assertThat(EndpointPath.of("GET", "/v1/customers/search?query=x")).isEqualTo("GET /v1/customers/search");
        assertThat(EndpointPath.of("GET", "/v1/checkout/sessions/cs_test_a1B2/line_items"))
                .isEqualTo("GET /v1/checkout/sessions/{id}/line_items");
        assertThat(EndpointPath.of("POST", "/v1/payment_intents/pi_3Nx/confirm")).isEqualTo("POST /v1/payment_intents/{id}/confirm");
        assertThat(EndpointPath.of("GET", "/v1/accounts/acct_1Ab/persons")).isEqualTo("GET /v1/accounts/{id}/persons");
    }

    /**
     * Rate-limited answers (no Stripe-Should-Retry, as Stripe sends them) are retried after a backoff until they pass:
     * with a third of all answers 429, every call still succeeds, each 429 counted by its reason.
     */
    @Test
    void rateLimitedAnswersAreRetriedAndCountedByReason() throws Exception {
        sim.faults().rateLimitedRate(0.35);
        StripeGateway gateway = gateway("sk_test_backoff", 0, 0, 120_000);
        for (int i = 0; i < 12; i++) {
            assertThat(gateway.get("/v1/customers", Map.of("limit", 1)).get("object").getAsString()).isEqualTo("list");
        }
        long refused = sim.counters().withStatus(429);
        assertThat(refused).as("the simulator refused some").isPositive();
        assertThat(sim.counters().withStatus(200)).isEqualTo(12);
        ResponseCounts counts = clients.budget("sk_test_backoff", null).counts();
        assertThat(counts.tooManyRequests()).isEqualTo(refused);
        assertThat(counts.tooManyRequestsByReason().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(refused);
        assertThat(counts.tooManyRequestsByReason().keySet()).isSubsetOf("global-rate", "endpoint-rate",
                "global-concurrency", "endpoint-concurrency", "resource-specific");
        assertThat(counts.reads().total()).as("every attempt is a read").isEqualTo(12 + refused);
    }

    /** A write retried after a 429 is the same request: one Idempotency-Key, one object. */
    @Test
    void aRetriedWriteKeepsItsIdempotencyKey() throws Exception {
        sim.faults().failNext(0, 0).rateLimitedRate(0.6);
        StripeGateway gateway = gateway("sk_test_writes", 0, 0, 120_000);
        JsonObject made = gateway.call("POST", "/v1/customers", Map.of("name", "once"), null, "create-once-1").body();
        sim.faults().rateLimitedRate(0);
        List<Request> posts = new ArrayList<>(sim.counters().requests().stream()
                .filter(r -> r.method().equals("POST")).toList());
        assertThat(posts).isNotEmpty().allSatisfy(r -> assertThat(r.idempotencyKey()).isEqualTo("create-once-1"));
        assertThat(posts.get(posts.size() - 1).status()).isEqualTo(200);
        assertThat(sim.objects("customer")).extracting(o -> o.get("id").getAsString())
                .containsExactly(made.get("id").getAsString());
    }

    /** Once the backoff's time is spent the 429 reaches stripe-java, which throws it; 0 does not retry at all. */
    @Test
    void theBackoffEndsAfterItsMaximumWait() {
        sim.faults().rateLimitedRate(1.0);
        StripeGateway none = gateway("sk_test_nowait", 0, 0, 0);
        RateLimitException e = catchThrowableOfType(RateLimitException.class, () -> none.get("/v1/customers", null));
        assertThat(e.getStatusCode()).isEqualTo(429);
        assertThat(sim.counters().route("GET /v1/customers")).isEqualTo(1);

        sim.counters().reset();
        StripeGateway brief = gateway("sk_test_brief", 0, 0, 2_000);
        long start = System.nanoTime();
        assertThat(catchThrowableOfType(RateLimitException.class, () -> brief.get("/v1/customers", null))).isNotNull();
        long millis = (System.nanoTime() - start) / 1_000_000;
        // 0.25-0.5 s, 0.5-1 s, 1-2 s ...: at least two retries fit in 2 s, and none starts after it
        assertThat(sim.counters().route("GET /v1/customers")).isBetween(3L, 5L);
        assertThat(millis).isLessThan(2_500);
    }

    /** Lock timeouts carry Stripe-Should-Retry: stripe-java retries them (maxNetworkRetries), the backoff leaves them. */
    @Test
    void lockTimeoutsAreLeftToStripeJava() {
        sim.faults().lockTimeoutRate(1.0);
        StripeGateway gateway = gateway("sk_test_locked", 0, 2, 120_000);
        RateLimitException e = catchThrowableOfType(RateLimitException.class,
                () -> gateway.call("POST", "/v1/customers", Map.of("name", "l"), null, "lock-1"));
        assertThat(e.getCode()).isEqualTo("lock_timeout");
        assertThat(sim.counters().route("POST /v1/customers")).as("1 + stripe-java's 2 retries").isEqualTo(3);
        assertThat(clients.budget("sk_test_locked", null).counts().tooManyRequestsByReason())
                .isEqualTo(Map.of(ResponseCounts.LOCK_TIMEOUT, 3L));
    }

    /** The reason says which budget slows: endpoint-rate that endpoint's pace, global-rate the key's. */
    @Test
    void aRateLimitSlowsTheBudgetItNames() throws Exception {
        StripeGateway gateway = gateway("sk_live_slow", 96, 0, 120_000);
        gateway.get("/v1/customers", null);
        gateway.get("/v1/products", null);
        AccountBudget budget = clients.budget("sk_live_slow", null);
        sim.faults().rateLimit(1000, 1);
        // a second request to the endpoint within the second: endpoint-rate, then retried after the backoff
        gateway.get("/v1/customers", null);
        gateway.get("/v1/customers", null);
        assertThat(budget.counts().tooManyRequestsByReason()).containsKey("endpoint-rate");
        assertThat(budget.endpoint("GET /v1/customers").rate()).as("that endpoint slowed").isLessThan(24.0);
        assertThat(budget.endpoint("GET /v1/products").rate()).as("the others did not").isEqualTo(24.0);
        assertThat(budget.global().rate()).isGreaterThan(90.0);
    }

    /** A concurrency refusal caps the requests in flight below what was in flight when Stripe refused. */
    @Test
    void aConcurrencyRefusalCapsTheRequestsInFlight() throws Exception {
        sim.faults().latency(java.time.Duration.ofMillis(200), java.time.Duration.ZERO).concurrencyLimit(4);
        StripeGateway gateway = gateway("sk_live_flight", 0, 0, 120_000);
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<java.util.concurrent.Future<JsonObject>> answers = new ArrayList<>();
        for (int i = 0; i < 36; i++) {
            answers.add(pool.submit(() -> gateway.get("/v1/customers", null)));
        }
        for (var answer : answers) {
            assertThat(answer.get(60, TimeUnit.SECONDS).get("object").getAsString()).isEqualTo("list");
        }
        pool.shutdown();
        AccountBudget budget = clients.budget("sk_live_flight", null);
        assertThat(budget.counts().tooManyRequestsByReason()).containsKey("global-concurrency");
        assertThat(budget.inFlightCap()).as("capped, not yet grown back to no cap").isLessThanOrEqualTo(12);
    }
}
