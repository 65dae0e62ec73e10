package io.stripesync.camel.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.google.gson.JsonObject;
import com.stripe.StripeClient;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.Customer;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerUpdateParams;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Objects over real HTTP: create, retrieve, update, delete, errors, auth, Connect, idempotency and actions. */
class SimulatorObjectsTest {

    @Simulated(seed = 7)
    private StripeSimulator sim;
    private SimHttp http;

    @BeforeEach
    void start() {
        http = new SimHttp(sim);
    }

    @Test
    void createRetrieveUpdateDeleteWithStripeShapes() {
        sim.clock().set(Instant.parse("2026-03-01T10:00:00Z"));
        SimHttp.Response created = http.post("/v1/customers", "email=ann%40example.com&name=Ann&metadata[plan]=gold&balance=250");
        assertThat(created.status()).isEqualTo(200);
        JsonObject c = created.json();
        String id = c.get("id").getAsString();
        assertThat(id).matches("cus_[0-9A-Za-z]{14}");
        assertThat(c.get("object").getAsString()).isEqualTo("customer");
        assertThat(c.get("created").getAsLong()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z").getEpochSecond());
        assertThat(c.get("livemode").getAsBoolean()).isFalse();
        assertThat(c.get("email").getAsString()).isEqualTo("ann@example.com");
        assertThat(c.get("balance").getAsLong()).as("numbers are typed like Stripe's").isEqualTo(250);
        assertThat(c.getAsJsonObject("metadata").get("plan").getAsString()).isEqualTo("gold");
        assertThat(created.header("Request-Id")).startsWith("req_");

        assertThat(http.get("/v1/customers/" + id).json()).isEqualTo(c);

        JsonObject updated = http.post("/v1/customers/" + id, "name=Ann+Lee&metadata[plan]=&metadata[seats]=3").json();
        assertThat(updated.get("name").getAsString()).isEqualTo("Ann Lee");
        assertThat(updated.getAsJsonObject("metadata").keySet()).containsExactly("seats");
        assertThat(http.get("/v1/customers/" + id).json()).isEqualTo(updated);

        SimHttp.Response deleted = http.delete("/v1/customers/" + id);
        assertThat(deleted.json().get("deleted").getAsBoolean()).isTrue();
        assertThat(deleted.json().get("id").getAsString()).isEqualTo(id);

        SimHttp.Response gone = http.get("/v1/customers/" + id);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.error().get("type").getAsString()).isEqualTo("invalid_request_error");
        assertThat(gone.error().get("code").getAsString()).isEqualTo("resource_missing");
        assertThat(gone.error().get("param").getAsString()).isEqualTo("id");
        assertThat(gone.error().get("message").getAsString()).isEqualTo("No such customer: '" + id + "'");
        assertThat(http.post("/v1/customers/" + id, "name=x").status()).isEqualTo(404);
        assertThat(http.delete("/v1/customers/" + id).status()).isEqualTo(404);
    }

    @Test
    void worksWithStripeJavaItself() throws Exception {
        StripeClient client = StripeClient.builder().setApiKey("sk_test_javaclient").setApiBase(sim.baseUrl()).build();
        Customer c = client.customers().create(CustomerCreateParams.builder().setEmail("j@example.com")
                .putMetadata("source", "test").build());
        assertThat(c.getId()).startsWith("cus_");
        assertThat(c.getMetadata()).containsEntry("source", "test");
        Customer u = client.customers().update(c.getId(), CustomerUpdateParams.builder().setName("Jay").build());
        assertThat(u.getName()).isEqualTo("Jay");
        assertThat(client.customers().retrieve(c.getId()).getEmail()).isEqualTo("j@example.com");
        Customer d = client.customers().delete(c.getId());
        assertThat(d.getDeleted()).isTrue();
        InvalidRequestException missing = catchThrowableOfType(InvalidRequestException.class,
                () -> client.customers().retrieve(c.getId()));
        assertThat(missing.getStatusCode()).isEqualTo(404);
        assertThat(missing.getCode()).isEqualTo("resource_missing");
        assertThat(missing.getRequestId()).startsWith("req_");
    }

    @Test
    void anyCatalogResourceWithItsOwnIdPrefix() {
        assertThat(http.post("/v1/subscriptions", "customer=cus_1&items[0][price]=price_1").json().get("id").getAsString())
                .startsWith("sub_");
        assertThat(http.post("/v1/invoiceitems", "customer=cus_1&amount=100&currency=usd").json().get("id").getAsString())
                .startsWith("ii_");
        JsonObject session = http.post("/v1/checkout/sessions", "mode=payment&success_url=https%3A%2F%2Fx").json();
        assertThat(session.get("id").getAsString()).startsWith("cs_test_");
        assertThat(session.get("object").getAsString()).isEqualTo("checkout.session");
        JsonObject meter = http.post("/v1/billing/meters", "display_name=calls&event_name=api_call").json();
        assertThat(meter.get("object").getAsString()).isEqualTo("billing.meter");
        assertThat(http.get("/v1/billing/meters/" + meter.get("id").getAsString()).json()).isEqualTo(meter);
    }

    @Test
    void unsupportedOperationsAndUnknownUrlsAre404() {
        String charge = http.post("/v1/charges", "amount=100&currency=usd").json().get("id").getAsString();
        SimHttp.Response deleteCharge = http.delete("/v1/charges/" + charge);
        assertThat(deleteCharge.status()).isEqualTo(404);
        assertThat(deleteCharge.error().get("message").getAsString()).startsWith("Unrecognized request URL (DELETE: /v1/charges/");
        assertThat(http.get("/v1/nothing_here").status()).isEqualTo(404);
        assertThat(http.post("/v1/events", "x=1").status()).isEqualTo(404);
    }

