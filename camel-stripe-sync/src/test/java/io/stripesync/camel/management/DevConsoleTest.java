package io.stripesync.camel.management;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.stripesync.camel.StripeSyncComponent;
import io.stripesync.camel.simulator.Simulated;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.console.DevConsole;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The stripe-sync dev console: found by its id as Camel finds consoles, listing every running stream's figures. */
class DevConsoleTest {

    private static final String KEY = "sk_test_console";

    @Simulated(seed = 91)
    private StripeSimulator sim;

    @Test
    void listsEachStreamWithItsPhaseRecordsCursorReadsAndWebhooksWithoutAskingStripe() throws Exception {
        sim.seed("customer", 12, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("name", "c" + i));
        sim.seed("product", 5, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("name", "p" + i));
        try (CamelContext context = context()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    String options = "?apiBase=" + sim.baseUrl() + "&stateRepository=#positions&initialDelay=0&delay=20"
                                     + "&maxRequestsPerSecond=0";
                    from("stripe-sync:customer" + options).routeId("customers").to("log:c?level=OFF");
                    from("stripe-sync:product" + options).routeId("products").to("log:p?level=OFF");
                }
            });
            context.start();
            DevConsole console = PluginHelper.getDevConsoleResolver(context).resolveDevConsole("stripe-sync");
            assertThat(console).as("found by its id, as camel-main, Spring Boot's actuator and camel get find it")
                    .isNotNull();
            await().atMost(Duration.ofSeconds(10)).until(() -> streams(json(console)).size() == 2
                    && streams(json(console)).stream().allMatch(s -> "CDC".equals(s.get("phase"))));
            String created = sim.create("customer", Map.of("name", "after the snapshot")).get("id").getAsString();
            await().atMost(Duration.ofSeconds(10)).until(() -> createRecords(console, "customers") == 1);
            String newestEvent = sim.events().stream()
                    .filter(e -> e.getAsJsonObject("data").getAsJsonObject("object").get("id").getAsString().equals(created))
                    .map(e -> e.get("id").getAsString()).findFirst().orElseThrow();

            // the streams stop polling (suspended, still listed): what remains to count is what the console asks
            context.getRouteController().suspendRoute("customers");
            context.getRouteController().suspendRoute("products");
            Thread.sleep(100);
            long requests = sim.counters().total();
            Map<String, Object> json = json(console);
            String text = (String) console.call(DevConsole.MediaType.TEXT, Map.of());
            assertThat(sim.counters().total()).as("reading the console asks Stripe nothing").isEqualTo(requests);

            List<Map<String, Object>> streams = streams(json);
            assertThat(streams).extracting(s -> s.get("routeId")).containsExactly("customers", "products");
            Map<String, Object> customers = streams.get(0);
            assertThat(customers).containsEntry("resource", "customer").containsEntry("phase", "CDC")
                    .containsEntry("snapshotRecords", 12L).containsEntry("createRecords", 1L)
                    .containsEntry("openSnapshotSlices", 0).containsEntry("eventCursor", newestEvent)
                    .containsEntry("webhookRequests", 0L).containsEntry("tooManyRequests", 0L);
            assertThat((String) customers.get("stateKey")).contains("customer");
            assertThat((long) customers.get("readRequests")).as("the key's reads, as the simulator counted them")
                    .isPositive().isLessThanOrEqualTo(sim.counters().reads(KEY));
            assertThat(streams.get(1)).containsEntry("resource", "product").containsEntry("snapshotRecords", 5L);
            assertThat(text).contains("Route: customers (stripe-sync:customer, state key ")
                    .contains("Phase: CDC").contains("Records: 12 snapshot, 1 create, 0 update, 0 delete; 0 snapshot"
                                                     + " slices open")
                    .contains("Events cursor: " + newestEvent + " at ").contains("Route: products (stripe-sync:product");

            context.getRouteController().resumeRoute("customers");
            context.getRouteController().stopRoute("products");
            assertThat(streams(json(console))).as("a stopped stream is gone").extracting(s -> s.get("routeId"))
                    .containsExactly("customers");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aStreamOfSeveralResourcesListsEachResource() throws Exception {
        sim.seed("coupon", 4, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("name", "c" + i));
        sim.seed("product", 3, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("name", "p" + i));
        try (CamelContext context = context()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("stripe-sync:coupon,product?apiBase=" + sim.baseUrl() + "&stateRepository=#positions"
                         + "&initialDelay=0&delay=20&maxRequestsPerSecond=0").routeId("catalog").to("log:c?level=OFF");
                }
            });
            context.start();
            DevConsole console = PluginHelper.getDevConsoleResolver(context).resolveDevConsole("stripe-sync");
            await().atMost(Duration.ofSeconds(10)).until(() -> "CDC".equals(streams(json(console)).get(0).get("phase")));
            sim.create("product", Map.of("name", "after the snapshot"));
            await().atMost(Duration.ofSeconds(10)).until(() -> createRecords(console, "catalog") == 1);
            Map<String, Object> stream = streams(json(console)).get(0);
            assertThat(stream).containsEntry("resource", "coupon,product").containsEntry("snapshotRecords", 7L);
            assertThat((String) stream.get("stateKey")).endsWith("/platform/resources");
            List<Map<String, Object>> resources = (List<Map<String, Object>>) stream.get("resources");
            assertThat(resources).extracting(r -> r.get("resource")).containsExactly("coupon", "product");
            assertThat(resources.get(0)).containsEntry("phase", "CDC").containsEntry("snapshotRecords", 4L)
                    .containsEntry("changeRecords", 0L).containsEntry("openSnapshotSlices", 0L);
            assertThat(resources.get(1)).containsEntry("snapshotRecords", 3L).containsEntry("changeRecords", 1L);
            assertThat((String) console.call(DevConsole.MediaType.TEXT, Map.of()))
                    .contains("Route: catalog (stripe-sync:coupon,product, state key ")
                    .contains("Resource coupon: CDC, 0 snapshot slices open, changes from ")
                    .contains("; 3 snapshot records, 1 changes");
        }
    }

    @Test
    void aNewSnapshotRoundIsAskedForFromTheConsoleAndByAProducersSignalWithoutARestart() throws Exception {
        sim.seed("customer", 12, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("name", "c" + i));
        List<String> operations = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (CamelContext context = context()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("stripe-sync:customer?apiBase=" + sim.baseUrl() + "&stateRepository=#positions&initialDelay=0"
                         + "&delay=20&maxRequestsPerSecond=0&roundMarkers=true").routeId("customers")
                            .process(e -> operations.add(e.getIn().getHeader("CamelStripeSyncOperation", String.class)
                                                         + " " + e.getIn().getHeader("CamelStripeSyncRound")));
                    from("direct:signal").to("stripe-sync:customer?operation=resnapshot&apiBase=" + sim.baseUrl());
                }
            });
            context.start();
            DevConsole console = PluginHelper.getDevConsoleResolver(context).resolveDevConsole("stripe-sync");
            await().atMost(Duration.ofSeconds(10)).until(() -> operations.size() == 13);
            long first = Long.parseLong(operations.get(12).split(" ")[1]);
            assertThat(operations.get(12)).isEqualTo("snapshot-complete " + first);

            String text = (String) console.call(DevConsole.MediaType.TEXT, Map.of(StripeSyncDevConsole.RESNAPSHOT,
                    "customer"));
            assertThat(text).contains("Route customers: A new snapshot round of customer begins at the next poll of"
                                      + " customer");
            await().atMost(Duration.ofSeconds(10)).until(() -> operations.size() == 26);
            long second = Long.parseLong(operations.get(25).split(" ")[1]);
            assertThat(second).isGreaterThan(first);
            assertThat(operations.subList(13, 26)).containsOnly("snapshot " + second, "snapshot-complete " + second);
            assertThat((String) console.call(DevConsole.MediaType.TEXT, Map.of()))
                    .contains("Rounds: customer " + second + " closed, 12 objects");

            Object answer = context.createProducerTemplate().requestBody("direct:signal", "");
            assertThat(answer).isEqualTo(List.of("A new snapshot round of customer begins at the next poll of customer"));
            await().atMost(Duration.ofSeconds(10)).until(() -> operations.size() == 39);
            assertThat(Long.parseLong(operations.get(38).split(" ")[1])).isGreaterThan(second);

            // a created range, as a list's created filter is given
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> context.createProducerTemplate().requestBody(
                    "direct:signal", Map.of("created", Map.of("gte", 1_700_000_000L, "lt", 1_600_000_000L))))
                    .hasRootCauseMessage("The created range [1700000000, 1600000000) of customer is empty");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> context.createProducerTemplate().requestBody(
                    "direct:signal", Map.of("limit", 3)))
                    .hasRootCauseMessage("Operation resnapshot takes no parameters but a created range, e.g."
                                         + " {\"created\": {\"gte\": 1704067200, \"lt\": 1706745600}}; the body gave"
                                         + " [limit]");
            assertThat((String) console.call(DevConsole.MediaType.TEXT, Map.of(StripeSyncDevConsole.RESNAPSHOT, "customer",
                    StripeSyncDevConsole.CREATED_GTE, "1700000000", StripeSyncDevConsole.CREATED_LT, "x")))
                    .contains("Options createdGte and createdLt are epoch seconds, was 1700000000 and x");
            assertThat((String) console.call(DevConsole.MediaType.TEXT, Map.of(StripeSyncDevConsole.RESNAPSHOT, "invoice")))
                    .contains("Route customers: This stream follows customer, not invoice");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> context.createProducerTemplate()
                    .requestBody("stripe-sync:product?operation=resnapshot&apiBase=" + sim.baseUrl(), ""))
                    .hasRootCauseMessage("No running stripe-sync stream of this CamelContext follows product: operation"
                                         + " resnapshot asks a running from(stripe-sync:...) route for a new snapshot"
                                         + " round");
        }
    }

    /** A context with the keyed component and a position store, as the routes of these tests need. */
    private static CamelContext context() {
        CamelContext context = new DefaultCamelContext();
        StripeSyncComponent component = new StripeSyncComponent();
        component.getConfiguration().setApiKey(KEY);
        context.addComponent("stripe-sync", component);
        context.getRegistry().bind("positions", new MemoryStateRepository());
        return context;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(DevConsole console) {
        return (Map<String, Object>) console.call(DevConsole.MediaType.JSON, Map.of());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> streams(Map<String, Object> json) {
        return (List<Map<String, Object>>) json.get("streams");
    }

    private static long createRecords(DevConsole console, String routeId) {
        return streams(json(console)).stream().filter(s -> routeId.equals(s.get("routeId")))
                .mapToLong(s -> (long) s.get("createRecords")).findFirst().orElse(-1);
    }
}
