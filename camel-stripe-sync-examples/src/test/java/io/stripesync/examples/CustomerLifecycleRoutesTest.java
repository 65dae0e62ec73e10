package io.stripesync.examples;

import java.util.List;
import java.util.Map;

import io.stripesync.camel.simulator.Request;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chained producer example, Java and YAML, run by camel-main against the simulator: every step succeeds and no
 * step sends the previous step's object as parameters.
 */
class CustomerLifecycleRoutesTest {

    private static void runAndCheck(StripeSimulator sim, Main main) throws Exception {
        main.addInitialProperty("camel.component.stripe-sync.api-key", "sk_test_lifecycle");
        main.addInitialProperty("camel.component.stripe-sync.api-base", sim.baseUrl());
        main.configure().withDurationMaxMessages(1);
        main.configure().withDurationMaxSeconds(20);
        main.run();
        List<Request> requests = sim.counters().requests();
        assertThat(requests).extracting(Request::status).containsOnly(200);
        assertThat(requests).extracting(r -> r.method() + " " + r.path().replaceAll("cus_\\w+", "{id}"))
                .containsExactly("POST /v1/customers", "POST /v1/customers/{id}", "GET /v1/customers/{id}",
                        "GET /v1/customers", "DELETE /v1/customers/{id}");
        assertThat(requests.get(1).params()).isEqualTo(Map.of("description", "vip"));
        assertThat(requests.get(2).params()).isEmpty();
        assertThat(requests.get(3).params()).isEqualTo(Map.of("limit", "10"));
        assertThat(requests.get(4).params()).isEmpty();
        assertThat(sim.count("customer")).isZero();
    }

    @Test
    void javaRoute() throws Exception {
        try (StripeSimulator sim = StripeSimulator.start(7)) {
            Main main = new Main();
            main.configure().addRoutesBuilder(new CustomerLifecycleRoute());
            runAndCheck(sim, main);
        }
    }

    @Test
    void yamlRoute() throws Exception {
        try (StripeSimulator sim = StripeSimulator.start(8)) {
            Main main = new Main();
            main.configure().withRoutesIncludePattern("classpath:routes/customer-lifecycle.camel.yaml");
            runAndCheck(sim, main);
        }
    }
}
