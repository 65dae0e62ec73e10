package io.stripesync.camel.simulator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real API's edges the simulator models, as Stripe's API reference describes them: embedded lists cut at 10 items,
 * subscriptions hidden from the default list once canceled, payloads at the account's API version, and an order within
 * one second that is not the order of the changes.
 */
class SimulatorApiEdgesTest {

    @Simulated(seed = 5)
    private StripeSimulator sim;
    private SimHttp http;

    @BeforeEach
    void start() {
        http = new SimHttp(sim);
    }

    @ParameterizedTest(name = "{0} lines")
    @ValueSource(ints = { 0, 10, 11, 250 })
    void invoiceLinesAreEmbeddedUpToTenAndListedWholeFromTheirEndpoint(int count) {
        String id = sim.create("invoice", Map.of("customer", "cus_1", "lines", NestedItems.lines(count))).get("id").getAsString();
        for (JsonObject invoice : List.of(http.get("/v1/invoices/" + id).json(), http.get("/v1/invoices").data().get(0)
                .getAsJsonObject())) {
            JsonObject embedded = invoice.getAsJsonObject("lines");
            assertThat(embedded.get("object").getAsString()).isEqualTo("list");
            assertThat(embedded.getAsJsonArray("data")).hasSize(Math.min(count, 10));
            assertThat(embedded.get("has_more").getAsBoolean()).isEqualTo(count > 10);
            assertThat(embedded.get("url").getAsString()).isEqualTo("/v1/invoices/" + id + "/lines");
        }
        Set<String> all = new HashSet<>();
        String after = null;
        int pages = 0;
        do {
            SimHttp.Response page = http.get("/v1/invoices/" + id + "/lines?limit=100"
                                             + (after == null ? "" : "&starting_after=" + after));
            pages++;
            all.addAll(page.ids());
            after = page.hasMore() ? page.ids().get(page.ids().size() - 1) : null;
        } while (after != null);
        assertThat(all).hasSize(count);
        assertThat(pages).isEqualTo(Math.max(1, (count + 99) / 100));
        assertThat(http.get("/v1/invoices/in_missing/lines").status()).isEqualTo(404);
        assertThat(sim.objects("invoice").get(0).getAsJsonObject("lines").getAsJsonArray("data"))
                .as("the simulator's own view for assertions is whole").hasSize(count);
    }

    @Test
    void subscriptionItemsPastTenAreListedBySubscription() {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            items.add(Map.of("price", "price_" + i, "quantity", 1));
        }
        String sub = sim.create("subscription", Map.of("customer", "cus_1", "status", "active", "items", items))
                .get("id").getAsString();
        JsonObject embedded = http.get("/v1/subscriptions/" + sub).json().getAsJsonObject("items");
        assertThat(embedded.getAsJsonArray("data")).hasSize(10);
        assertThat(embedded.get("has_more").getAsBoolean()).isTrue();
        assertThat(embedded.get("url").getAsString()).isEqualTo("/v1/subscription_items?subscription=" + sub);
        assertThat(http.get("/v1/subscription_items?limit=100&subscription=" + sub).ids()).hasSize(25);

