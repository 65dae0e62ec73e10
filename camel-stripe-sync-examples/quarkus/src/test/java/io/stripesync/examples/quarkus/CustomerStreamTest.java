package io.stripesync.examples.quarkus;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.junit.QuarkusTest;
import io.stripesync.camel.StripeSyncComponent;
import io.stripesync.camel.simulator.StripeSimulator;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class CustomerStreamTest {

    @Inject
    CamelContext camel;

    @Inject
    SimulatorWhenNoKey simulatorWhenNoKey;

    @Test
    void streamsTheSnapshotThenChanges() throws Exception {
        StripeSimulator simulator = simulatorWhenNoKey.simulator().orElseThrow();
        MockEndpoint customers = camel.getEndpoint("mock:customers", MockEndpoint.class);
        AdviceWith.adviceWith(camel, "customers", route -> route.weaveAddLast().to("mock:customers"));
        List<String> seeded = simulator.objects("customer").stream().map(c -> c.get("id").getAsString()).toList();
        customers.expectedMinimumMessageCount(seeded.size());
        customers.assertIsSatisfied(TimeUnit.SECONDS.toMillis(30));

        // application.properties reached the component
        StripeSyncComponent component = camel.getComponent("stripe-sync", StripeSyncComponent.class);
        assertThat(component.getConfiguration().getMaxRequestsPerSecond()).isEqualTo(20);
        assertThat(customers.getReceivedExchanges()).filteredOn(e -> "snapshot".equals(
                        e.getIn().getHeader("CamelStripeSyncOperation")))
                .extracting(e -> e.getIn().getHeader("CamelStripeSyncObjectId", String.class))
                .as("every customer in the snapshot, once").doesNotHaveDuplicates().containsAll(seeded);

        String created = simulator.create("customer", Map.of("email", "new@example.com")).get("id").getAsString();
        for (int waited = 0; waited < 300 && customers.getReceivedExchanges().stream().noneMatch(
                e -> created.equals(e.getIn().getHeader("CamelStripeSyncObjectId"))
                     && "create".equals(e.getIn().getHeader("CamelStripeSyncOperation"))); waited++) {
            Thread.sleep(100);
        }
        assertThat(customers.getReceivedExchanges()).anySatisfy(e -> {
            assertThat(e.getIn().getHeader("CamelStripeSyncOperation")).isEqualTo("create");
            assertThat(e.getIn().getHeader("CamelStripeSyncObjectId")).isEqualTo(created);
        });
    }
}
