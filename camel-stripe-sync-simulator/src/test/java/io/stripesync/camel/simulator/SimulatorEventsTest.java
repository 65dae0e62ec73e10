package io.stripesync.camel.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;
import com.stripe.StripeClient;
import com.stripe.model.Customer;
import com.stripe.model.Event;
import com.stripe.model.StripeCollection;
import com.stripe.param.EventListParams;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Events: one per change of the exact Stripe type, filters, cursors, late visibility and 30-day retention. */
class SimulatorEventsTest {

    @Simulated(seed = 3)
    private StripeSimulator sim;
    private SimHttp http;

    @BeforeEach
    void start() {
        http = new SimHttp(sim);
    }

    @Test
    void everyChangeRecordsItsExactEventWithDataAndPreviousAttributes() {
        String id = http.post("/v1/customers", "email=a%40x.io&metadata[tier]=1").json().get("id").getAsString();
        sim.clock().advance(Duration.ofSeconds(1));
        http.post("/v1/customers/" + id, "email=b%40x.io&metadata[tier]=2&metadata[new]=y");
        http.post("/v1/customers/" + id, "email=b%40x.io");
        sim.clock().advance(Duration.ofSeconds(1));
        http.delete("/v1/customers/" + id);

        SimHttp.Response list = http.get("/v1/events?limit=100");
        assertThat(list.data()).as("an update that changes nothing records no event").hasSize(3);
        List<JsonObject> events = new ArrayList<>();
        list.data().forEach(e -> events.add(0, e.getAsJsonObject()));
        assertThat(events).extracting(e -> e.get("type").getAsString())
                .containsExactly("customer.created", "customer.updated", "customer.deleted");
        JsonObject updated = events.get(1);
        assertThat(updated.get("id").getAsString()).startsWith("evt_");
        assertThat(updated.get("object").getAsString()).isEqualTo("event");
        assertThat(updated.get("api_version").getAsString()).isEqualTo(com.stripe.Stripe.API_VERSION);
        JsonObject data = updated.getAsJsonObject("data");
        assertThat(data.getAsJsonObject("object").get("email").getAsString()).isEqualTo("b@x.io");
        JsonObject previous = data.getAsJsonObject("previous_attributes");
        assertThat(previous.get("email").getAsString()).isEqualTo("a@x.io");
        assertThat(previous.getAsJsonObject("metadata").get("tier").getAsString()).isEqualTo("1");
        assertThat(previous.getAsJsonObject("metadata").get("new").isJsonNull()).isTrue();
        assertThat(events.get(0).getAsJsonObject("data").has("previous_attributes")).isFalse();
        assertThat(events.get(2).getAsJsonObject("data").getAsJsonObject("object").get("id").getAsString()).isEqualTo(id);
        assertThat(events.get(2).get("created").getAsLong()).isEqualTo(events.get(0).get("created").getAsLong() + 2);
        assertThat(http.get("/v1/events/" + updated.get("id").getAsString()).json()).isEqualTo(updated);
    }

    @Test
    void eventTypesFollowTheCatalogNotTheResourceName() {
        String sub = sim.create("subscription", Map.of("customer", "cus_1", "status", "active")).get("id").getAsString();
        sim.update("subscription", sub, Map.of("status", "past_due"));
        sim.create("invoiceitem", Map.of("amount", 5));
        sim.create("dispute", Map.of("amount", 5));
        sim.create("issuing.card", Map.of("currency", "usd"));
        sim.create("payment_link", Map.of("active", true));
        sim.create("file_link", Map.of("file", "file_1"));
        // all in one second, whose list order Stripe does not keep
        assertThat(sim.events()).extracting(e -> e.get("type").getAsString()).containsExactlyInAnyOrder(
                "customer.subscription.created", "customer.subscription.updated", "invoiceitem.created",
                "charge.dispute.created", "issuing_card.created", "payment_link.created");
    }