    @Test
    void readOnlyFieldsCannotBeWritten() {
        SimHttp.Response r = http.post("/v1/customers", "id=cus_mine");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error().get("param").getAsString()).isEqualTo("id");
        assertThat(r.error().get("message").getAsString()).isEqualTo("Received unknown parameter: id");
    }

    @Test
    void apiKeysAreCheckedAndNeverEchoed() {
        SimHttp.Response none = http.key(null).get("/v1/customers");
        assertThat(none.status()).isEqualTo(401);
        sim.faults().rejectApiKey("sk_test_revoked0000001234");
        SimHttp.Response revoked = http.key("sk_test_revoked0000001234").get("/v1/customers");
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.error().get("message").getAsString()).isEqualTo("Invalid API Key provided: sk_test_****1234");
        sim.faults().forbidApiKey("rk_test_limited000005678");
        SimHttp.Response forbidden = http.key("rk_test_limited000005678").get("/v1/customers");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.raw().body()).doesNotContain("limited0000");
        StripeClient client = StripeClient.builder().setApiKey("sk_test_revoked0000001234").setApiBase(sim.baseUrl()).build();
        assertThat(catchThrowableOfType(AuthenticationException.class, () -> client.customers().list()).getStatusCode())
                .isEqualTo(401);
    }

    @Test
    void connectedAccountsAreSeparateAndNestedPathsWork() {
        String platform = http.post("/v1/customers", "email=p%40x.io").json().get("id").getAsString();
        String connected = http.account("acct_1ABC").post("/v1/customers", "email=c%40x.io").json().get("id").getAsString();
        assertThat(http.account(null).get("/v1/customers?limit=100").ids()).containsExactly(platform);
        assertThat(http.account("acct_1ABC").get("/v1/customers?limit=100").ids()).containsExactly(connected);
        assertThat(http.account(null).get("/v1/customers/" + connected).status()).isEqualTo(404);
        assertThat(sim.objects("acct_1ABC", "customer")).extracting(o -> o.get("id").getAsString()).containsExactly(connected);

        String person = http.account(null).post("/v1/accounts/acct_1ABC/persons", "first_name=Jo").json().get("id").getAsString();
        assertThat(http.get("/v1/accounts/acct_1ABC/persons").ids()).containsExactly(person);
        assertThat(http.get("/v1/accounts/acct_1ABC/persons/" + person).json().get("first_name").getAsString()).isEqualTo("Jo");
        assertThat(http.get("/v1/accounts/acct_OTHER/persons").ids()).isEmpty();
    }

    @Test
    void idempotencyKeyReplaysTheFirstAnswer() {
        SimHttp.Response first = http.idempotencyKey("key-1").post("/v1/customers", "email=i%40x.io");
        SimHttp.Response again = http.idempotencyKey("key-1").post("/v1/customers", "email=i%40x.io");
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(sim.count("customer")).isEqualTo(1);
        SimHttp.Response misuse = http.idempotencyKey("key-1").post("/v1/customers", "email=other%40x.io");
        assertThat(misuse.status()).isEqualTo(400);
        assertThat(misuse.error().get("type").getAsString()).isEqualTo("idempotency_error");
        assertThat(http.idempotencyKey("key-2").post("/v1/customers", "email=i%40x.io").json().get("id"))
                .isNotEqualTo(first.json().get("id"));
    }

    @Test
    void actionsChangeStateAndEmitTheirEvent() {
        String invoice = http.post("/v1/invoices", "customer=cus_1&status=draft").json().get("id").getAsString();
        JsonObject finalized = http.post("/v1/invoices/" + invoice + "/finalize", "").json();
        assertThat(finalized.get("status").getAsString()).isEqualTo("open");
        assertThat(sim.events()).extracting(e -> e.get("type").getAsString())
                .containsExactlyInAnyOrder("invoice.created", "invoice.finalized");
        assertThat(http.get("/v1/invoices/" + invoice + "/finalize").status()).as("wrong method").isEqualTo(404);

        String sub = http.post("/v1/subscriptions", "customer=cus_1&status=active").json().get("id").getAsString();
        JsonObject canceled = http.delete("/v1/subscriptions/" + sub).json();
        assertThat(canceled.get("status").getAsString()).isEqualTo("canceled");
        assertThat(canceled.get("canceled_at").getAsLong()).isEqualTo(sim.clock().nowSeconds());
        assertThat(sim.events()).filteredOn(e -> e.get("type").getAsString().equals("customer.subscription.deleted"))
                .singleElement().satisfies(e -> assertThat(e.getAsJsonObject("data").getAsJsonObject("object")
                        .get("status").getAsString()).isEqualTo("canceled"));
        assertThat(http.get("/v1/subscriptions/" + sub).json().get("status").getAsString())
                .as("a canceled subscription stays retrievable").isEqualTo("canceled");
    }

    @Test
    void directAccessSharesTheHttpState() {
        sim.clock().advance(Duration.ofHours(1));
        JsonObject c = sim.create("customer", Map.of("email", "d@x.io", "balance", 5));
        assertThat(http.get("/v1/customers/" + c.get("id").getAsString()).json()).isEqualTo(c);
        sim.update("customer", c.get("id").getAsString(), Map.of("email", "e@x.io"));
        assertThat(sim.retrieve("customer", c.get("id").getAsString()).get("email").getAsString()).isEqualTo("e@x.io");
        sim.delete("customer", c.get("id").getAsString());
        assertThat(sim.count("customer")).isZero();
    }
}
