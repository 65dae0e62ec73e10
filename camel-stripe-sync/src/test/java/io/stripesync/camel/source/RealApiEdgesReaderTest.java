package io.stripesync.camel.source;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;
import com.stripe.StripeClient;
import io.stripesync.camel.catalog.StripeCatalog;
import io.stripesync.camel.catalog.StripeResource;
import io.stripesync.camel.client.StripeGateway;
import io.stripesync.camel.position.Position;
import io.stripesync.camel.simulator.Request;
import io.stripesync.camel.simulator.NestedItems;
import io.stripesync.camel.simulator.Simulated;
import io.stripesync.camel.simulator.StripeSimulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The readers on the real API's edges, at the request level: embedded lists completed from their own endpoints, the
 * snapshot asking for hidden objects, payloads at another API version read again, deletions that are not deletions,
 * and changes of one object within one second.
 */
class RealApiEdgesReaderTest {

    private static final StripeCatalog CATALOG = StripeCatalog.defaultCatalog();
    private static final StripeResource INVOICE = CATALOG.require("invoice");
    private static final StripeResource SUBSCRIPTION = CATALOG.require("subscription");
    private static final StripeResource CUSTOMER = CATALOG.require("customer");

    @Simulated(seed = 71)
    private StripeSimulator sim;
    private StripeGateway gateway;

    @BeforeEach
    void start() {
        gateway = new StripeGateway(StripeClient.builder().setApiKey("sk_test_edges").setApiBase(sim.baseUrl())
                .setMaxNetworkRetries(0).build(), null);
    }

    private List<Request> requests(String route) {
        return sim.counters().requests().stream().filter(r -> r.path().matches(route)).toList();
    }

    private static int size(JsonObject object, String list) {
        return object.getAsJsonObject(list).getAsJsonArray("data").size();
    }

    @Test
    void snapshotCompletesInvoiceLinesPastTenFromTheirEndpoint() throws Exception {
        Instant t = Instant.parse("2025-12-31T00:00:00Z");
        int[] counts = { 0, 10, 11, 250 };
        sim.seed("invoice", 4, t, i -> Map.of("customer", "cus_1", "lines", NestedItems.lines(counts[i])));
        SnapshotReader reader = new SnapshotReader(gateway, INVOICE, null, 100, new NestedListReader(gateway, INVOICE));
        sim.counters().reset();
        PollResult page = reader.read(Position.start("invoice", null, true, List.of(), Map.of(), 0));
        assertThat(page.records()).extracting(r -> size(r.object(), "lines")).containsExactly(250, 11, 10, 0);
        assertThat(page.records()).allSatisfy(r -> {
            assertThat(r.object().getAsJsonObject("lines").get("has_more").getAsBoolean()).isFalse();
            assertThat(r.apiVersion()).isEqualTo(StripeGateway.API_VERSION);
        });
        assertThat(page.records().get(0).object()).isEqualTo(sim.objects("invoice").get(0));
        // 250 lines: 3 pages of 100; 11 lines: 1 page; 10 and 0 lines: nothing (has_more false)
        List<Request> lineRequests = requests("/v1/invoices/in_[^/]+/lines");
        assertThat(lineRequests).hasSize(4);
        String big = page.records().get(0).objectId();
        assertThat(lineRequests.subList(0, 3)).allSatisfy(r -> {
            assertThat(r.path()).isEqualTo("/v1/invoices/" + big + "/lines");
            assertThat(r.params()).containsEntry("limit", "100");
        });
        assertThat(lineRequests.get(0).params()).doesNotContainKey("starting_after");
        assertThat(lineRequests.get(1).params()).containsKey("starting_after");
        assertThat(requests("/v1/invoices")).singleElement()
                .satisfies(r -> assertThat(r.params()).containsEntry("limit", "100"));
    }