    @Test
    void typesTypeWildcardAndTheirLimits() {
        sim.create("customer", Map.of());
        JsonObject sub = sim.create("subscription", Map.of("status", "active"));
        sim.update("subscription", sub.get("id").getAsString(), Map.of("status", "canceled"));
        sim.create("invoice", Map.of());
        assertThat(types("types[]=customer.subscription.created&types[]=invoice.created"))
                .containsExactlyInAnyOrder("invoice.created", "customer.subscription.created");
        assertThat(types("type=customer.subscription.*"))
                .containsExactlyInAnyOrder("customer.subscription.updated", "customer.subscription.created");
        assertThat(types("type=customer.*")).hasSize(3);
        assertThat(types("type=*.created")).containsExactlyInAnyOrder("invoice.created", "customer.subscription.created",
                "customer.created");
        assertThat(types("type=customer.created")).containsExactly("customer.created");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 21; i++) {
            many.append("&types[]=t").append(i);
        }
        SimHttp.Response tooMany = http.get("/v1/events?" + many.substring(1));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.error().get("param").getAsString()).isEqualTo("types");
        SimHttp.Response both = http.get("/v1/events?type=a&types[]=b");
        assertThat(both.status()).isEqualTo(400);
        assertThat(http.get("/v1/events?object=x").error().get("message").getAsString())
                .isEqualTo("Received unknown parameter: object");
    }

    @Test
    void createdFiltersAndBothCursorsOnEvents() {
        long t0 = sim.clock().nowSeconds();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(0, eventIdOf(sim.create("customer", Map.of("name", "n" + i))));
            sim.clock().advance(Duration.ofSeconds(10));
        }
        // ids is newest first
        assertThat(http.get("/v1/events?limit=100").ids()).isEqualTo(ids);
        assertThat(http.get("/v1/events?created[gte]=" + (t0 + 20) + "&created[lt]=" + (t0 + 40)).ids())
                .isEqualTo(ids.subList(2, 4));
        SimHttp.Response page = http.get("/v1/events?limit=2&starting_after=" + ids.get(1));
        assertThat(page.ids()).isEqualTo(ids.subList(2, 4));
        assertThat(page.hasMore()).isTrue();
        SimHttp.Response back = http.get("/v1/events?limit=2&ending_before=" + ids.get(4));
        assertThat(back.ids()).isEqualTo(ids.subList(2, 4));
        assertThat(back.hasMore()).isTrue();
        assertThat(http.get("/v1/events?limit=2&ending_before=" + ids.get(2)).hasMore()).isFalse();
    }

    @Test
    void eventsBecomeVisibleLate() {
        sim.faults().eventVisibilityDelay(Duration.ofSeconds(5), Duration.ofSeconds(5));
        JsonObject c = sim.create("customer", Map.of());
        String event = eventIdOf(c);
        assertThat(http.get("/v1/events").ids()).isEmpty();
        assertThat(http.get("/v1/events/" + event).status()).isEqualTo(404);
        sim.clock().advance(Duration.ofSeconds(4));
        JsonObject later = sim.create("customer", Map.of());
        sim.faults().eventVisibilityDelay(Duration.ZERO, Duration.ZERO);
        JsonObject visibleAtOnce = sim.create("customer", Map.of());
        assertThat(http.get("/v1/events").ids()).as("a newer event is visible before an older one")
                .containsExactly(eventIdOf(visibleAtOnce));
        sim.clock().advance(Duration.ofSeconds(1));
        assertThat(http.get("/v1/events").ids()).containsExactly(eventIdOf(visibleAtOnce), event);
        sim.clock().advance(Duration.ofSeconds(4));
        assertThat(http.get("/v1/events").ids()).as("later and visibleAtOnce share a second")
                .containsExactlyInAnyOrder(eventIdOf(visibleAtOnce), eventIdOf(later), event).endsWith(event);
    }

    @Test
    void eventsExpireAfterThirtyDays() {
        String old = eventIdOf(sim.create("customer", Map.of()));
        sim.clock().advance(Duration.ofDays(29));
        String recent = eventIdOf(sim.create("customer", Map.of()));
        assertThat(http.get("/v1/events").ids()).containsExactly(recent, old);
        sim.clock().advance(Duration.ofDays(1).plusSeconds(1));
        assertThat(http.get("/v1/events").ids()).containsExactly(recent);
        assertThat(http.get("/v1/events/" + old).status()).isEqualTo(404);
        SimHttp.Response cursor = http.get("/v1/events?ending_before=" + old);
        assertThat(cursor.status()).isEqualTo(400);
        assertThat(cursor.error().get("code").getAsString()).isEqualTo("resource_missing");
        assertThat(sim.events()).as("kept for assertions").hasSize(2);
    }

    @Test
    void connectedAccountEventsCarryTheAccount() {
        sim.create("acct_1XYZ", "customer", Map.of());
        SimHttp.Response r = http.account("acct_1XYZ").get("/v1/events");
        assertThat(r.data()).hasSize(1);
        assertThat(r.data().get(0).getAsJsonObject().get("account").getAsString()).isEqualTo("acct_1XYZ");
        assertThat(http.account(null).get("/v1/events").data()).isEmpty();
    }

    @Test
    void stripeJavaReadsTheEventsAndTheirObjects() throws Exception {
        JsonObject c = sim.create("customer", Map.of("email", "e@x.io"));
        StripeClient client = StripeClient.builder().setApiKey("sk_test_events").setApiBase(sim.baseUrl()).build();
        StripeCollection<Event> events = client.events().list(EventListParams.builder().addType("customer.created").build());
        assertThat(events.getData()).hasSize(1);
        Event e = events.getData().get(0);
        assertThat(e.getType()).isEqualTo("customer.created");
        Customer customer = (Customer) e.getDataObjectDeserializer().getObject().orElseThrow();
        assertThat(customer.getId()).isEqualTo(c.get("id").getAsString());
        assertThat(customer.getEmail()).isEqualTo("e@x.io");
    }

    private List<String> types(String query) {
        List<String> types = new ArrayList<>();
        http.get("/v1/events?limit=100&" + query).data().forEach(e -> types.add(e.getAsJsonObject().get("type").getAsString()));
        return types;
    }

    private String eventIdOf(JsonObject object) {
        String id = object.get("id").getAsString();
        List<JsonObject> all = sim.events();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).getAsJsonObject("data").getAsJsonObject("object").get("id").getAsString().equals(id)) {
                return all.get(i).get("id").getAsString();
            }
        }
        throw new AssertionError("no event for " + id);
    }
}
