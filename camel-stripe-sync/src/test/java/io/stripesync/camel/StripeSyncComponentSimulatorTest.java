package io.stripesync.camel;

import java.util.List;
import java.util.Map;

import io.stripesync.camel.simulator.Request;
import io.stripesync.camel.simulator.Simulated;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The endpoint's client settings reach Stripe: apiBase, the key, Stripe-Account and list parameters, over HTTP. */
class StripeSyncComponentSimulatorTest {

    @Simulated(seed = 21)
    private StripeSimulator sim;
    private CamelContext context;

    @BeforeEach
    void start() {
        context = new DefaultCamelContext();
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void endpointSettingsAreWhatStripeSees() throws Exception {
        sim.create("acct_1Conn", "customer", Map.of("email", "c@x.io"));
        sim.create("customer", Map.of("email", "platform@x.io"));
        StripeSyncEndpoint endpoint = context.getEndpoint("stripe-sync:customer?apiKey=sk_test_gateway&accountId=acct_1Conn"
                                                          + "&apiBase=" + sim.baseUrl(), StripeSyncEndpoint.class);
        com.google.gson.JsonObject page = endpoint.gateway().get(endpoint.getResource().listPath(),
                Map.of("limit", 50, "created", Map.of("gte", 0)));
        assertThat(page.getAsJsonArray("data")).hasSize(1);
        assertThat(page.getAsJsonArray("data").get(0).getAsJsonObject().get("email").getAsString()).isEqualTo("c@x.io");
        List<Request> requests = sim.counters().requests();
        assertThat(requests).hasSize(1);
        Request r = requests.get(0);
        assertThat(r.path()).isEqualTo("/v1/customers");
        assertThat(r.stripeAccount()).isEqualTo("acct_1Conn");
        assertThat(r.params()).isEqualTo(Map.of("limit", "50", "created", Map.of("gte", "0")));
        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void refusedKeySurfacesAsStripesAuthenticationError() {
        sim.faults().rejectApiKey("sk_test_refused00001111");
        StripeSyncEndpoint endpoint = context.getEndpoint("stripe-sync:customer?apiKey=sk_test_refused00001111&apiBase="
                                                          + sim.baseUrl(), StripeSyncEndpoint.class);
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(
                () -> endpoint.gateway().get("/v1/customers", Map.of()));
        assertThat(t).isInstanceOf(com.stripe.exception.AuthenticationException.class);
        assertThat(((com.stripe.exception.StripeException) t).getStatusCode()).isEqualTo(401);
    }
}