    @Test
    void snapshotOfSubscriptionsAsksForAllStatusesAndCompletesItems() throws Exception {
        String active = sim.create("subscription", Map.of("customer", "cus_1", "status", "active", "items", NestedItems.items(25)))
                .get("id").getAsString();
        String canceled = sim.create("subscription", Map.of("customer", "cus_2", "status", "active", "items", NestedItems.items(2)))
                .get("id").getAsString();
        sim.action("subscription", canceled, "cancel", Map.of());
        SnapshotReader reader = new SnapshotReader(gateway, SUBSCRIPTION, null, 100,
                new NestedListReader(gateway, SUBSCRIPTION));
        sim.counters().reset();
        PollResult page = reader.read(Position.start("subscription", null, true, List.of(), Map.of(), 0));
        assertThat(page.records()).extracting(ChangeRecord::objectId).containsExactlyInAnyOrder(active, canceled);
        assertThat(page.records()).filteredOn(r -> r.objectId().equals(canceled)).singleElement()
                .satisfies(r -> assertThat(r.object().get("status").getAsString()).isEqualTo("canceled"));
        assertThat(page.records()).filteredOn(r -> r.objectId().equals(active)).singleElement()
                .satisfies(r -> assertThat(size(r.object(), "items")).isEqualTo(25));
        assertThat(requests("/v1/subscriptions")).singleElement()
                .satisfies(r -> assertThat(r.params()).containsEntry("status", "all").containsEntry("limit", "100"));
        assertThat(requests("/v1/subscription_items")).singleElement()
                .satisfies(r -> assertThat(r.params()).containsEntry("subscription", active).containsEntry("limit", "100"));
    }

    @Test
    void withoutCompletionObjectsComeAsStripeSentThem() throws Exception {
        sim.seed("invoice", 1, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("lines", NestedItems.lines(30)));
        SnapshotReader reader = new SnapshotReader(gateway, INVOICE, null, 100, null);
        sim.counters().reset();
        ChangeRecord r = reader.read(Position.start("invoice", null, true, List.of(), Map.of(), 0)).records().get(0);
        assertThat(size(r.object(), "lines")).isEqualTo(10);
        assertThat(r.object().getAsJsonObject("lines").get("has_more").getAsBoolean()).isTrue();
        assertThat(sim.counters().total()).isEqualTo(1);
    }

    private EventReader events(StripeResource resource, RehydrateMode mode) {
        return new EventReader(gateway, resource, 100, 60, new Rehydration(gateway, resource, null, mode),
                new NestedListReader(gateway, resource), EventFilter.exact, type -> false);
    }

    @Test
    void cdcCompletesCappedPayloadsAndCancellationIsAnUpdate() throws Exception {
        EventReader reader = events(SUBSCRIPTION, RehydrateMode.auto);
        Position start = reader.startPosition(null, false, 0);
        sim.clock().advance(Duration.ofSeconds(5));
        String sub = sim.create("subscription", Map.of("customer", "cus_1", "status", "active", "items", NestedItems.items(25)))
                .get("id").getAsString();
        sim.clock().advance(Duration.ofSeconds(1));
        sim.action("subscription", sub, "cancel", Map.of());
        sim.counters().reset();
        PollResult result = reader.read(start);
        assertThat(result.records()).extracting(r -> r.type().headerValue()).containsExactly("create", "update");
        ChangeRecord cancel = result.records().get(1);
        assertThat(cancel.eventType()).isEqualTo("customer.subscription.deleted");
        assertThat(cancel.object().get("status").getAsString()).isEqualTo("canceled");
        assertThat(result.records()).allSatisfy(r -> assertThat(size(r.object(), "items")).isEqualTo(25));
        assertThat(requests("/v1/subscription_items")).hasSize(2)
                .allSatisfy(r -> assertThat(r.params()).containsEntry("subscription", sub));
        assertThat(requests("/v1/subscriptions/.*")).as("payloads at the pinned version in their own seconds").isEmpty();
    }

