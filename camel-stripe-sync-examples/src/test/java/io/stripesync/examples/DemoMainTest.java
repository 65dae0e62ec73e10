package io.stripesync.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import com.google.gson.JsonObject;
import io.stripesync.camel.simulator.StripeSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo's command line: the producer example runs and stops, and the base given is the one named and used. */
class DemoMainTest {

    @ParameterizedTest
    @ValueSource(strings = { "lifecycle", "lifecycle-yaml" })
    void theProducerExampleWritesToTheBaseGivenNamesItAndStops(String mode) throws Exception {
        try (StripeSimulator sim = StripeSimulator.start(8)) {
            sim.seed("customer", 3, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("name", "c" + i));
            ByteArrayOutputStream printed = new ByteArrayOutputStream();

            DemoMain.run(mode, null, sim.baseUrl(), "30", new PrintStream(printed, true, StandardCharsets.UTF_8));

            assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("Writing to the API at " + sim.baseUrl()
                                                                            + " with a test key (no STRIPE_API_KEY)");
            assertThat(sim.events()).extracting(e -> e.get("type").getAsString())
                    .containsExactlyInAnyOrder("customer.created", "customer.updated", "customer.deleted");
            JsonObject created = sim.events().stream().filter(e -> e.get("type").getAsString().equals("customer.created"))
                    .findFirst().orElseThrow().getAsJsonObject("data").getAsJsonObject("object");
            assertThat(created.get("email").getAsString()).isEqualTo("ann@example.com");
            assertThat(sim.objects("customer")).as("the one it made is deleted again").hasSize(3);
        }
    }

    @Test
    void anUnknownDemoIsNamedWithTheChoices() {
        assertThatThrownBy(() -> DemoMain.run("lifecycel", null, null, null, System.out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown demo 'lifecycel': choose one of java, yaml, lifecycle, lifecycle-yaml");
    }
}
