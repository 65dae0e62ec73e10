package io.stripesync.camel.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;
import com.stripe.StripeClient;
import com.stripe.exception.ApiException;
import com.stripe.exception.RateLimitException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Test controls: clock, latency, rate limit (429), injected 5xx, request counters, determinism. */
class SimulatorFaultsTest {

    @Simulated(seed = 99)
    private StripeSimulator sim;
    private SimHttp http;

    @BeforeEach
    void start() {
        http = new SimHttp(sim);
    }

    @Test
    void clockIsSettableAndStopsUnlessTicking() throws Exception {
        assertThat(sim.clock().now()).isEqualTo(StripeSimulator.DEFAULT_START);
        Thread.sleep(20);
        assertThat(sim.clock().now()).as("stopped by default").isEqualTo(StripeSimulator.DEFAULT_START);
        sim.clock().set(Instant.parse("2027-05-05T05:05:05Z"));
        assertThat(http.post("/v1/customers", "").json().get("created").getAsLong())
                .isEqualTo(Instant.parse("2027-05-05T05:05:05Z").getEpochSecond());
        sim.clock().advance(Duration.ofMinutes(2));
        assertThat(sim.clock().nowSeconds()).isEqualTo(Instant.parse("2027-05-05T05:07:05Z").getEpochSecond());
        sim.clock().ticking(true);
        Thread.sleep(30);
        assertThat(sim.clock().nowMillis()).isGreaterThan(Instant.parse("2027-05-05T05:07:05Z").toEpochMilli());
    }

    @Test
    void latencyDelaysEveryAnswer() {
        sim.faults().latency(Duration.ofMillis(150), Duration.ZERO);
        long start = System.nanoTime();
        assertThat(http.get("/v1/customers").status()).isEqualTo(200);
        assertThat(http.get("/v1/customers").status()).isEqualTo(200);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
    }

    @Test
    void rateLimitAnswers429AsStripeDoesWithAReasonAndNoRetryHeader() {
        sim.faults().rateLimit(5);
        int ok = 0;
        SimHttp.Response limited = null;
        List<Long> admitted = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            long sent = System.nanoTime();
            SimHttp.Response r = http.get("/v1/customers");
            if (r.status() == 200) {
                ok++;
                admitted.add(sent);
            } else {
                limited = r;
            }
        }
        // never more than 5 in any second: the first 5 pass, the 6th only a second after the first
        assertThat(ok).isGreaterThanOrEqualTo(5);
        for (int i = 5; i < admitted.size(); i++) {
            assertThat(admitted.get(i) - admitted.get(i - 5)).as("admitted request %d", i).isGreaterThan(900_000_000L);
        }
        assertThat(limited).isNotNull();
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Stripe-Rate-Limited-Reason")).isEqualTo("global-rate");
        assertThat(limited.header("Stripe-Should-Retry")).as("Stripe does not ask to retry a rate limit").isNull();
        assertThat(limited.header("Retry-After")).as("not documented by Stripe").isNull();
        assertThat(limited.error().get("code").getAsString()).isEqualTo("rate_limit");
        assertThat(sim.counters().withStatus(429)).isEqualTo(12 - ok);