    @Test
    void payloadsAtAnotherApiVersionAreReadAgainExceptDeletions() throws Exception {
        sim.accountApiVersion("2024-12-18.acacia");
        EventReader auto = events(SUBSCRIPTION, RehydrateMode.auto);
        EventReader never = events(SUBSCRIPTION, RehydrateMode.never);
        Position start = auto.startPosition(null, false, 0);
        sim.clock().advance(Duration.ofSeconds(5));
        String sub = sim.create("subscription", Map.of("customer", "cus_1", "status", "active", "items", NestedItems.items(1)))
                .get("id").getAsString();

        sim.counters().reset();
        ChangeRecord read = auto.read(start).records().get(0);
        assertThat(read.apiVersion()).isEqualTo(StripeGateway.API_VERSION);
        assertThat(read.object().has("current_period_end")).as("shape of the pinned version").isFalse();
        assertThat(read.object()).isEqualTo(sim.objects("subscription").get(0));
        assertThat(requests("/v1/subscriptions/" + sub)).hasSize(1);

        ChangeRecord payload = never.read(start).records().get(0);
        assertThat(payload.apiVersion()).isEqualTo("2024-12-18.acacia");
        assertThat(payload.object().has("current_period_end")).as("shape of the event's version").isTrue();

        EventReader customers = events(CUSTOMER, RehydrateMode.always);
        Position customerStart = customers.startPosition(null, false, 0);
        sim.clock().advance(Duration.ofSeconds(5));
        String cus = sim.create("customer", Map.of("email", "a@x.io")).get("id").getAsString();
        sim.clock().advance(Duration.ofSeconds(1));
        sim.delete("customer", cus);
        sim.counters().reset();
        List<ChangeRecord> records = customers.read(customerStart).records();
        assertThat(records).extracting(r -> r.type().headerValue()).containsExactly("delete", "delete");
        assertThat(records.get(1).apiVersion()).as("a deletion keeps its payload").isEqualTo("2024-12-18.acacia");
        assertThat(records.get(0).eventType()).as("created, then found gone: a deletion").isEqualTo("customer.created");
        assertThat(requests("/v1/customers/" + cus)).as("read once per poll, never for the deletion").hasSize(1);
    }

    @Test
    void changesOfOneObjectInOneSecondAllCarryItsNewestState() throws Exception {
        EventReader reader = events(CUSTOMER, RehydrateMode.auto);
        Position start = reader.startPosition(null, false, 0);
        sim.clock().advance(Duration.ofSeconds(5));
        String id = sim.create("customer", Map.of("email", "a@x.io")).get("id").getAsString();
        for (int i = 0; i < 5; i++) {
            sim.update("customer", id, Map.of("description", "v" + i));
        }
        String other = sim.create("customer", Map.of("email", "b@x.io")).get("id").getAsString();
        sim.clock().advance(Duration.ofSeconds(1));
        sim.counters().reset();
        List<ChangeRecord> records = reader.read(start).records();
        assertThat(records).hasSize(7);
        assertThat(records).filteredOn(r -> r.objectId().equals(id))
                .allSatisfy(r -> assertThat(r.object().get("description").getAsString()).isEqualTo("v4"));
        assertThat(requests("/v1/customers/" + id)).as("one read for the whole tie").hasSize(1);
        assertThat(requests("/v1/customers/" + other)).as("alone in its second: its payload is its newest state").isEmpty();
    }

    @Test
    void aBatchEndsAtASecondBoundarySoATieIsNeverSplit() throws Exception {
        EventReader reader = new EventReader(gateway, CUSTOMER, 4, 60, new Rehydration(gateway, CUSTOMER, null,
                RehydrateMode.auto), null, EventFilter.exact, type -> false);
        Position start = reader.startPosition(null, false, 0);
        sim.clock().advance(Duration.ofSeconds(5));
        sim.create("customer", Map.of());
        sim.create("customer", Map.of());
        sim.clock().advance(Duration.ofSeconds(1));
        sim.create("customer", Map.of());
        sim.create("customer", Map.of());
        sim.create("customer", Map.of());
        PollResult first = reader.read(start);
        assertThat(first.records()).as("the page of 4 ended inside the second of 3").hasSize(2);
        assertThat(first.moreAvailable()).isTrue();
        PollResult second = reader.read(first.end());
        assertThat(second.records()).hasSize(3);
        assertThat(second.records()).extracting(ChangeRecord::eventCreated)
                .containsOnly(first.records().get(0).eventCreated() + 1);
    }
}