        // adding an item is a change of the subscription: customer.subscription.updated, its payload cut at 10 too
        http.post("/v1/subscription_items", "subscription=" + sub + "&price=price_new&quantity=2");
        JsonObject event = sim.events().get(sim.events().size() - 1);
        assertThat(sim.events()).extracting(e -> e.get("type").getAsString())
                .contains("customer.subscription.created", "customer.subscription.updated");
        JsonObject payloadItems = sim.events().stream().filter(e -> e.get("type").getAsString().endsWith(".updated"))
                .findFirst().orElseThrow().getAsJsonObject("data").getAsJsonObject("object").getAsJsonObject("items");
        assertThat(payloadItems.getAsJsonArray("data")).hasSize(10);
        assertThat(payloadItems.get("has_more").getAsBoolean()).isTrue();
        assertThat(event).isNotNull();
        assertThat(http.get("/v1/subscription_items?limit=100&subscription=" + sub).ids()).hasSize(26);
    }

    @Test
    void invoiceAddLinesEmitsAnUpdateWhosePayloadIsCut() {
        String id = sim.create("invoice", Map.of("customer", "cus_1", "lines", NestedItems.lines(3))).get("id").getAsString();
        JsonObject answer = http.post("/v1/invoices/" + id + "/add_lines",
                "lines[0][amount]=1&lines[1][amount]=2&lines[2][amount]=3&lines[3][amount]=4&lines[4][amount]=5"
                                                               + "&lines[5][amount]=6&lines[6][amount]=7&lines[7][amount]=8")
                .json();
        assertThat(answer.getAsJsonObject("lines").get("has_more").getAsBoolean()).isTrue();
        JsonObject updated = sim.events().stream().filter(e -> e.get("type").getAsString().equals("invoice.updated"))
                .findFirst().orElseThrow();
        JsonObject payload = updated.getAsJsonObject("data").getAsJsonObject("object").getAsJsonObject("lines");
        assertThat(payload.getAsJsonArray("data")).hasSize(10);
        assertThat(payload.get("has_more").getAsBoolean()).isTrue();
        assertThat(updated.getAsJsonObject("data").getAsJsonObject("previous_attributes").getAsJsonObject("lines")
                .getAsJsonArray("data")).hasSize(3);
    }

    @Test
    void canceledSubscriptionsLeaveTheDefaultListButStayRetrievable() {
        String active = sim.create("subscription", Map.of("customer", "cus_1", "status", "active")).get("id").getAsString();
        String canceled = sim.create("subscription", Map.of("customer", "cus_2", "status", "active")).get("id").getAsString();
        assertThat(http.delete("/v1/subscriptions/" + canceled).status()).isEqualTo(200);
        assertThat(http.get("/v1/subscriptions").ids()).containsExactly(active);
        assertThat(http.get("/v1/subscriptions?status=all").ids()).containsExactlyInAnyOrder(active, canceled);
        assertThat(http.get("/v1/subscriptions?status=canceled").ids()).containsExactly(canceled);
        assertThat(http.get("/v1/subscriptions/" + canceled).json().get("status").getAsString()).isEqualTo("canceled");
        assertThat(http.post("/v1/subscriptions/" + canceled, "description=late").status())
                .as("Stripe refuses changes to a canceled subscription").isEqualTo(400);
    }

    @Test
    void eventsAreRenderedAtTheAccountsApiVersion() {
        sim.accountApiVersion("2024-12-18.acacia");
        JsonObject sub = sim.create("subscription", Map.of("customer", "cus_1", "status", "active",
                "items", List.of(Map.of("price", "price_1", "quantity", 1))));
        JsonObject event = sim.events().get(0);
        assertThat(event.get("api_version").getAsString()).isEqualTo("2024-12-18.acacia");
        JsonObject old = event.getAsJsonObject("data").getAsJsonObject("object");
        JsonObject item = sub.getAsJsonObject("items").getAsJsonArray("data").get(0).getAsJsonObject();
        assertThat(old.get("current_period_end").getAsLong()).isEqualTo(item.get("current_period_end").getAsLong());
        assertThat(old.getAsJsonObject("items").getAsJsonArray("data").get(0).getAsJsonObject().has("current_period_end"))
                .isFalse();
        assertThat(http.get("/v1/subscriptions/" + sub.get("id").getAsString()).json().has("current_period_end"))
                .as("the API answers at the pinned version").isFalse();
    }

    @Test
    void objectsOnTestClocksAndCustomPaymentMethodsAreHiddenUnlessAsked() {
        String clock = sim.create("test_helpers.test_clock", Map.of("frozen_time", 1)).get("id").getAsString();
        String plain = sim.create("customer", Map.of()).get("id").getAsString();
        String clocked = sim.create("customer", Map.of("test_clock", clock)).get("id").getAsString();
        assertThat(http.get("/v1/customers").ids()).containsExactly(plain);
        assertThat(http.get("/v1/customers?test_clock=" + clock).ids()).containsExactly(clocked);
        String sub = sim.create("subscription", Map.of("customer", clocked, "test_clock", clock, "status", "active"))
                .get("id").getAsString();
        assertThat(http.get("/v1/subscriptions").ids()).isEmpty();
        assertThat(http.get("/v1/subscriptions?test_clock=" + clock).ids()).containsExactly(sub);
        assertThat(http.get("/v1/subscriptions?customer=" + clocked).ids()).containsExactly(sub);
        String schedule = sim.create("subscription_schedule", Map.of("customer", clocked)).get("id").getAsString();
        assertThat(http.get("/v1/subscription_schedules").ids()).isEmpty();
        assertThat(http.get("/v1/subscription_schedules?customer=" + clocked).ids()).containsExactly(schedule);
        String card = sim.create("payment_method", Map.of("type", "card")).get("id").getAsString();
        String custom = sim.create("payment_method", Map.of("type", "custom")).get("id").getAsString();
        assertThat(http.get("/v1/payment_methods").ids()).containsExactly(card);
        assertThat(http.get("/v1/payment_methods?type=custom").ids()).containsExactly(custom);
    }

    @Test
    void capabilitiesAreListedWholeAndRefusePaging() {
        for (int i = 0; i < 15; i++) {
            sim.create("acct_1Cap", "capability", Map.of("requested", true));
        }
        assertThat(http.get("/v1/accounts/acct_1Cap/capabilities").ids()).hasSize(15);
        assertThat(http.get("/v1/accounts/acct_1Cap/capabilities?limit=10").status()).isEqualTo(400);
    }

    @Test
    void eventsOfOneSecondAreNotListedInTheOrderOfTheChanges() {
        String id = sim.create("customer", Map.of()).get("id").getAsString();
        List<String> changeOrder = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            changeOrder.add(sim.update("customer", id, Map.of("description", "v" + i)).get("description").getAsString());
        }
        List<String> listOrder = new ArrayList<>();
        for (JsonElement e : http.get("/v1/events?limit=100&type=customer.updated").data()) {
            listOrder.add(0, e.getAsJsonObject().getAsJsonObject("data").getAsJsonObject("object").get("description")
                    .getAsString());
        }
        assertThat(listOrder).containsExactlyInAnyOrderElementsOf(changeOrder).isNotEqualTo(changeOrder);
    }
}
