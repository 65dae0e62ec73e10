package io.stripesync.camel.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.google.gson.JsonObject;
import io.stripesync.camel.TestComponents;
import io.stripesync.camel.catalog.StripeCatalog;
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
                await().atMost(Duration.ofSeconds(10)).until(() -> TestComponents.inPhase(route.consumer(), Phase.CDC));
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

    /**
     * An account on an older version than stripe-java's, as most are: with JSON bodies the stream reads and emits at the
     * account's version (learnt from its newest event), so its events need no read; typed bodies read each change again.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({ "subscription,bodyType=json,2024-12-18.acacia,0", "subscription,bodyType=json&apiVersion=account,2024-12-18.acacia,0",
                 "subscription,bodyType=json&apiVersion=2024-12-18.acacia,2024-12-18.acacia,0",
                 "customer,bodyType=object,pinned,2" })
    void anAccountAtAnOlderVersionIsStreamedAtItWithoutAReadPerChange(String resource, String options, String version,
                                                                     int reads) throws Exception {
        try (StripeSimulator sim = StripeSimulator.start(93)) {
            sim.accountApiVersion(OLD);
            Map<String, Object> fields = resource.equals("subscription")
                    ? Map.of("customer", "cus_9", "status", "active", "items", NestedItems.items(1))
                    : Map.of("name", "n");
            sim.seed(resource, 2, Instant.parse("2025-12-31T00:00:00Z"), i -> fields);
            sim.create("product", Map.of("name", "an event at the account's version"));
            String expected = version.equals("pinned") ? StripeGateway.API_VERSION : version;
            try (SyncRoute route = new SyncRoute(sim, resource + "?" + options, new MemoryStateRepository()).start()) {
                await().atMost(Duration.ofSeconds(10)).until(() -> route.consumer().getPosition() != null
                                                                   && TestComponents.inPhase(route.consumer(), Phase.CDC)
                                                                   && route.replica.count("snapshot") == 2);
                String id = sim.create(resource, fields).get("id").getAsString();
                // each change in a poll of its own: re-reads of one object within a poll are one read
                await().atMost(Duration.ofSeconds(10)).until(() -> route.replica.count("create") == 1);
                // a second later: two events of one object in one second would be read again (their order is unsure)
                sim.clock().advance(Duration.ofSeconds(1));
                sim.update(resource, id, Map.of("metadata[tier]", "gold"));
                await().atMost(Duration.ofSeconds(10)).until(() -> route.replica.count("update") == 1);
                assertThat(route.versions).as("every record, snapshot and changes, at one version").containsOnly(expected);
                String itemPath = StripeCatalog.defaultCatalog().require(resource).listPath() + "/{id}";
                assertThat(sim.counters().route("GET " + itemPath)).as("reads beyond the event pages").isEqualTo(reads);
                if (resource.equals("subscription")) {
                    JsonObject row = route.replica.rows().get(id);
                    assertThat(row.has("current_period_end")).as("the old shape, as the account's events have it").isTrue();
                    assertThat(route.replica.rows().values()).as("the snapshot asked at that version too")
                            .allSatisfy(r -> assertThat(r.has("current_period_end")).isTrue());
                }
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
