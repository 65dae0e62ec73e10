package io.stripesync.camel.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.StripeClient;
import com.stripe.net.ApiResource;
import com.stripe.net.FormEncoder;
import com.stripe.param.CustomerCreateParams;
import io.stripesync.camel.StripeSyncComponent;
import io.stripesync.camel.StripeSyncConstants;
import io.stripesync.camel.StripeSyncConsumer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Test;

/**
 * The component against a simulator with Stripe's real limits (docs.stripe.com/rate-limits): per key 100 requests a
 * second live, 25 per endpoint, 429s that name their reason and are never retried by stripe-java, and events rendered at
 * the account's API version, older than stripe-java's. Default options throughout. Prints figures, asserts nothing.
 *
 * <pre>
 * mvn -B -q -Pbench -pl camel-stripe-sync -am test -Dtest=StripeLimitsBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * {@code bench.scenarios} picks among {@code one,four,several,severalcdc,cdc,idle,idleseveral,webhooks,reread,accounts};
 * {@code bench.idleMinutes} (10) sets the idle runs' length, {@code bench.accounts} (5,000) the connected accounts.
 */
class StripeLimitsBenchmark {

    private static final String KEY = "sk_live_benchmark";
    /** An account created before stripe-java's pinned version, as most are. */
    private static final String ACCOUNT_VERSION = "2024-06-20";
    private static final int ENDPOINT_BOUND = 2_500;

    private final int customers = Integer.getInteger("bench.customers", 50_000);
    private final int events = Integer.getInteger("bench.events", 100_000);
    private final int typedEvents = Integer.getInteger("bench.typedEvents", 1_000);
    private final int idleMinutes = Integer.getInteger("bench.idleMinutes", 10);
    private final List<String> scenarios = List.of(System.getProperty("bench.scenarios",
            "one,four,several,severalcdc,cdc,idle,idleseveral,webhooks,reread,accounts")
            .split(","));

    private SimulatorProcess sim;

    /** Counts the polls that failed: the consumer's exception handler, given in the URI. */
    private static final class FailedPolls implements ExceptionHandler {
        final AtomicLong count = new AtomicLong();

        @Override
        public void handleException(Throwable exception) {
            count.incrementAndGet();
        }

        @Override
        public void handleException(String message, Throwable exception) {
            count.incrementAndGet();
        }

        @Override
        public void handleException(String message, Exchange exchange, Throwable exception) {
            count.incrementAndGet();
        }
    }

    /** Records reaching the route: how many, and from the first to the last. */
    private static final class Arrivals {
        private final CountDownLatch done;
        private final AtomicLong count = new AtomicLong();
        private long first;
        private long last;

        Arrivals(int expected) {
            done = new CountDownLatch(expected);
        }

        synchronized void arrived() {
            long now = System.nanoTime();
            if (count.getAndIncrement() == 0) {
                first = now;
            }
            last = now;
            done.countDown();
        }

        void await(String what) throws InterruptedException {
            if (!done.await(30, TimeUnit.MINUTES)) {
                throw new IllegalStateException("only " + count.get() + " " + what + " in 30 minutes");
            }
        }

        synchronized double seconds() {
            return (last - first) / 1e9;
        }

        long count() {
            return count.get();
        }

        double rate() {
            return count() / seconds();
        }
    }

    @Test
    void run() throws Exception {
        try (SimulatorProcess started = new SimulatorProcess(customers)) {
            sim = started;
            System.out.printf(Locale.ROOT, "%nStripe's limits: live key, 100 requests/s per key, 25/s per endpoint, 429s"
                                           + " with Stripe-Rate-Limited-Reason; default options; %d cores%n",
                    Runtime.getRuntime().availableProcessors());
            if (scenarios.contains("one")) {
                snapshots(List.of("customer"), false);
            }
            if (scenarios.contains("four")) {
                for (String resource : List.of("product", "price", "coupon")) {
                    sim.command("seed " + resource + " " + customers);
                }
                snapshots(List.of("customer", "product", "price", "coupon"), false);
            }
            if (scenarios.contains("several")) {
                if (!scenarios.contains("four")) {
                    for (String resource : List.of("product", "price", "coupon")) {
                        sim.command("seed " + resource + " " + customers);
                    }
                }
                snapshots(List.of("customer", "product", "price", "coupon"), true);
            }
            if (scenarios.contains("severalcdc")) {
                severalCatchUp(List.of("customer", "product", "price", "coupon"));
            }
            if (scenarios.contains("cdc")) {
                catchUp();
            }
            if (scenarios.contains("idle")) {
                idle(List.of("customer"));
            }
            if (scenarios.contains("idleseveral")) {
                idle(List.of("customer", "product", "price", "coupon", "invoice", "subscription", "invoiceitem",
                        "charge", "refund", "payment_intent"));
            }
            if (scenarios.contains("webhooks")) {
                webhooks();
            }
            if (scenarios.contains("reread")) {
                reread();
            }
            if (scenarios.contains("accounts")) {
                accounts();
            }
        }
    }

