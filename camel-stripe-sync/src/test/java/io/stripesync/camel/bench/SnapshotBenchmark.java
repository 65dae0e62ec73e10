package io.stripesync.camel.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.stripe.StripeClient;
import com.stripe.model.Customer;
import com.stripe.param.CustomerListParams;
import com.stripe.param.EventListParams;
import io.stripesync.camel.StripeSyncComponent;
import io.stripesync.camel.StripeSyncConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Test;

/**
 * How fast a snapshot and a CDC catch-up run against a Stripe with real latency and a rate limit, next to what a
 * hand-written stripe-java loop does over the same simulator, and the bound (rate x 100 objects per page). The simulator
 * runs in a process of its own ({@link SimulatorProcess}), so the heap figures are the component's.
 *
 * <p>Run it with (one line; the properties are optional):
 * <pre>
 * mvn -B -q -Pbench -pl camel-stripe-sync -am test -Dbench.customers=50000 -Dbench.events=100000 -Dbench.heap=1g
 * </pre>
 * {@code bench.scenarios} picks scenarios ({@code ceiling,paced100,default,unlimited,cdc,cdcdefault,latency,webhookburst}); {@code bench.parallelism}
 * sets snapshotParallelism for every component run. It prints figures and asserts nothing: speed is measured here,
 * never by a timed unit test.
 */
class SnapshotBenchmark {

    private static final String KEY = "sk_live_benchmark";
    private final int customers = Integer.getInteger("bench.customers", 50_000);
    private final int events = Integer.getInteger("bench.events", 100_000);
    private final int loopPages = Integer.getInteger("bench.loopPages", 40);
    private final String parallelism = System.getProperty("bench.parallelism", "");
    private final List<String> scenarios = List.of(System.getProperty("bench.scenarios",
            "ceiling,paced100,default,unlimited,cdc,cdcdefault,latency,webhookburst").split(","));

    private SimulatorProcess simulator;
    private String baseUrl;

