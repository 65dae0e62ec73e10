package io.stripesync.camel.consumer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.stripe.model.Customer;
import io.stripesync.camel.StripeSyncConstants;
import io.stripesync.camel.StripeSyncConsumer;
import io.stripesync.camel.StripeSyncEndpoint;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Body and headers exactly as src-docs/design.adoc promises, type converters, batch properties and scheduler defaults. */
class ExchangeContractTest {

    private StripeSimulator sim;
    private CamelContext context;
    private final List<Exchange> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        sim = StripeSimulator.start(41);
        context = new DefaultCamelContext();
        context.getRegistry().bind("positions", new MemoryStateRepository());
    }

    @AfterEach
    void stop() {
        context.stop();
        sim.close();
    }

    private String uri(String resourceAndOptions) {
        return "stripe-sync:" + resourceAndOptions + (resourceAndOptions.contains("?") ? "&" : "?") + "apiKey=sk_test_contract&maxRequestsPerSecond=0&apiBase="
               + sim.baseUrl() + "&stateRepository=#positions&initialDelay=0&delay=20";
    }

    private void route(String uri) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // ${body[email]} works on the stripe-java object and on a Map body (a JSON body takes jsonpath)
                if (uri.contains("bodyType=json")) {
                    from(uri).routeId("r").process(e -> received.add(e.copy()));
                } else {
                    from(uri).routeId("r")
                            .setHeader("email").simple("${body[email]}")
                            .setHeader("json").simple("${bodyAs(String)}")
                            .process(e -> received.add(e.copy()));
                }
            }
        });
        context.start();
    }

    @Test
    void objectBodyHeadersAndConverters() throws Exception {
        String id = sim.create("customer", Map.of("email", "a@x.io", "balance", 7)).get("id").getAsString();
        route(uri("customer"));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        sim.clock().advance(Duration.ofSeconds(5));
        sim.update("customer", id, Map.of("email", "b@x.io", "metadata", Map.of("k", "v")));
        sim.clock().advance(Duration.ofSeconds(5));
        sim.delete("customer", id);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 3);

        Exchange snapshot = received.get(0);
        assertThat(snapshot.getIn().getBody()).isInstanceOf(Customer.class);
        assertThat(snapshot.getIn().getBody(Customer.class).getEmail()).isEqualTo("a@x.io");
        assertThat(snapshot.getIn().getHeaders()).containsEntry(StripeSyncConstants.OPERATION, "snapshot")
                .containsEntry(StripeSyncConstants.RESOURCE, "customer").containsEntry(StripeSyncConstants.OBJECT_ID, id)
                .containsEntry(StripeSyncConstants.OBJECT_CREATED, sim.clock().nowSeconds() - 10)
                .containsEntry(StripeSyncConstants.LIVEMODE, false)
                .containsEntry("email", "a@x.io")
                .doesNotContainKeys(StripeSyncConstants.EVENT_ID, StripeSyncConstants.EVENT_TYPE,
                        StripeSyncConstants.PREVIOUS_ATTRIBUTES, StripeSyncConstants.ACCOUNT);
        assertThat(snapshot.getIn().getHeader("json", String.class)).startsWith("{").contains("\"email\":\"a@x.io\"")
                .contains("\"object\":\"customer\"");
        assertThat(context.getTypeConverter().convertTo(Map.class, snapshot.getIn().getBody()))
                .containsEntry("email", "a@x.io").containsEntry("balance", 7L).containsEntry("id", id);

        Exchange update = received.get(1);
        assertThat(update.getIn().getHeaders()).containsEntry(StripeSyncConstants.OPERATION, "update")
                .containsEntry(StripeSyncConstants.EVENT_TYPE, "customer.updated")
                .containsEntry(StripeSyncConstants.EVENT_CREATED, sim.clock().nowSeconds() - 5)
                .containsEntry("email", "b@x.io");
        assertThat(update.getIn().getHeader(StripeSyncConstants.EVENT_ID, String.class)).startsWith("evt_");
        assertThat(update.getIn().getHeader(StripeSyncConstants.PREVIOUS_ATTRIBUTES, Map.class))
                .containsEntry("email", "a@x.io").containsKey("metadata");

        Exchange delete = received.get(2);
        assertThat(delete.getIn().getHeaders()).containsEntry(StripeSyncConstants.OPERATION, "delete")
                .containsEntry(StripeSyncConstants.EVENT_TYPE, "customer.deleted")
                .containsEntry(StripeSyncConstants.OBJECT_ID, id);
    }

    @Test
    void jsonAndMapBodiesAndTheConnectAccountHeader() throws Exception {
        sim.create("acct_1Body", "customer", Map.of("email", "m@x.io", "balance", 3));
        route(uri("customer?bodyType=map&accountId=acct_1Body"));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        Exchange e = received.get(0);
        assertThat(e.getIn().getBody()).isInstanceOf(Map.class);
        assertThat(e.getIn().getBody(Map.class)).containsEntry("email", "m@x.io").containsEntry("balance", 3L);
        assertThat(e.getIn().getHeader("email")).isEqualTo("m@x.io");
        assertThat(e.getIn().getHeader(StripeSyncConstants.ACCOUNT)).isEqualTo("acct_1Body");
        context.stop();

        received.clear();
        context = new DefaultCamelContext();
        context.getRegistry().bind("positions", new MemoryStateRepository());
        route(uri("customer?bodyType=json&accountId=acct_1Body"));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        assertThat(received.get(0).getIn().getBody()).isInstanceOf(String.class);
        assertThat(received.get(0).getIn().getBody(String.class)).contains("\"email\":\"m@x.io\"");
    }

    @Test
    void batchPropertiesAndMaxMessagesPerPoll() throws Exception {
        for (int i = 0; i < 7; i++) {
            sim.create("customer", Map.of("email", i + "@x.io"));
        }
        route(uri("customer?batchSize=5&maxMessagesPerPoll=2"));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 7);
        Thread.sleep(200);
        assertThat(received).as("the creation events before the start are covered by the snapshot").hasSize(7);
        for (Exchange e : received) {
            assertThat(e.getProperty(Exchange.BATCH_SIZE, Integer.class)).isBetween(1, 2);
        }
        assertThat(received.get(0).getProperty(Exchange.BATCH_INDEX)).isEqualTo(0);
        assertThat(received.get(0).getProperty(Exchange.BATCH_COMPLETE)).isEqualTo(false);
        assertThat(received.get(1).getProperty(Exchange.BATCH_INDEX)).isEqualTo(1);
        assertThat(received.get(1).getProperty(Exchange.BATCH_COMPLETE)).isEqualTo(true);
        assertThat(sim.counters().route("GET /v1/customers")).as("a page of 5 is read again after 2").isGreaterThanOrEqualTo(4);
    }

    @Test
    void schedulerDefaultsAndOptions() throws Exception {
        context.start();
        StripeSyncEndpoint plain = context.getEndpoint("stripe-sync:customer?apiKey=sk_test_x", StripeSyncEndpoint.class);
        assertThat(plain.getDelay()).isEqualTo(5000);
        StripeSyncEndpoint tuned = context.getEndpoint("stripe-sync:invoice?apiKey=sk_test_x&delay=1000&greedy=true"
                                                       + "&backoffMultiplier=4&backoffErrorThreshold=3",
                StripeSyncEndpoint.class);
        StripeSyncConsumer consumer = (StripeSyncConsumer) tuned.createConsumer(e -> {
        });
        assertThat(consumer.getDelay()).isEqualTo(1000);
        assertThat(consumer.isGreedy()).isTrue();
        assertThat(consumer.getBackoffMultiplier()).isEqualTo(4);
        assertThat(consumer.getBackoffErrorThreshold()).isEqualTo(3);
    }
}