    private CamelContext context(FailedPolls failures) {
        CamelContext context = new DefaultCamelContext();
        StripeSyncComponent component = new StripeSyncComponent();
        component.getConfiguration().setApiKey(KEY);
        context.addComponent("stripe-sync", component);
        context.getRegistry().bind("failures", failures);
        return context;
    }

    /**
     * Snapshots of these resources at once in one CamelContext, 250 ms per answer: a route each, or one endpoint
     * following them all ({@code stripe-sync:a,b,c}).
     */
    private void snapshots(List<String> resources, boolean oneEndpoint) throws Exception {
        sim.command("latency 250");
        sim.command("limit stripe");
        sim.command("reset");
        Arrivals arrivals = new Arrivals(customers * resources.size());
        FailedPolls failures = new FailedPolls();
        try (CamelContext context = context(failures)) {
            context.getRegistry().bind("positions", new MemoryStateRepository());
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    for (String endpoint : oneEndpoint ? List.of(String.join(",", resources)) : resources) {
                        from("stripe-sync:" + endpoint + "?stateRepository=#positions&initialDelay=0&bodyType=json"
                             + "&exceptionHandler=#failures&apiBase=" + sim.baseUrl()).routeId(endpoint)
                                .filter(header(StripeSyncConstants.OPERATION).isEqualTo("snapshot"))
                                .process(e -> arrivals.arrived());
                    }
                }
            });
            context.start();
            arrivals.await("records");
            long requests = sim.stat("requests");
            long refused = sim.stat("tooMany");
            double bound = Math.min(100, 25.0 * resources.size()) * 100;
            System.out.printf(Locale.ROOT, "%nsnapshot of %s, %,d objects each, 250 ms per answer%n", oneEndpoint
                    ? String.join(",", resources) + " from one endpoint" : String.join(", ", resources) + " at once",
                    customers);
            System.out.printf(Locale.ROOT, "  %,.0f objects/s (%,d in %.1f s) = %.2f x Stripe's bound of %,.0f objects/s;"
                                           + " %,d requests, %,d answered 429 (%.2f %%), %d failed polls%n",
                    arrivals.rate(), arrivals.count(), arrivals.seconds(), arrivals.rate() / bound, bound, requests,
                    refused, 100.0 * refused / requests, failures.count.get());
        }
    }

    /** A backlog of {@code events} changes of these resources in turn, delivered by one endpoint following them all. */
    private void severalCatchUp(List<String> resources) throws Exception {
        sim.command("latency 0");
        sim.command("limit 0");
        sim.command("version " + ACCOUNT_VERSION);
        String list = String.join(",", resources);
        Map<String, String> saved = positionNow(list);
        String made = sim.command("events " + events + " " + list);
        System.out.printf(Locale.ROOT, "%nCDC catch-up of %s from one endpoint, changes made while it was down, the"
                                       + " account at %s, 250 ms per answer%n", list, ACCOUNT_VERSION);
        catchUp(list, "map", saved, Integer.parseInt(made.substring(3).trim()));
        sim.command("version " + com.stripe.Stripe.API_VERSION);
    }

    /** A CDC backlog of {@code events} changes at the account's older version, with JSON map and typed bodies. */
    private void catchUp() throws Exception {
        sim.command("latency 0");
        sim.command("limit 0");
        sim.command("version " + ACCOUNT_VERSION);
        Map<String, String> saved = positionNow("customer");
        String made = sim.command("events " + events);
        int backlog = Integer.parseInt(made.substring(3).trim());
        System.out.printf(Locale.ROOT, "%nCDC catch-up: changes of customers made while the route was down, the account"
                                       + " at %s, 250 ms per answer%n", ACCOUNT_VERSION);
        Map<String, String> end = catchUp("customer", "map", saved, backlog);
        // typed bodies read every change again (stripe-java's models are made for its pinned version), one retrieve
        // endpoint at 24/s: a smaller backlog tells the cost per change
        sim.command("latency 0");
        sim.command("limit 0");
        made = sim.command("events " + typedEvents);
        catchUp("customer", "object", end, Integer.parseInt(made.substring(3).trim()));
        sim.command("version " + com.stripe.Stripe.API_VERSION);
    }

    /** The position a route of these resources takes at the newest event and saves, before any change is made. */
    private Map<String, String> positionNow(String resources) throws Exception {
        Map<String, String> saved = new ConcurrentHashMap<>();
        try (CamelContext first = context(new FailedPolls())) {
            first.getRegistry().bind("positions", savingInto(saved));
            first.addRoutes(route(resources, "&snapshot=false&bodyType=map", null));
            first.start();
            Thread.sleep(2000);
        }
        return saved;
    }

    /** A position store that also copies every save into the map. */
    private static MemoryStateRepository savingInto(Map<String, String> saved) {
        return new MemoryStateRepository() {
            @Override
            public void setState(String key, String value) {
                super.setState(key, value);
                saved.put(key, value);
            }
        };
    }

    /**
     * Delivers a backlog of {@code backlog} changes of these resources from the position in {@code from}; answers the
     * position after.
     */
    private Map<String, String> catchUp(String resources, String body, Map<String, String> from, int backlog)
            throws Exception {
        Map<String, String> after = new ConcurrentHashMap<>(from);
        MemoryStateRepository positions = savingInto(after);
        from.forEach(positions::setState);
        sim.command("latency 250");
        sim.command("limit stripe");
        sim.command("reset");
        Arrivals arrivals = new Arrivals(backlog);
        FailedPolls failed = new FailedPolls();
        try (CamelContext context = context(failed)) {
            context.getRegistry().bind("positions", positions);
            context.addRoutes(route(resources, "&snapshot=false&bodyType=" + body, e -> arrivals.arrived()));
            context.start();
            arrivals.await("changes");
            double seconds = arrivals.seconds();
            long eventRequests = count("GET /v1/events");
            long reads = sim.stat("reads");
            System.out.printf(Locale.ROOT, "  bodyType=%s, %,d changes: %,.0f events/s (%.1f s) = %.2f x the events endpoint's"
                                           + " %,d; %.4f event requests per change, %.4f reads per change outside the event"
                                           + " pages (%,d object reads); %,d answered 429, %d failed polls%n", body,
                    backlog, arrivals.rate(), seconds, arrivals.rate() / ENDPOINT_BOUND, ENDPOINT_BOUND,
                    (double) eventRequests / backlog, (double) (reads - eventRequests) / backlog,
                    count("GET /v1/customers/{id}"), sim.stat("tooMany"), failed.count.get());
        }
        return after;
    }

    private long count(String route) throws Exception {
        return Long.parseLong(sim.command("count " + route).substring("COUNT ".length()).trim());
    }

    private RouteBuilder route(String resource, String options, org.apache.camel.Processor sink) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("stripe-sync:" + resource + "?stateRepository=#positions&initialDelay=0&exceptionHandler=#failures"
                     + "&apiBase=" + sim.baseUrl() + options).routeId(resource)
                        .process(e -> {
                            if (sink != null && e.getIn().getHeader(StripeSyncConstants.OBJECT_ID) != null) {
                                sink.process(e);
                            }
                        });
            }
        };
    }

    /** One resource on an idle account with default options: its reads per minute, then a change's delay. */
    private void idle(List<String> resources) throws Exception {
        sim.command("latency 0");
        sim.command("limit stripe");
        FailedPolls failures = new FailedPolls();
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        try (CamelContext context = context(failures)) {
            context.getRegistry().bind("positions", new MemoryStateRepository());
            context.addRoutes(route(String.join(",", resources), "&snapshot=false&bodyType=json",
                    e -> arrivals.add(System.nanoTime())));
            sim.command("reset");
            context.start();
            List<Long> perMinute = new ArrayList<>();
            long before = 0;
            for (int minute = 0; minute < idleMinutes; minute++) {
                Thread.sleep(60_000);
                long reads = sim.stat("reads");
                perMinute.add(reads - before);
                before = reads;
            }
            long afterFirst = perMinute.stream().skip(1).mapToLong(Long::longValue).sum();
            // a customer made one simulated second later (the command moves the clock first): at Stripe, minutes of
            // idling put any new event in a later second than the cursor's
            long made = System.nanoTime();
            sim.command("events 1");
            long waitedFor = System.nanoTime();
            while (arrivals.isEmpty() && System.nanoTime() - waitedFor < TimeUnit.MINUTES.toNanos(3)) {
                Thread.sleep(100);
            }
            System.out.printf(Locale.ROOT, "%nidle: %s on an idle account for %d minutes, default options"
                                           + " (delay 5 s, maxIdleDelay 60 s)%n", resources.size() == 1
                    ? "one resource" : resources.size() + " resources from one endpoint", idleMinutes);
            System.out.printf(Locale.ROOT, "  reads per minute %s: %.2f a minute after the first minute (%,.0f a day, %,.0f"
                                           + " in 30 days); a change made then arrived after %.1f s%n", perMinute,
                    (double) afterFirst / Math.max(1, idleMinutes - 1), afterFirst / Math.max(1.0, idleMinutes - 1) * 1440,
                    afterFirst / Math.max(1.0, idleMinutes - 1) * 1440 * 30,
                    arrivals.isEmpty() ? Double.NaN : (arrivals.get(0) - made) / 1e9);
        }
    }

    /**
     * The daily re-read of invoice items (whose updates reach no event), 250 ms per answer: the snapshot, then a day
     * later a re-read over unchanged objects (nothing to emit), then one after 1 % of them changed.
     */
    private void reread() throws Exception {
        sim.command("seed invoiceitem " + customers);
        sim.command("latency 250");
        sim.command("limit stripe");
        FailedPolls failures = new FailedPolls();
        AtomicLong records = new AtomicLong();
        AtomicLong markers = new AtomicLong();
        AtomicLong later = new AtomicLong();
        try (CamelContext context = context(failures)) {
            context.getRegistry().bind("positions", new MemoryStateRepository());
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("stripe-sync:invoiceitem?stateRepository=#positions&initialDelay=0&exceptionHandler=#failures"
                         + "&bodyType=json&roundMarkers=true&apiBase=" + sim.baseUrl()).routeId("invoiceitem")
                            .process(e -> (e.getIn().getHeader(StripeSyncConstants.OBJECT_ID) == null ? markers : records)
                                    .incrementAndGet());
                }
            });
            sim.command("reset");
            long start = System.nanoTime();
            context.start();
            StripeSyncConsumer consumer = (StripeSyncConsumer) context.getRoute("invoiceitem").getConsumer();
            io.stripesync.camel.TestComponents.wallClock(consumer, () -> System.currentTimeMillis() + later.get());
            awaitMarkers(markers, 1);
            System.out.printf(Locale.ROOT, "%nreread: %,d invoice items, re-read daily (their updates reach no event),"
                                           + " 250 ms answers%n", customers);
            System.out.printf(Locale.ROOT, "  snapshot: %,d records in %.1f s, %,d list requests; heap after GC %d MB"
                                           + " (digests of every object kept)%n", records.get(),
                    (System.nanoTime() - start) / 1e9, sim.count("GET /v1/invoiceitems"), heapAfterGcMb());
            for (int changed : new int[] {0, customers / 100}) {
                if (changed > 0) {
                    sim.command("touch invoiceitem " + changed);
                }
                long before = records.get();
                long lists = sim.count("GET /v1/invoiceitems");
                long reads = sim.stat("reads");
                long began = System.nanoTime();
                later.addAndGet(TimeUnit.DAYS.toMillis(1));
                awaitMarkers(markers, markers.get() + 1);
                System.out.printf(Locale.ROOT, "  a day later, %,d changed: %,d records, %,d list requests (%,d reads in"
                                               + " all) in %.1f s; %d failed polls, 429s %d%n", changed,
                        records.get() - before, sim.count("GET /v1/invoiceitems") - lists, sim.stat("reads") - reads,
                        (System.nanoTime() - began) / 1e9, failures.count.get(), sim.stat("tooMany"));
            }
        }
    }

    /**
     * A Connect platform from one endpoint ({@code customer?accounts=all}, default options, 50 ms answers): 5,000
     * connected accounts without changes and one busy one (a customer made every second, from the start). First every
     * account's start (its position: a snapshot of nothing, its event cursor), then idleMinutes minute by minute: the
     * requests of the idle accounts and of the busy one, the busy one's lag from a change to its exchange, the feeds
     * open.
     */
    private void accounts() throws Exception {
        int count = Integer.getInteger("bench.accounts", 5_000);
        sim.command("latency 50");
        sim.command("limit stripe");
        sim.command("tick");
        String busy = sim.command("connect " + count).substring(3).trim();
        FailedPolls failures = new FailedPolls();
        Map<String, Long> made = new ConcurrentHashMap<>();
        List<Double> lags = new CopyOnWriteArrayList<>();
        Map<String, String> saved = new ConcurrentHashMap<>();
        try (CamelContext context = context(failures)) {
            context.getRegistry().bind("positions", savingInto(saved));
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("stripe-sync:customer?accounts=all&bodyType=json&stateRepository=#positions&initialDelay=0"
                         + "&exceptionHandler=#failures&apiBase=" + sim.baseUrl()).routeId("accounts")
                            .process(e -> {
                                Long at = made.remove(e.getIn().getHeader(StripeSyncConstants.OBJECT_ID, String.class));
                                if (at != null) {
                                    lags.add((System.nanoTime() - at) / 1e9);
                                }
                            });
                }
            });
            sim.command("reset");
            long start = System.nanoTime();
            context.start();
            StripeSyncConsumer consumer = (StripeSyncConsumer) context.getRoute("accounts").getConsumer();
            // the busy account changes from the start: every second a customer, timed from its create to its exchange
            Thread writer = new Thread(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        long at = System.nanoTime();
                        made.put(sim.command("create " + busy + " customer").substring(3).trim(), at);
                        Thread.sleep(1000);
                    }
                } catch (Exception e) {
                    Thread.currentThread().interrupt();
                }
            });
            writer.start();
            System.out.printf(Locale.ROOT, "%naccounts: %,d connected accounts from one endpoint (customer?accounts=all,"
                                           + " default options: delay 5 s, maxIdleDelay 15 min), one busy (a change a"
                                           + " second from the start), 50 ms answers%n", count);
            for (int waited = 0; saved.size() < count; waited++) {
                Thread.sleep(1000);
                if (waited % 60 == 59) {
                    List<Double> lagsNow = new ArrayList<>(lags);
                    lags.clear();
                    System.out.printf(Locale.ROOT, "  starting: %,d of %,d positions saved, %,d requests, %,d feeds open;"
                                                   + " the busy account's lag avg %.1f s max %.1f s over %d changes%n",
                            saved.size(), count, sim.stat("requests"), consumer.getAccountFeedsOpen(),
                            lagsNow.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
                            lagsNow.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN), lagsNow.size());
                }
            }
            System.out.printf(Locale.ROOT, "  start: every account's position in %.0f s, %,d requests (%.1f an account),"
                                           + " %,d answered 429, %d failed polls; heap after GC %d MB%n",
                    (System.nanoTime() - start) / 1e9, sim.stat("requests"), sim.stat("requests") / (double) count,
                    sim.stat("tooMany"), failures.count.get(), heapAfterGcMb());
            long requests = sim.stat("requests");
            long busyRequests = accountCount(busy);
            for (int minute = 1; minute <= idleMinutes; minute++) {
                lags.clear();
                Thread.sleep(60_000);
                long nowRequests = sim.stat("requests");
                long nowBusy = accountCount(busy);
                List<Double> minuteLags = new ArrayList<>(lags);
                System.out.printf(Locale.ROOT, "  minute %2d: idle accounts %,6d requests (%,.0f an hour at this"
                                               + " rate), busy one %,4d; its lag avg %.1f s max %.1f s over %d changes;"
                                               + " feeds open %d; 429s %d; failed polls %d%n", minute,
                        (nowRequests - requests) - (nowBusy - busyRequests),
                        ((nowRequests - requests) - (nowBusy - busyRequests)) * 60.0, nowBusy - busyRequests,
                        minuteLags.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
                        minuteLags.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
                        minuteLags.size(), consumer.getAccountFeedsOpen(), sim.stat("tooMany"), failures.count.get());
                requests = nowRequests;
                busyRequests = nowBusy;
            }
            writer.interrupt();
            writer.join();
            System.out.printf(Locale.ROOT, "  heap after GC %d MB with %,d accounts followed; an idle account settles at"
                                           + " one request per 15 min: %,d requests per idle hour for all of them%n",
                    heapAfterGcMb(), consumer.getAccountsFollowed(), count * 4L);
        }
    }

    private long accountCount(String account) throws Exception {
        return Long.parseLong(sim.command("accountcount " + account).substring("COUNT ".length()).trim());
    }

    private static void awaitMarkers(AtomicLong markers, long count) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        while (markers.get() < count) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("round " + count + " did not end in 30 minutes");
            }
            Thread.sleep(100);
        }
    }

    private static long heapAfterGcMb() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
    }

    /**
     * Webhooks from an endpoint the user registered (so Stripe renders its events at the account's version, older than
     * stripe-java's): 30 changes a second, each timed from its create to its exchange.
     */
    private void webhooks() throws Exception {
        sim.command("latency 0");
        sim.command("limit 0");
        // Stripe's clock moves: a pushed change is then newer than what the backstop poll has read; and the account's
        // version is learnt from its newest event, which a second later is the endpoint's, not an earlier scenario's
        sim.command("tick");
        Thread.sleep(1100);
        sim.command("version " + ACCOUNT_VERSION);
        sim.command("reset");
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/stripe";
        StripeClient client = StripeClient.builder().setApiKey("sk_test_benchmark").setApiBase(sim.baseUrl()).build();
        // an account with a past: its newest event tells its version (a webhook endpoint makes none)
        client.products().create(com.stripe.param.ProductCreateParams.builder().setName("a product").build());
        // registered by the user without api_version, as the Dashboard does: its events come at the account's version
        JsonObject endpoint = JsonParser.parseString(client.rawRequest(ApiResource.RequestMethod.POST,
                "/v1/webhook_endpoints", FormEncoder.createQueryString(Map.of("url", url, "enabled_events",
                        List.of("customer.created", "customer.updated", "customer.deleted")))).body()).getAsJsonObject();
        Map<String, Long> sent = new ConcurrentHashMap<>();
        List<Long> nanos = new CopyOnWriteArrayList<>();
        java.util.Set<String> versions = ConcurrentHashMap.newKeySet();
        int changes = 20 + 900;
        CountDownLatch done = new CountDownLatch(changes);
        FailedPolls failures = new FailedPolls();
        try (CamelContext context = new DefaultCamelContext()) {
            var http = new org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration();
            http.setBindHost("127.0.0.1");
            http.setBindPort(port);
            context.addService(new org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer(http));
            StripeSyncComponent component = new StripeSyncComponent();
            component.getConfiguration().setApiKey("sk_test_benchmark");
            component.getConfiguration().setWebhookSecret(endpoint.get("secret").getAsString());
            context.addComponent("stripe-sync", component);
            context.getRegistry().bind("positions", new MemoryStateRepository());
            context.getRegistry().bind("failures", failures);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("webhook:stripe-sync:customer?webhookAutoRegister=false&webhookExternalUrl=http://127.0.0.1:"
                         + port + "&webhookPath=/stripe&webhookComponentName=platform-http&snapshot=false&initialDelay=0"
                         + "&bodyType=json&stateRepository=#positions&apiBase=" + sim.baseUrl()).routeId("webhooks")
                            .process(e -> {
                                JsonObject customer = JsonParser.parseString(e.getIn().getBody(String.class))
                                        .getAsJsonObject();
                                versions.add(e.getIn().getHeader(StripeSyncConstants.API_VERSION, String.class));
                                Long start = customer.has("email") ? sent.get(customer.get("email").getAsString()) : null;
                                if (start != null && "create".equals(e.getIn().getHeader(StripeSyncConstants.OPERATION))) {
                                    if (!customer.get("email").getAsString().startsWith("warmup")) {
                                        nanos.add(System.nanoTime() - start);
                                    }
                                    done.countDown();
                                }
                            });
                }
            });
            context.start();
            Thread.sleep(1500);
            long next = System.nanoTime();
            for (int i = 0; i < changes; i++) {
                String email = (i < 20 ? "warmup" : "change") + i + "@example.com";
                // 30 a second, evenly
                next += TimeUnit.MILLISECONDS.toNanos(33);
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                sent.put(email, System.nanoTime());
                client.customers().create(CustomerCreateParams.builder().setEmail(email).build());
            }
            if (!done.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("only " + (changes - done.getCount()) + " of " + changes + " changes arrived");
            }
        }
        List<Long> sorted = nanos.stream().sorted().toList();
        System.out.printf(Locale.ROOT, "%nwebhooks from a user-registered endpoint at the account's version %s, 30 changes/s%n",
                ACCOUNT_VERSION);
        System.out.printf(Locale.ROOT, "  p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d changes); %d object reads%n",
                sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1) / 1e6,
                sorted.get(sorted.size() - 1) / 1e6, sorted.size(), count("GET /v1/customers/{id}"));
        System.out.println("  versions of the records: " + versions);
        sim.command("version " + com.stripe.Stripe.API_VERSION);
    }
}
