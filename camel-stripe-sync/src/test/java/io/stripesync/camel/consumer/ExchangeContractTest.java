package io.stripesync.camel.consumer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.stripe.model.Customer;
import io.stripesync.camel.StripeSyncComponent;
import io.stripesync.camel.StripeSyncConstants;
import io.stripesync.camel.StripeSyncConsumer;
import io.stripesync.camel.StripeSyncEndpoint;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Body and headers exactly as src-docs/design.adoc promises, type converters, batch properties and scheduler defaults:
 * a route from the component into a mock endpoint, as Camel's own component tests are written.
 */
class ExchangeContractTest extends CamelTestSupport {

    private StripeSimulator sim;

    @Override
    public void configureTest(TestExecutionConfiguration config) {
        // each test adds the route it needs
        config.withUseRouteBuilder(false);
    }

    @Override
    protected void setupResources() {
        sim = StripeSimulator.start(41);
    }

    @Override
    protected void cleanupResources() {
        sim.close();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext camel = super.createCamelContext();
        // the key goes on the component, as the docs advise, never into the URI
        StripeSyncComponent component = new StripeSyncComponent();
        component.getConfiguration().setApiKey("sk_test_contract");
        camel.addComponent("stripe-sync", component);
        camel.getRegistry().bind("positions", new MemoryStateRepository());
        return camel;
    }

    private String uri(String resourceAndOptions) {
        return "stripe-sync:" + resourceAndOptions + (resourceAndOptions.contains("?") ? "&" : "?")
               + "maxRequestsPerSecond=0&apiBase=" + sim.baseUrl() + "&stateRepository=#positions&initialDelay=0&delay=20";
    }

    /**
     * The stream into mock:changes, started by the test once its expectations are set; ${body[email]} works on the
     * stripe-java object and on a Map body.
     */
    private MockEndpoint route(String uri) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                if (uri.contains("bodyType=json")) {
                    from(uri).routeId("r").to("mock:changes");
                } else {
                    from(uri).routeId("r")
                            .setHeader("email").simple("${body[email]}")
                            .setHeader("json").simple("${bodyAs(String)}")
                            .to("mock:changes");
                }
            }
        });
        return getMockEndpoint("mock:changes");
    }

    @Test
    void objectBodyHeadersAndConverters() throws Exception {
        String id = sim.create("customer", Map.of("email", "a@x.io", "balance", 7)).get("id").getAsString();
        MockEndpoint changes = route(uri("customer"));
        changes.expectedMessageCount(3);
        changes.expectedHeaderValuesReceivedInAnyOrder(StripeSyncConstants.OPERATION, "snapshot", "update", "delete");
        changes.message(0).body().isInstanceOf(Customer.class);
        changes.message(0).header(StripeSyncConstants.OPERATION).isEqualTo("snapshot");
        changes.message(1).header(StripeSyncConstants.EVENT_TYPE).isEqualTo("customer.updated");
        changes.message(2).header(StripeSyncConstants.EVENT_TYPE).isEqualTo("customer.deleted");
        context.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> changes.getReceivedCounter() == 1);
        sim.clock().advance(Duration.ofSeconds(5));
        sim.update("customer", id, Map.of("email", "b@x.io", "metadata", Map.of("k", "v")));
        sim.clock().advance(Duration.ofSeconds(5));
        sim.delete("customer", id);
        changes.assertIsSatisfied(TimeUnit.SECONDS.toMillis(10));

        Exchange snapshot = changes.getReceivedExchanges().get(0);
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

        Exchange update = changes.getReceivedExchanges().get(1);
        assertThat(update.getIn().getHeaders()).containsEntry(StripeSyncConstants.OPERATION, "update")
                .containsEntry(StripeSyncConstants.EVENT_TYPE, "customer.updated")
                .containsEntry(StripeSyncConstants.EVENT_CREATED, sim.clock().nowSeconds() - 5)
                .containsEntry("email", "b@x.io");
        assertThat(update.getIn().getHeader(StripeSyncConstants.EVENT_ID, String.class)).startsWith("evt_");
        assertThat(update.getIn().getHeader(StripeSyncConstants.PREVIOUS_ATTRIBUTES, Map.class))
                .containsEntry("email", "a@x.io").containsKey("metadata");

        Exchange delete = changes.getReceivedExchanges().get(2);
        assertThat(delete.getIn().getHeaders()).containsEntry(StripeSyncConstants.OPERATION, "delete")
                .containsEntry(StripeSyncConstants.EVENT_TYPE, "customer.deleted")
                .containsEntry(StripeSyncConstants.OBJECT_ID, id);
    }

    @Test
    void mapBodyAndTheConnectAccountHeader() throws Exception {
        sim.create("acct_1Body", "customer", Map.of("email", "m@x.io", "balance", 3));
        MockEndpoint changes = route(uri("customer?bodyType=map&accountId=acct_1Body"));
        changes.expectedMessageCount(1);
        changes.message(0).body().isInstanceOf(Map.class);
        changes.expectedHeaderReceived("email", "m@x.io");
        changes.expectedHeaderReceived(StripeSyncConstants.ACCOUNT, "acct_1Body");
        context.start();
        changes.assertIsSatisfied(TimeUnit.SECONDS.toMillis(10));
        assertThat(changes.getReceivedExchanges().get(0).getIn().getBody(Map.class))
                .containsEntry("email", "m@x.io").containsEntry("balance", 3L);
    }

    @Test
    void jsonBody() throws Exception {
        sim.create("acct_1Body", "customer", Map.of("email", "m@x.io", "balance", 3));
        MockEndpoint changes = route(uri("customer?bodyType=json&accountId=acct_1Body"));
        changes.expectedMessageCount(1);
        changes.message(0).body().isInstanceOf(String.class);
        context.start();
        changes.assertIsSatisfied(TimeUnit.SECONDS.toMillis(10));
        assertThat(changes.getReceivedExchanges().get(0).getIn().getBody(String.class)).contains("\"email\":\"m@x.io\"");
    }

    @Test
    void batchPropertiesAndMaxMessagesPerPoll() throws Exception {
        for (int i = 0; i < 7; i++) {
            sim.create("customer", Map.of("email", i + "@x.io"));
        }
        MockEndpoint changes = route(uri("customer?batchSize=5&maxMessagesPerPoll=2"));
        // the creation events before the start are covered by the snapshot: 7, no more
        changes.expectedMessageCount(7);
        changes.setAssertPeriod(200);
        changes.message(0).exchangeProperty(Exchange.BATCH_INDEX).isEqualTo(0);
        changes.message(0).exchangeProperty(Exchange.BATCH_COMPLETE).isEqualTo(false);
        changes.message(1).exchangeProperty(Exchange.BATCH_INDEX).isEqualTo(1);
        changes.message(1).exchangeProperty(Exchange.BATCH_COMPLETE).isEqualTo(true);
        changes.allMessages().exchangeProperty(Exchange.BATCH_SIZE).in(1, 2);
        context.start();
        changes.assertIsSatisfied(TimeUnit.SECONDS.toMillis(10));
        assertThat(sim.counters().route("GET /v1/customers")).as("a page of 5 is read again after 2").isGreaterThanOrEqualTo(4);
    }

    @Test
    void schedulerDefaultsAndOptions() throws Exception {
        StripeSyncEndpoint plain = context.getEndpoint("stripe-sync:customer", StripeSyncEndpoint.class);
        assertThat(plain.getDelay()).isEqualTo(5000);
        StripeSyncEndpoint tuned = context.getEndpoint("stripe-sync:invoice?delay=1000&greedy=true"
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
