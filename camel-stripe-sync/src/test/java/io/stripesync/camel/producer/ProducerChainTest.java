package io.stripesync.camel.producer;

import java.util.List;
import java.util.Map;

import io.stripesync.camel.StripeSyncConstants;
import io.stripesync.camel.TestComponents;
import io.stripesync.camel.simulator.Request;
import io.stripesync.camel.simulator.Simulated;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One route that creates a customer, updates it, retrieves it, lists customers and deletes it, each step a
 * stripe-sync endpoint taking the previous step's body as it comes: a Stripe object (or a list of them) in the body
 * is never sent as parameters. The exact requests the simulator saw are asserted, for every bodyType.
 */
class ProducerChainTest {

    @Simulated(seed = 83)
    private StripeSimulator sim;
    private CamelContext context;

    @BeforeEach
    void start() {
        context = new DefaultCamelContext();
        context.addComponent("stripe-sync", TestComponents.stripeSync(sim.baseUrl(), "sk_test_chain"));
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @ParameterizedTest(name = "bodyType={0}")
    @ValueSource(strings = { "object", "map", "json" })
    void createUpdateRetrieveListDeleteInOneRoute(String bodyType) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:lifecycle")
                        .setBody(constant(Map.of("email", "ann@example.com")))
                        .to("stripe-sync:customer?operation=create&bodyType=" + bodyType)
                        .setBody(constant(Map.of("description", "vip")))
                        .to("stripe-sync:customer?operation=update&bodyType=" + bodyType)
                        .to("stripe-sync:customer?operation=retrieve&bodyType=" + bodyType)
                        .to("stripe-sync:customer?operation=list&bodyType=" + bodyType)
                        .to("stripe-sync:customer?operation=delete&bodyType=" + bodyType);
            }
        });
        context.start();
        Exchange done = context.createProducerTemplate().request("direct:lifecycle", e -> {
        });
        assertThat(done.getException()).isNull();
        String id = done.getMessage().getHeader(StripeSyncConstants.OBJECT_ID, String.class);
        assertThat(sim.count("customer")).isZero();
        assertThat(sim.events()).extracting(e -> e.get("type").getAsString())
                .containsExactlyInAnyOrder("customer.created", "customer.updated", "customer.deleted");

        List<Request> requests = sim.counters().requests();
        assertThat(requests).extracting(r -> r.method() + " " + r.path()).containsExactly(
                "POST /v1/customers", "POST /v1/customers/" + id, "GET /v1/customers/" + id, "GET /v1/customers",
                "DELETE /v1/customers/" + id);
        assertThat(requests).extracting(Request::status).containsOnly(200);
        assertThat(requests.get(0).params()).isEqualTo(Map.of("email", "ann@example.com"));
        assertThat(requests.get(1).params()).isEqualTo(Map.of("description", "vip"));
        assertThat(requests.get(2).params()).as("the updated customer in the body is not a query").isEmpty();
        assertThat(requests.get(3).params()).as("nor a list filter").isEqualTo(Map.of("limit", "100"));
        assertThat(requests.get(4).params()).as("the list in the body is not sent either").isEmpty();
    }

    @Test
    void updateRefusesAStripeObjectAsItsParameters() throws Exception {
        String id = sim.create("customer", Map.of("email", "bob@example.com")).get("id").getAsString();
        context.start();
        Exchange result = context.createProducerTemplate().request("stripe-sync:customer?operation=update&bodyType=map",
                e -> e.getIn().setBody(Map.of("id", id, "object", "customer", "email", "bob@example.com")));
        assertThat(result.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Operation update on customer got the Stripe customer " + id)
                .hasMessageContaining("send only the fields to change");
        assertThat(sim.counters().total()).as("nothing sent").isZero();

        Exchange partial = context.createProducerTemplate().request("stripe-sync:customer?operation=update",
                e -> e.getIn().setBody(Map.of("id", id, "description", "only this")));
        assertThat(partial.getException()).as("fields with an id are parameters, the id names the object").isNull();
        assertThat(sim.counters().requests().get(0).params()).isEqualTo(Map.of("description", "only this"));
    }
}