        // stripe-java does not retry it, whatever its maxNetworkRetries
        sim.counters().reset();
        StripeClient retrying = StripeClient.builder().setApiKey("sk_test_simulator").setApiBase(sim.baseUrl())
                .setMaxNetworkRetries(3).build();
        RateLimitException e = catchThrowableOfType(RateLimitException.class, () -> retrying.customers().list());
        assertThat(e.getStatusCode()).isEqualTo(429);
        assertThat(e.getCode()).isEqualTo("rate_limit");
        assertThat(sim.counters().route("GET /v1/customers")).as("one attempt").isEqualTo(1);
    }

    @Test
    void stripesLimitersPerKeyAndPerEndpoint() {
        sim.faults().stripeRateLimits();
        SimHttp sandbox = new SimHttp(sim).key("sk_test_one");
        for (int i = 0; i < 25; i++) {
            assertThat(sandbox.get(i % 2 == 0 ? "/v1/customers" : "/v1/products").status()).isEqualTo(200);
        }
        SimHttp.Response spent = sandbox.post("/v1/customers", "name=w");
        assertThat(spent.status()).as("a sandbox key: 25 a second, reads and writes").isEqualTo(429);
        assertThat(spent.header("Stripe-Rate-Limited-Reason")).isEqualTo("global-rate");
        assertThat(new SimHttp(sim).key("sk_test_two").get("/v1/customers").status()).as("each key its own budget")
                .isEqualTo(200);

        SimHttp live = new SimHttp(sim).key("sk_live_one");
        for (int i = 0; i < 25; i++) {
            assertThat(live.get("/v1/customers?limit=1").status()).isEqualTo(200);
        }
        SimHttp.Response endpoint = live.get("/v1/customers?limit=2");
        assertThat(endpoint.status()).as("one endpoint, its 25").isEqualTo(429);
        assertThat(endpoint.header("Stripe-Rate-Limited-Reason")).isEqualTo("endpoint-rate");
        assertThat(live.get("/v1/customers/cus_missing").status()).as("another endpoint, ids collapsed").isEqualTo(404);
        for (int i = 0; i < 24; i++) {
            live.get("/v1/customers/cus_other" + i);
        }
        assertThat(live.get("/v1/customers/cus_more").header("Stripe-Rate-Limited-Reason")).isEqualTo("endpoint-rate");
        int products = 0;
        for (int i = 0; i < 60; i++) {
            products += live.get(i % 2 == 0 ? "/v1/products" : "/v1/prices").status() == 200 ? 1 : 0;
        }
        assertThat(products).as("a live key: 100 a second over every endpoint, 50 spent").isEqualTo(100 - 50);

        int searches = 0;
        SimHttp third = new SimHttp(sim).key("sk_live_three");
        for (int i = 0; i < 30; i++) {
            searches += third.get("/v1/customers/search?query=name:%27w%27").status() == 200 ? 1 : 0;
        }
        assertThat(searches).as("search: 20 a second").isEqualTo(RateWindows.SEARCH_PER_SECOND);
        assertThat(third.get("/v1/customers").status()).as("searches spend the global budget too, not beyond")
                .isEqualTo(200);
    }

    @Test
    void concurrencyLimiterRefusesRequestsBeyondThoseInFlight() throws Exception {
        sim.faults().latency(Duration.ofMillis(300), Duration.ZERO).concurrencyLimit(2);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<SimHttp.Response>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(pool.submit(() -> new SimHttp(sim).get("/v1/customers")));
        }
        List<String> reasons = new java.util.ArrayList<>();
        int ok = 0;
        for (var f : answers) {
            SimHttp.Response r = f.get();
            if (r.status() == 200) {
                ok++;
            } else {
                assertThat(r.status()).isEqualTo(429);
                reasons.add(r.header("Stripe-Rate-Limited-Reason"));
            }
        }
        pool.shutdown();
        assertThat(ok).isEqualTo(2);
        assertThat(reasons).containsExactly("global-concurrency", "global-concurrency");
        assertThat(http.get("/v1/customers").status()).as("room again once they were answered").isEqualTo(200);
    }

    @Test
    void randomRateLimitsNameEveryReasonAndLockTimeoutsAskToBeRetried() {
        sim.faults().rateLimitedRate(1.0);
        java.util.Set<String> reasons = new java.util.TreeSet<>();
        for (int i = 0; i < 60; i++) {
            SimHttp.Response r = http.get("/v1/customers");
            assertThat(r.status()).isEqualTo(429);
            assertThat(r.header("Stripe-Should-Retry")).isNull();
            reasons.add(r.header("Stripe-Rate-Limited-Reason"));
        }
        assertThat(reasons).containsExactlyInAnyOrder("endpoint-concurrency", "endpoint-rate", "global-concurrency",
                "global-rate", "resource-specific");

        sim.faults().clear().lockTimeoutRate(1.0);
        SimHttp.Response locked = http.post("/v1/customers", "name=l");
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.error().get("code").getAsString()).isEqualTo("lock_timeout");
        assertThat(locked.header("Stripe-Should-Retry")).isEqualTo("true");
        assertThat(locked.header("Stripe-Rate-Limited-Reason")).isNull();
    }

    @Test
    void readsAreCountedPerKeyAsStripesReadAllocationCountsThem() {
        new SimHttp(sim).key("sk_test_a").get("/v1/customers");
        new SimHttp(sim).key("sk_test_a").get("/v1/customers/cus_none");
        new SimHttp(sim).key("sk_test_a").post("/v1/customers", "name=w");
        new SimHttp(sim).key("sk_test_b").get("/v1/events");
        assertThat(sim.counters().reads("sk_test_a")).as("GETs, whatever the answer; not writes").isEqualTo(2);
        assertThat(sim.counters().reads("sk_test_b")).isEqualTo(1);
        assertThat(sim.counters().reads()).isEqualTo(3);
    }

    @Test
    void injected5xxAndStripeJavaRetriesThroughThem() throws Exception {
        sim.faults().failNext(2, 503);
        assertThat(http.get("/v1/customers").status()).isEqualTo(503);
        SimHttp.Response second = http.get("/v1/customers");
        assertThat(second.status()).isEqualTo(503);
        assertThat(second.error().get("type").getAsString()).isEqualTo("api_error");
        assertThat(second.header("Stripe-Should-Retry")).isEqualTo("true");
        assertThat(http.get("/v1/customers").status()).isEqualTo(200);

        sim.counters().reset();
        sim.faults().failNext(2, 500);
        StripeClient client = StripeClient.builder().setApiKey("sk_test_retry").setApiBase(sim.baseUrl())
                .setMaxNetworkRetries(2).build();
        assertThat(client.customers().list().getData()).isEmpty();
        assertThat(sim.counters().route("GET /v1/customers")).isEqualTo(3);
        assertThat(sim.counters().withStatus(500)).isEqualTo(2);

        sim.faults().failNext(1, 502);
        StripeClient noRetries = StripeClient.builder().setApiKey("sk_test_retry").setApiBase(sim.baseUrl())
                .setMaxNetworkRetries(0).build();
        assertThat(catchThrowableOfType(ApiException.class, () -> noRetries.customers().list()).getStatusCode())
                .isEqualTo(502);
    }

    @Test
    void seededErrorRateIsRepeatable() {
        int[] failures = new int[2];
        for (int run = 0; run < 2; run++) {
            try (StripeSimulator s = StripeSimulator.start(1234)) {
                s.faults().errorRate(0.3, 500);
                SimHttp h = new SimHttp(s);
                StringBuilder pattern = new StringBuilder();
                for (int i = 0; i < 40; i++) {
                    pattern.append(h.get("/v1/customers").status() == 500 ? 'x' : '.');
                }
                failures[run] = pattern.toString().hashCode();
                assertThat(pattern.toString()).contains("x").contains(".");
            }
        }
        assertThat(failures[0]).isEqualTo(failures[1]);
    }

    @Test
    void countersPerRouteAndStatusAndARequestLog() {
        String id = http.post("/v1/customers", "email=a%40b.io").json().get("id").getAsString();
        http.get("/v1/customers/" + id);
        http.get("/v1/customers/" + id);
        http.account("acct_9").idempotencyKey("k1").post("/v1/customers", "metadata[a]=1");
        http.get("/v1/customers?limit=3&created[gte]=5");
        http.get("/v1/nope");
        assertThat(sim.counters().total()).isEqualTo(6);
        assertThat(sim.counters().route("GET /v1/customers/{id}")).isEqualTo(2);
        assertThat(sim.counters().route("POST /v1/customers")).isEqualTo(2);
        assertThat(sim.counters().withStatus(404)).isEqualTo(1);
        assertThat(sim.counters().eventsRecorded()).isEqualTo(2);
        List<Request> log = sim.counters().requests();
        Request connect = log.get(3);
        assertThat(connect.stripeAccount()).isEqualTo("acct_9");
        assertThat(connect.idempotencyKey()).isEqualTo("k1");
        assertThat(connect.params()).isEqualTo(Map.of("metadata", Map.of("a", "1")));
        assertThat(log.get(4).params()).isEqualTo(Map.of("limit", "3", "created", Map.of("gte", "5")));
        assertThat(log.get(4).status()).isEqualTo(200);
    }

    @Test
    void sameSeedSameOperationsSameState() {
        List<JsonObject> a = run(77);
        List<JsonObject> b = run(77);
        assertThat(a).isEqualTo(b);
        assertThat(run(78)).isNotEqualTo(a);
    }

    private static List<JsonObject> run(long seed) {
        try (StripeSimulator s = StripeSimulator.start(seed)) {
            JsonObject c = s.create("customer", Map.of("email", "x@y.z"));
            s.clock().advance(Duration.ofSeconds(3));
            s.update("customer", c.get("id").getAsString(), Map.of("name", "N"));
            new SimHttp(s).post("/v1/invoices", "customer=" + c.get("id").getAsString());
            List<JsonObject> state = new java.util.ArrayList<>(s.events());
            state.addAll(s.objects("customer"));
            state.forEach(o -> stripRequestIds(o));
            return state;
        }
    }

    /** Request ids come from the same seeded generator, but HTTP threads may interleave; events keep them. */
    private static void stripRequestIds(JsonObject o) {
        if (o.has("request")) {
            o.remove("request");
        }
    }
}
