package io.stripesync.examples.springboot;

import java.util.concurrent.TimeUnit;

import io.stripesync.camel.StripeSyncComponent;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

@CamelSpringBootTest
@SpringBootTest(properties = {"stripe-simulator.customers=250", "stripe-simulator.change-every-millis=0", "spring.main.banner-mode=off", "logging.level.root=WARN"})
@UseAdviceWith
class StripeSyncApplicationTest {

    @Autowired
    CamelContext camel;

    @Autowired
    StripeSimulator simulator;

    @Autowired
    HealthEndpoint health;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Autowired
    org.apache.camel.spring.boot.actuate.console.CamelDevConsoleEndpoint consoles;

    @Test
    void streamsTheSnapshotThenChangesFromApplicationYml() throws Exception {
        AdviceWith.adviceWith(camel, "customers", route -> route.weaveAddLast().to("mock:customers"));
        MockEndpoint customers = camel.getEndpoint("mock:customers", MockEndpoint.class);
        customers.expectedMinimumMessageCount(251);
        camel.start();

        // application.yml reached the component; the simulator stands in for Stripe
        StripeSyncComponent component = camel.getComponent("stripe-sync", StripeSyncComponent.class);
        assertThat(component.getConfiguration().getMaxRequestsPerSecond()).isEqualTo(20);
        assertThat(component.getConfiguration().getApiBase()).isEqualTo(simulator.baseUrl());

        java.util.List<String> seeded = simulator.objects("customer").stream().map(c -> c.get("id").getAsString()).toList();
        for (int waited = 0; customers.getReceivedCounter() < 250 && waited < 300; waited++) {
            Thread.sleep(100);
        }
        // made while the stream runs: CDC delivers it (the snapshot may show it too, if a slice was still open)
        String created = simulator.create("customer", java.util.Map.of("email", "new@example.com")).get("id").getAsString();
        customers.assertIsSatisfied(TimeUnit.SECONDS.toMillis(30));
        for (int waited = 0; waited < 300 && customers.getReceivedExchanges().stream().noneMatch(
                e -> created.equals(e.getIn().getHeader("CamelStripeSyncObjectId")) && "create".equals(
                        e.getIn().getHeader("CamelStripeSyncOperation"))); waited++) {
            Thread.sleep(100);
        }
        assertThat(seeded).hasSize(250);
        assertThat(customers.getReceivedExchanges()).filteredOn(e -> "snapshot".equals(
                        e.getIn().getHeader("CamelStripeSyncOperation")))
                .extracting(e -> e.getIn().getHeader("CamelStripeSyncObjectId", String.class))
                .as("every customer in the snapshot, once").doesNotHaveDuplicates().containsAll(seeded);
        assertThat(customers.getReceivedExchanges()).anySatisfy(e -> {
            assertThat(e.getIn().getHeader("CamelStripeSyncOperation")).isEqualTo("create");
            assertThat(e.getIn().getHeader("CamelStripeSyncObjectId")).isEqualTo(created);
        });

        // the consumer's health check, through Spring Boot's actuator
        assertThat(health.health().getStatus().getCode()).isEqualTo("UP");
        var camelHealth = (org.springframework.boot.actuate.health.Health) health.healthForPath("camelHealth");
        assertThat(camelHealth.getStatus().getCode()).isEqualTo("UP");
        assertThat(camelHealth.getDetails()).containsEntry("consumer:customers", "UP");
        assertThat(String.valueOf(camelHealth.getDetails().get("consumer:customers.data")))
                .contains("endpoint.uri=stripe-sync://customer");

        // the consumer's figures on Spring Boot's own MeterRegistry (what /actuator/metrics and any exporter read)
        assertThat(meters.get("stripe.sync.records").tags("route", "customers", "operation", "snapshot")
                .functionCounter().count()).isGreaterThanOrEqualTo(250.0);
        assertThat(meters.get("stripe.sync.records").tags("route", "customers", "operation", "create")
                .functionCounter().count()).isGreaterThanOrEqualTo(1.0);
        assertThat(meters.get("stripe.sync.snapshot.active").tags("resource", "customer").gauge().value()).isZero();

        // the stripe-sync dev console, as /actuator/camel/stripe-sync answers it
        String console = consoles.getConsoleById("stripe-sync").toJson();
        assertThat(console).contains("\"routeId\":\"customers\"").contains("\"resource\":\"customer\"")
                .contains("\"phase\":\"CDC\"").contains("\"createRecords\":1");
    }
}