    @Test
    void run() throws Exception {
        startSimulator();
        try {
            System.out.printf(Locale.ROOT, "%nbenchmark: %,d customers, component heap max %d MB, %d cores%n", customers,
                    Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
            if (scenarios.contains("ceiling")) {
                ceiling();
            }
            if (scenarios.contains("paced100")) {
                snapshot("250 ms latency, Stripe limit 100/s, maxRequestsPerSecond=100", 250, 100, "&maxRequestsPerSecond=100", 100);
            }
            if (scenarios.contains("default")) {
                snapshot("250 ms latency, Stripe limit 100/s, default pacing (96/s, 24/s per endpoint)", 250, 100, "", 96);
            }
            if (scenarios.contains("unlimited")) {
                snapshot("no latency, no limit, pacing off", 0, 0, "&maxRequestsPerSecond=0", 0);
            }
            if (scenarios.contains("cdc")) {
                catchUp(250, 100, "&maxRequestsPerSecond=100", 100);
            }
            if (scenarios.contains("cdcdefault")) {
                catchUp(250, 100, "", 96);
            }
            if (scenarios.contains("latency")) {
                System.out.printf(Locale.ROOT, "%nchange latency: a customer created through the API -> its exchange in the"
                                               + " route; no latency, no limit%n");
                if (!Boolean.getBoolean("bench.webhooksOnly")) {
                    latency(5000, false, false);
                    latency(1000, false, false);
                }
                latency(0, true, false);
                latency(0, true, true);
            }
            if (scenarios.contains("webhookburst")) {
                System.out.printf(Locale.ROOT, "%nwebhook burst: %d customers created by 8 threads without pause, each"
                                               + " pushed to the route; no latency, no limit%n", BURST);
                burst(false);
                burst(true);
            }
        } finally {
            simulator.close();
        }
    }

    private void startSimulator() throws Exception {
        simulator = new SimulatorProcess(customers);
        baseUrl = simulator.baseUrl();
    }

    private String command(String line) throws Exception {
        return simulator.command(line);
    }

    private long requests() throws Exception {
        return simulator.stat("requests");
    }

    private long tooMany() throws Exception {
        return simulator.stat("tooMany");
    }

    /** What the simulator serves at most: 32 threads listing customer pages of 100 as fast as they can, for 3 s. */
    private void ceiling() throws Exception {
        StripeClient client = client(0);
        CustomerListParams params = CustomerListParams.builder().setLimit(100L).build();
        double pages = ceiling(() -> client.customers().list(params));
        System.out.printf(Locale.ROOT, "simulator ceiling: %,.0f list requests/s of 100 objects = %,.0f objects/s"
                                       + " (32 client threads, no latency, no limit)%n", pages, pages * 100);
    }

    /** Pages of 100 events the simulator serves at most, each a random 2-second window of the backlog: 32 threads, 3 s. */
    private double eventsCeiling(long oldest, long newest) throws Exception {
        StripeClient client = client(0);
        return ceiling(() -> {
            long from = oldest + java.util.concurrent.ThreadLocalRandom.current().nextLong(Math.max(1, newest - oldest));
            client.events().list(EventListParams.builder().setLimit(100L).setCreated(EventListParams.Created.builder()
                    .setGte(from).setLt(from + 2).build()).build());
        });
    }

    private interface Request {
        void send() throws Exception;
    }

    /** Requests/s the simulator answers to 32 threads sending one request after the other for 3 s. */
    private double ceiling(Request request) throws Exception {
        command("latency 0");
        command("limit 0");
        AtomicLong pages = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        for (int i = 0; i < 32; i++) {
            pool.execute(() -> {
                while (System.nanoTime() < end) {
                    try {
                        request.send();
                        pages.incrementAndGet();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);
        return pages.get() / 3.0;
    }

    private StripeClient client(int retries) {
        return StripeClient.builder().setApiKey(KEY).setApiBase(baseUrl).setMaxNetworkRetries(retries).build();
    }

    private void snapshot(String title, int latencyMillis, int limit, String options, int pacing) throws Exception {
        command("latency " + latencyMillis);
        command("limit " + limit);
        command("reset");
        // the loop a user writes: stripe-java's auto-paging iterator, one page after the other (a prefix is enough:
        // it runs at a steady rate)
        StripeClient client = client(5);
        // without latency a prefix lasts a few milliseconds: then the loop reads everything, as the component does, and
        // both run three times (the best of each counts): a run of half a second is at the mercy of one pause
        int loopObjects = latencyMillis == 0 ? customers : Math.min(customers, loopPages * 100);
        int runs = latencyMillis == 0 ? 3 : 1;
        double loopRate = 0;
        int n = 0;
        for (int r = 0; r < runs; r++) {
            long start = System.nanoTime();
            n = 0;
            for (Customer c : client.customers().list(CustomerListParams.builder().setLimit(100L).build()).autoPagingIterable()) {
                if (++n >= loopObjects) {
                    break;
                }
            }
            loopRate = Math.max(loopRate, n / ((System.nanoTime() - start) / 1e9));
        }
        Run run = null;
        for (int r = 0; r < runs; r++) {
            command("reset");
            Run next = component(options, customers, false);
            run = run == null || next.rate() > run.rate() ? next : run;
        }
        // one resource lists one endpoint: the component paces it at 24/s whatever the key's rate
        double bound = (pacing == 0 ? limit : Math.min(pacing, 24)) * 100.0;
        System.out.printf(Locale.ROOT, "%n%s%n", title);
        System.out.printf(Locale.ROOT, "  hand-written stripe-java loop: %,10.0f objects/s (%,d objects)%n", loopRate, n);
        System.out.printf(Locale.ROOT, "  component snapshot:            %,10.0f objects/s (%,d objects in %.1f s, %.1fx the loop;"
                                       + " %d readers, %,d requests), peak heap %d MB, %d answered 429%n", run.rate(),
                run.records(), run.seconds(), run.rate() / loopRate, run.readers(), requests(), run.peakHeapMb(), tooMany());
        if (bound > 0) {
            System.out.printf(Locale.ROOT, "  bound (rate x 100):            %,10.0f objects/s; the component reaches %.0f%%%n",
                    bound, 100 * run.rate() / bound);
        }
    }

    private void catchUp(int latencyMillis, int limit, String pacing, int rate) throws Exception {
        command("latency 0");
        command("limit 0");
        MemoryStateRepository positions = new MemoryStateRepository();
        command("events 1");
        // first run: no snapshot, the position is taken at the newest event and saved
        try (CamelContext first = context(positions, "&snapshot=false&maxRequestsPerSecond=100", 0, new CountDownLatch(0),
                new AtomicLong(), new long[2])) {
            first.start();
            Thread.sleep(2000);
        }
        String made = command("events " + events);
        int backlog = Integer.parseInt(made.substring(3).trim());
        // the simulator's own ceiling for the pages the catch-up asks for (which also warms up its code for them)
        StripeClient client = client(0);
        long newest = client.events().list(EventListParams.builder().setLimit(1L).build()).getData().get(0).getCreated();
        double eventPages = eventsCeiling(newest - backlog / 50, newest);
        command("latency " + latencyMillis);
        command("limit " + limit);
        command("reset");
        Run run = component("&snapshot=false" + pacing, backlog, true, positions);
        System.out.printf(Locale.ROOT, "%nCDC catch-up: %,d events, %d ms latency, Stripe limit %d/s, %s%n", backlog,
                latencyMillis, limit, pacing.isEmpty() ? "default pacing (96/s, 24/s per endpoint)" : pacing.substring(1));
        System.out.printf(Locale.ROOT, "  simulator ceiling: %,.0f event list requests/s of 100 events (32 client threads,"
                                       + " no latency, no limit)%n", eventPages);
        System.out.printf(Locale.ROOT, "  component: %,10.0f events/s (%,d in %.1f s, %,d requests), peak heap %d MB, %d"
                                       + " answered 429; bound %,d events/s (%.0f%%)%n", run.rate(), run.records(),
                run.seconds(), requests(), run.peakHeapMb(), tooMany(), Math.min(rate, 24) * 100,
                100 * run.rate() / (Math.min(rate, 24) * 100));
    }

    /**
     * How long a change takes from Stripe to the route: 200 customers created through the API at random moments (0 to
     * 200 ms apart, after 20 unmeasured ones), each timed from just before its create request to its exchange. Polling only: the consumer sees a
     * change at its next poll, so the delay sets the figure. With webhooks: the route registers its webhook endpoint
     * with the simulator, which POSTs each event to it as Stripe does; the poll is the backstop (every 60 s).
     */
    private void latency(int delayMillis, boolean webhooks, boolean fileState) throws Exception {
        latency(delayMillis, webhooks, fileState, WARMUP + 200, 1);
    }

    /** Changes in a webhook burst. */
    private static final int BURST = 4000;

    /** How many changes a second webhooks carry to the route when they come at once, and their latency then. */
    private void burst(boolean fileState) throws Exception {
        latency(0, true, fileState, WARMUP + BURST, 8);
    }

    /**
     * @param senders 1: changes one after the other, 0 to 200 ms apart; more: that many threads creating without pause
     */
    private void latency(int delayMillis, boolean webhooks, boolean fileState, int changes, int senders)
            throws Exception {
        command("latency 0");
        command("limit 0");
        command("reset");
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        // each pushed event saves the position before Stripe is answered: the file store appends it to a file
        java.nio.file.Path positionsFile = java.nio.file.Files.createTempFile("stripe-sync-latency", ".dat");
        positionsFile.toFile().deleteOnExit();
        String from = webhooks
                ? "webhook:stripe-sync:customer?webhookExternalUrl=http://127.0.0.1:" + port + "&webhookPath=/stripe"
                  + "&webhookComponentName=platform-http&webhookDeleteOnStop=true&"
                : "stripe-sync:customer?delay=" + delayMillis + "&";
        Map<String, Long> sent = new ConcurrentHashMap<>();
        List<Long> millis = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicLong lastArrival = new java.util.concurrent.atomic.AtomicLong();
        long[] firstSentAt = new long[1];
        CountDownLatch done = new CountDownLatch(changes);
        try (CamelContext context = new DefaultCamelContext()) {
            if (webhooks) {
                org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration http
                        = new org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration();
                http.setBindHost("127.0.0.1");
                http.setBindPort(port);
                context.addService(new org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer(http));
            }
            StripeSyncComponent component = new StripeSyncComponent();
            // the simulator's objects and events are test mode (livemode false): a webhook route refuses them with a
            // live key (OTHER_MODE), as it would refuse a test event at Stripe
            component.getConfiguration().setApiKey(webhooks ? "sk_test_benchmark" : KEY);
            context.addComponent("stripe-sync", component);
            context.getRegistry().bind("positions", new MemoryStateRepository());
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(from + "snapshot=false&initialDelay=0&bodyType=json"
                         + (fileState ? "&stateFile=" + positionsFile : "&stateRepository=#positions")
                         + "&maxRequestsPerSecond=0&apiBase=" + baseUrl).routeId("latency")
                            .process(e -> {
                                com.google.gson.JsonObject customer = com.google.gson.JsonParser.parseString(
                                        e.getIn().getBody(String.class)).getAsJsonObject();
                                Long start = customer.has("email") && !customer.get("email").isJsonNull()
                                        ? sent.get(customer.get("email").getAsString()) : null;
                                if (start != null && "create".equals(e.getIn().getHeader(StripeSyncConstants.OPERATION))) {
                                    if (!customer.get("email").getAsString().startsWith("warmup")) {
                                        long now = System.nanoTime();
                                        millis.add(now - start);
                                        lastArrival.accumulateAndGet(now, Math::max);
                                    }
                                    done.countDown();
                                }
                            });
                }
            });
            context.start();
            // the position starts at the newest event: wait for the first poll to have taken it
            Thread.sleep(1500);
            StripeClient client = client(0);
            java.util.Random pause = new java.util.Random(7);
            for (int i = 0; i < (senders == 1 ? changes : WARMUP); i++) {
                // the first ones warm up both JVMs (connections, JIT), as a running application is: not measured
                String email = (i < WARMUP ? "warmup" : "latency") + (webhooks ? "webhook" : delayMillis) + "-" + i
                               + "@example.com";
                sent.put(email, System.nanoTime());
                client.customers().create(com.stripe.param.CustomerCreateParams.builder().setEmail(email).build());
                Thread.sleep(pause.nextInt(senders == 1 ? 200 : 20));
            }
            if (senders > 1) {
                Thread.sleep(500);
                firstSentAt[0] = System.nanoTime();
                ExecutorService pool = Executors.newFixedThreadPool(senders);
                java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger(WARMUP);
                for (int t = 0; t < senders; t++) {
                    pool.execute(() -> {
                        for (int i = next.getAndIncrement(); i < changes; i = next.getAndIncrement()) {
                            String email = "burst-" + i + "@example.com";
                            sent.put(email, System.nanoTime());
                            try {
                                client.customers().create(com.stripe.param.CustomerCreateParams.builder().setEmail(email)
                                        .build());
                            } catch (com.stripe.exception.StripeException e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    });
                }
                pool.shutdown();
            }
            if (!done.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("only " + (changes - done.getCount()) + " of " + changes + " changes arrived");
            }
            if (webhooks) {
                io.stripesync.camel.StripeSyncConsumer consumer = io.stripesync.camel.WebhookTestAccess.consumer(context,
                        "latency");
                System.out.printf(Locale.ROOT, "  webhook requests %d: %d delivered, %d duplicates, %d refused, %d failed%n",
                        consumer.getWebhookRequests(), consumer.getWebhookDeliveries(), consumer.getWebhookDuplicates(),
                        consumer.getWebhookRefusals(), consumer.getWebhookFailures());
            }
        }
        List<Long> sorted = millis.stream().sorted().toList();
        if (senders > 1) {
            System.out.printf(Locale.ROOT, "  %,.0f changes/s from the first create to the last exchange%n",
                    (changes - WARMUP) / ((lastArrival.get() - firstSentAt[0]) / 1e9));
        }
        System.out.printf(Locale.ROOT, "  %s: p50 %,.1f ms, p99 %,.1f ms, max %,.1f ms (%d changes)%n",
                (webhooks ? "webhooks (backstop poll every 60 s)" : "polling only, delay=" + delayMillis + " ms")
                + (fileState ? ", positions in the default file store" : ""),
                sorted.get((int) Math.ceil(0.50 * sorted.size()) - 1) / 1e6,
                sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1) / 1e6, sorted.get(sorted.size() - 1) / 1e6,
                sorted.size());
    }

    /** Changes made before the measured ones in a latency run. */
    private static final int WARMUP = 20;

    private record Run(long records, double seconds, long peakHeapMb, int readers) {
        double rate() {
            return records / seconds;
        }
    }

    private Run component(String options, int expected, boolean changes) throws Exception {
        return component(options, expected, changes, new MemoryStateRepository());
    }

    /** Runs the consumer until {@code expected} records arrived; the rate is from the first record to the last. */
    private Run component(String options, int expected, boolean changes, MemoryStateRepository positions) throws Exception {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        CountDownLatch done = new CountDownLatch(expected);
        AtomicLong count = new AtomicLong();
        long[] firstLast = new long[2];
        String parallel = parallelism.isEmpty() ? "" : "&snapshotParallelism=" + parallelism;
        try (CamelContext context = context(positions, options + parallel, expected, done, count, firstLast)) {
            context.start();
            if (!done.await(30, TimeUnit.MINUTES)) {
                throw new IllegalStateException("only " + count.get() + " of " + expected + " records in 30 minutes");
            }
            long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() >> 20;
            int readers = ((io.stripesync.camel.StripeSyncEndpoint) context.getEndpoints().stream()
                    .filter(e -> e instanceof io.stripesync.camel.StripeSyncEndpoint).findFirst().orElseThrow())
                    .getConfiguration().effectiveSnapshotParallelism();
            return new Run(count.get(), (firstLast[1] - firstLast[0]) / 1e9, peak, changes ? 1 : readers);
        }
    }

    private CamelContext context(MemoryStateRepository positions, String options, int expected, CountDownLatch done,
                                 AtomicLong count, long[] firstLast) throws Exception {
        CamelContext context = new DefaultCamelContext();
        StripeSyncComponent component = new StripeSyncComponent();
        component.getConfiguration().setApiKey(KEY);
        context.addComponent("stripe-sync", component);
        context.getRegistry().bind("positions", positions);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("stripe-sync:customer?batchSize=100&initialDelay=0&delay=50&stateRepository=#positions&bodyType=json"
                     + "&apiBase=" + baseUrl + options)
                        .process(e -> {
                            if (e.getIn().getHeader(StripeSyncConstants.OBJECT_ID) == null) {
                                return;
                            }
                            long now = System.nanoTime();
                            if (count.getAndIncrement() == 0) {
                                firstLast[0] = now;
                            }
                            firstLast[1] = now;
                            done.countDown();
                        });
            }
        });
        return context;
    }
}
