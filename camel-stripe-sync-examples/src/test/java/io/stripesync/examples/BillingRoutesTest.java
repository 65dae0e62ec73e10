package io.stripesync.examples;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.model.LogDefinition;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example of several resources from one endpoint, Java and YAML: each record reaches the route of its resource,
 * and the three resources cost one events query.
 */
class BillingRoutesTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = { "java", "yaml" })
    void eachRecordReachesTheRouteOfItsResource(String dsl) throws Exception {
        try (StripeSimulator sim = StripeSimulator.start(9)) {
            sim.seed("customer", 20, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("email", i + "@x.io"));
            sim.seed("subscription", 15, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("customer", "cus_1"));
            sim.seed("invoice", 10, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("customer", "cus_1"));
            Main main = new Main();
            main.addInitialProperty("camel.component.stripe-sync.api-key", "sk_test_demo");
            main.addInitialProperty("camel.component.stripe-sync.api-base", sim.baseUrl());
            main.addInitialProperty("camel.component.stripe-sync.state-file", dir.resolve("positions.dat").toString());
            if (dsl.equals("yaml")) {
                main.configure().withRoutesIncludePattern("classpath:routes/billing.camel.yaml");
            } else {
                main.configure().addRoutesBuilder(new BillingStreamRoute());
            }
            // by route: the ids its log step received (an intercept strategy, so the example stays as written)
            Map<String, Set<String>> received = new ConcurrentHashMap<>();
            main.addMainListener(new MainListenerSupport() {
                @Override
                public void beforeConfigure(BaseMainSupport run) {
                    run.getCamelContext().getCamelContextExtension().addInterceptStrategy(
                            (CamelContext context, NamedNode definition, Processor target, Processor next) -> {
                                if (!(definition instanceof LogDefinition)) {
                                    return target;
                                }
                                String route = ProcessorDefinitionHelper.getRoute(definition).getRouteId();
                                return new DelegateAsyncProcessor(target) {
                                    @Override
                                    public boolean process(Exchange exchange, AsyncCallback callback) {
                                        received.computeIfAbsent(route, r -> ConcurrentHashMap.newKeySet()).add(
                                                exchange.getIn().getHeader("CamelStripeSyncObjectId", String.class));
                                        return super.process(exchange, callback);
                                    }
                                };
                            });
                }
            });
            main.configure().withDurationMaxMessages(45);
            main.configure().withDurationMaxSeconds(30);
            main.run();
            String suffix = dsl.equals("yaml") ? "-yaml" : "s";
            Map<String, String> routes = Map.of("customer", "customer" + suffix, "subscription", "subscription" + suffix,
                    "invoice", "invoice" + suffix);
            for (String resource : List.of("customer", "subscription", "invoice")) {
                Set<String> ids = new java.util.TreeSet<>();
                sim.objects(resource).forEach(o -> ids.add(o.get("id").getAsString()));
                assertThat(received.get(routes.get(resource))).as("the %s route", resource)
                        .containsExactlyInAnyOrderElementsOf(ids);
            }
            assertThat(sim.counters().requests()).filteredOn(r -> r.path().equals("/v1/events"))
                    .extracting(r -> String.valueOf(r.params().get("types"))).as("one events query for the three")
                    .hasSizeGreaterThan(0).containsOnly(String.valueOf(sim.counters().requests().stream()
                            .filter(r -> r.path().equals("/v1/events")).findFirst().orElseThrow().params().get("types")));
        }
    }
}
