package io.stripesync.camel.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.google.gson.JsonObject;
import io.stripesync.camel.client.StripeGateway;
import io.stripesync.camel.position.Phase;
import io.stripesync.camel.simulator.NestedItems;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Through a route: the CamelStripeSyncApiVersion header says which API version each body is rendered at, rehydrate
 * decides it for events at an older version, and completeNestedLists decides whether embedded lists come whole.
 */
class ApiVersionAndNestedListsTest {

    private static final String OLD = "2024-12-18.acacia";

    @ParameterizedTest(name = "rehydrate={0}")
    @CsvSource({ "auto,true", "always,true", "never,false" })
    void headerNamesTheVersionOfTheBody(String rehydrate, boolean readAgain) throws Exception {
        try (StripeSimulator sim = StripeSimulator.start(91)) {
            sim.seed("subscription", 3, Instant.parse("2025-12-31T00:00:00Z"),
                    i -> Map.of("customer", "cus_" + i, "status", "active", "items", NestedItems.items(2)));
            try (SyncRoute route = new SyncRoute(sim, "subscription?rehydrate=" + rehydrate, new MemoryStateRepository())
                    .start()) {
                await().atMost(Duration.ofSeconds(10)).until(() -> route.consumer().getPosition().phase() == Phase.CDC);
                sim.accountApiVersion(OLD);
                String id = sim.create("subscription", Map.of("customer", "cus_9", "status", "active", "items", NestedItems.items(1)))
                        .get("id").getAsString();
                await().atMost(Duration.ofSeconds(10)).until(() -> route.replica.count("create") == 1);
                assertThat(route.versions.subList(0, 3)).containsOnly(StripeGateway.API_VERSION);
                assertThat(route.versions.get(3)).isEqualTo(readAgain ? StripeGateway.API_VERSION : OLD);
                JsonObject row = route.replica.rows().get(id);
                assertThat(row.has("current_period_end")).as("old shape only when not read again").isEqualTo(!readAgain);
                assertThat(sim.counters().route("GET /v1/subscriptions/{id}")).isEqualTo(readAgain ? 1 : 0);
            }
        }
    }

    @Test
    void completeNestedListsFalseLeavesStripesCut() throws Exception {
        try (StripeSimulator sim = StripeSimulator.start(92)) {
            sim.seed("subscription", 1, Instant.parse("2025-12-31T00:00:00Z"),
                    i -> Map.of("customer", "cus_1", "status", "active", "items", NestedItems.items(25)));
            try (SyncRoute whole = new SyncRoute(sim, "subscription?stateKey=whole", new MemoryStateRepository()).start();
                 SyncRoute cut = new SyncRoute(sim, "subscription?stateKey=cut&completeNestedLists=false",
                         new MemoryStateRepository()).start()) {
                await().atMost(Duration.ofSeconds(10)).until(() -> whole.replica.count("snapshot") == 1
                                                                   && cut.replica.count("snapshot") == 1);
                JsonObject complete = whole.replica.rows().values().iterator().next().getAsJsonObject("items");
                JsonObject asSent = cut.replica.rows().values().iterator().next().getAsJsonObject("items");
                assertThat(complete.getAsJsonArray("data")).hasSize(25);
                assertThat(complete.get("has_more").getAsBoolean()).isFalse();
                assertThat(asSent.getAsJsonArray("data")).hasSize(10);
                assertThat(asSent.get("has_more").getAsBoolean()).isTrue();
                assertThat(sim.counters().route("GET /v1/subscription_items")).isEqualTo(1);
            }
        }
    }
}
