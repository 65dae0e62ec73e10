package io.stripesync.camel.producer;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.stripe.model.Customer;
import com.stripe.model.Invoice;
import com.stripe.model.Product;
import com.stripe.model.Subscription;
import com.stripe.param.CustomerCreateParams;
import io.stripesync.camel.StripeSyncConstants;
import io.stripesync.camel.StripeSyncException;
import io.stripesync.camel.simulator.Simulated;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Producer operations against the simulator: round trips that assert the objects Stripe (the simulator) holds. */
class ProducerRoundTripTest {

    @Simulated(seed = 71)
    private StripeSimulator sim;
    private CamelContext context;
    private ProducerTemplate template;

    @BeforeEach
    void start() {
        context = new DefaultCamelContext();
        context.start();
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private String uri(String resourceAndOptions) {
        return "stripe-sync:" + resourceAndOptions + (resourceAndOptions.contains("?") ? "&" : "?") + "apiKey=sk_test_producer&maxRequestsPerSecond=0&apiBase="
               + sim.baseUrl();
    }

    @Test
    void customerCreateRetrieveUpdateListSearchDelete() {
        Customer created = template.requestBody(uri("customer?operation=create"),
                Map.of("email", "ann@example.com", "metadata", Map.of("tier", "gold")), Customer.class);
        assertThat(created.getId()).startsWith("cus_");
        assertThat(created.getMetadata()).containsEntry("tier", "gold");
        assertThat(sim.retrieve("customer", created.getId()).get("email").getAsString()).isEqualTo("ann@example.com");

        Customer fetched = template.requestBodyAndHeader(uri("customer?operation=retrieve"), null,
                StripeSyncConstants.OBJECT_ID, created.getId(), Customer.class);
        assertThat(fetched.getEmail()).isEqualTo("ann@example.com");

        // the id may come from the body too; a JSON String body works like a Map
        Customer updated = template.requestBody(uri("customer?operation=update"),
                "{\"id\":\"" + created.getId() + "\",\"name\":\"Ann Lee\",\"metadata\":{\"tier\":\"platinum\"}}", Customer.class);
        assertThat(updated.getName()).isEqualTo("Ann Lee");
        assertThat(sim.retrieve("customer", created.getId()).getAsJsonObject("metadata").get("tier").getAsString())
                .isEqualTo("platinum");

        template.requestBody(uri("customer?operation=create"),
                CustomerCreateParams.builder().setEmail("bob@example.com").putMetadata("tier", "gold").build());
        List<?> all = template.requestBody(uri("customer?operation=list"), null, List.class);
        assertThat(all).hasSize(2).allMatch(o -> o instanceof Customer);
        List<?> gold = template.requestBodyAndHeader(uri("customer?operation=search"), null, StripeSyncConstants.QUERY,
                "metadata['tier']:'gold'", List.class);
        assertThat(gold).extracting(o -> ((Customer) o).getEmail()).containsExactly("bob@example.com");

        Customer deleted = template.requestBodyAndHeader(uri("customer?operation=delete"), null,
                StripeSyncConstants.OBJECT_ID, created.getId(), Customer.class);
        assertThat(deleted.getDeleted()).isTrue();
        assertThat(sim.count("customer")).isEqualTo(1);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = { "customer", "product", "price", "coupon", "plan", "invoiceitem",
                                                               "tax_rate", "webhook_endpoint", "billing.meter", "terminal.location" })
    @SuppressWarnings("unchecked")
    void everyOperationTheCatalogAllowsRoundTrips(String name) {
        io.stripesync.camel.catalog.StripeResource r = io.stripesync.camel.catalog.StripeCatalog.defaultCatalog().require(name);
        Map<String, Object> fields = new java.util.HashMap<>(Map.of("metadata", Map.of("run", "1"), "description", "first"));
        if (name.equals("webhook_endpoint")) {
            // required by Stripe; nothing listens there
            fields.put("url", "http://127.0.0.1:9/hook");
            fields.put("enabled_events", List.of("customer.created"));
        }
        Map<String, Object> made = template.requestBody(uri(name + "?operation=create&bodyType=map"), fields, Map.class);
        String id = made.get("id").toString();
        assertThat(made).containsEntry("object", name).containsEntry("description", "first");
        Map<String, Object> fetched = template.requestBodyAndHeader(uri(name + "?operation=retrieve&bodyType=map"), null,
                StripeSyncConstants.OBJECT_ID, id, Map.class);
        if (name.equals("webhook_endpoint")) {
            // the signing secret is answered once, at creation
            assertThat(made.remove("secret")).asString().startsWith("whsec_");
        }
        assertThat(fetched).isEqualTo(made);
        if (r.supports(io.stripesync.camel.catalog.Operation.UPDATE)) {
            Map<String, Object> changed = template.requestBodyAndHeader(uri(name + "?operation=update&bodyType=map"),
                    Map.of("description", "second"), StripeSyncConstants.OBJECT_ID, id, Map.class);
            assertThat(changed).containsEntry("description", "second");
        }
        List<Map<String, Object>> listed = template.requestBody(uri(name + "?operation=list&bodyType=map"), null, List.class);
        assertThat(listed).extracting(m -> m.get("id")).containsExactly(id);
        if (r.supports(io.stripesync.camel.catalog.Operation.SEARCH)) {
            List<Map<String, Object>> found = template.requestBodyAndHeader(uri(name + "?operation=search&bodyType=map"), null,
                    StripeSyncConstants.QUERY, "metadata['run']:'1'", List.class);
            assertThat(found).extracting(m -> m.get("id")).containsExactly(id);
        }
        if (r.supports(io.stripesync.camel.catalog.Operation.DELETE)) {
            Map<String, Object> gone = template.requestBodyAndHeader(uri(name + "?operation=delete&bodyType=map"), null,
                    StripeSyncConstants.OBJECT_ID, id, Map.class);
            assertThat(gone).containsEntry("deleted", true);
            assertThat(sim.count(name)).isZero();
        } else {
            assertThat(sim.count(name)).isEqualTo(1);
        }
    }

    @Test
    void productWithHeaderChosenOperationsAndBodyTypes() {
        String id = template.requestBody(uri("product?operation=create&bodyType=json"), Map.of("name", "Widget"), String.class);
        assertThat(id).contains("\"name\":\"Widget\"");
        String productId = sim.objects("product").get(0).get("id").getAsString();
        @SuppressWarnings("unchecked")
        Map<String, Object> asMap = template.requestBodyAndHeaders(uri("product?bodyType=map"), Map.of("active", true),
                Map.of(StripeSyncConstants.OPERATION, "update", StripeSyncConstants.OBJECT_ID, productId), Map.class);
        assertThat(asMap).containsEntry("active", true).containsEntry("name", "Widget").containsEntry("id", productId);
        Product fetched = template.requestBodyAndHeaders(uri("product?operation=create"), null,
                Map.of(StripeSyncConstants.OPERATION, "retrieve", StripeSyncConstants.OBJECT_ID, productId), Product.class);
        assertThat(fetched.getActive()).isTrue();
    }

    @Test
    void invoiceFinalizeAndSubscriptionCancelActions() {
        Invoice draft = template.requestBody(uri("invoice?operation=create"), Map.of("customer", "cus_1", "status", "draft"),
                Invoice.class);
        Invoice finalized = template.requestBodyAndHeader(uri("invoice?operation=action&action=finalize"), null,
                StripeSyncConstants.OBJECT_ID, draft.getId(), Invoice.class);
        assertThat(finalized.getStatus()).isEqualTo("open");
        assertThat(sim.events()).extracting(e -> e.get("type").getAsString()).contains("invoice.finalized");

        Subscription sub = template.requestBody(uri("subscription?operation=create"),
                Map.of("customer", "cus_1", "status", "active", "metadata", Map.of("plan", "pro")), Subscription.class);
        assertThat(sub.getMetadata()).containsEntry("plan", "pro");
        Subscription canceled = template.requestBodyAndHeaders(uri("subscription"), null,
                Map.of(StripeSyncConstants.OPERATION, "action", StripeSyncConstants.ACTION, "cancel",
                        StripeSyncConstants.OBJECT_ID, sub.getId()), Subscription.class);
        assertThat(canceled.getStatus()).isEqualTo("canceled");
    }

    @Test
    void connectedAccountPerEndpointAndPerMessage() {
        template.requestBody(uri("customer?operation=create&accountId=acct_1One"), Map.of("email", "one@x.io"));
        template.requestBodyAndHeader(uri("customer?operation=create&accountId=acct_1One"), Map.of("email", "two@x.io"),
                StripeSyncConstants.ACCOUNT, "acct_1Two");
        assertThat(sim.objects("acct_1One", "customer")).hasSize(1);
        assertThat(sim.objects("acct_1Two", "customer")).hasSize(1);
        assertThat(sim.objects("customer")).isEmpty();
        Map<?, ?> person = template.requestBody(uri("person?operation=create&accountId=acct_1One&bodyType=map"),
                Map.of("first_name", "Jo"), Map.class);
        assertThat(person.get("id").toString()).startsWith("person_");
        assertThat(sim.counters().requests().get(sim.counters().requests().size() - 1).path())
                .isEqualTo("/v1/accounts/acct_1One/persons");
    }

    @Test
    void listPagesThroughEverythingOrUpToTheLimitHeader() {
        sim.seed("customer", 250, java.time.Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("name", "c" + i));
        sim.counters().reset();
        List<?> all = template.requestBody(uri("customer?operation=list"), null, List.class);
        assertThat(all).hasSize(250);
        assertThat(sim.counters().route("GET /v1/customers")).isEqualTo(3);
        List<?> some = template.requestBodyAndHeader(uri("customer?operation=list"), null, StripeSyncConstants.LIMIT, 30,
                List.class);
        assertThat(some).hasSize(30);
        assertThat(((Customer) some.get(0)).getName()).isEqualTo("c249");
        Iterator<?> lazy = template.requestBody(uri("customer?operation=list&streamList=true"), null, Iterator.class);
        assertThat(lazy.next()).isInstanceOf(Customer.class);
    }

    @Test
    void searchPagesWithNextPage() {
        for (int i = 0; i < 230; i++) {
            sim.create("customer", Map.of("metadata", Map.of("tier", i % 2 == 0 ? "gold" : "basic"), "name", "n" + i));
        }
        sim.counters().reset();
        List<?> gold = template.requestBodyAndHeader(uri("customer?operation=search"), Map.of("query", "metadata['tier']:'gold'"),
                StripeSyncConstants.LIMIT, 1000, List.class);
        assertThat(gold).hasSize(115).doesNotHaveDuplicates();
        List<Map<String, Object>> pages = new java.util.ArrayList<>();
        sim.counters().requests().forEach(r -> pages.add(r.params()));
        assertThat(pages).hasSize(2);
        assertThat(pages.get(1)).containsEntry("page", "page_100");
        Iterator<?> lazy = template.requestBodyAndHeader(uri("customer?operation=search&streamList=true&bodyType=map"),
                Map.of("query", "metadata['tier']:'basic'"), StripeSyncConstants.LIMIT, 7, Iterator.class);
        int n = 0;
        while (lazy.hasNext()) {
            lazy.next();
            n++;
        }
        assertThat(n).isEqualTo(7);
    }

    @Test
    void unsupportedOperationsFailAtEndpointCreation() {
        assertThat(creationFailure("charge?operation=delete"))
                .contains("Option operation delete is not supported by Stripe for resource 'charge'")
                .contains("it supports: create, retrieve, update, list, search, action");
        assertThat(creationFailure("plan?operation=search")).contains("Option operation search is not supported by Stripe for resource 'plan'");
        assertThat(creationFailure("invoice?operation=action&action=explode"))
                .contains("Resource 'invoice' has no action 'explode'").contains("finalize").contains("void");
        assertThat(creationFailure("invoice?operation=action")).contains("Option operation=action needs the option action");
        assertThat(creationFailure("invoice?action=finalize")).contains("Option action=finalize needs operation=action");
        assertThat(creationFailure("invoice?operation=upsert"))
                .contains("Option operation must be one of create, retrieve, update, delete, list, search, action, resnapshot, was 'upsert'");
    }

    @Test
    void headerChosenOperationsFailAtTheMessage() {
        Throwable t = catchThrowable(() -> template.requestBodyAndHeader(uri("charge?operation=retrieve"), null,
                StripeSyncConstants.OPERATION, "delete"));
        assertThat(t).isInstanceOf(CamelExecutionException.class);
        assertThat(t.getCause()).hasMessageContaining("Header CamelStripeSyncOperation delete is not supported by Stripe for"
                                                      + " resource 'charge'");
        t = catchThrowable(() -> template.requestBodyAndHeader(uri("customer?operation=retrieve"), null,
                StripeSyncConstants.OPERATION, "snapshot"));
        assertThat(t.getCause()).hasMessageContaining("Header CamelStripeSyncOperation 'snapshot' is not a stripe-sync producer"
                                                      + " operation");
        t = catchThrowable(() -> template.requestBody(uri("customer?operation=retrieve"), Map.of()));
        assertThat(t.getCause()).hasMessageContaining("needs the object id");
        t = catchThrowable(() -> template.requestBody(uri("customer"), Map.of()));
        assertThat(t.getCause()).hasMessageContaining("No operation for stripe-sync:customer");
        t = catchThrowable(() -> template.requestBody(uri("subscription_item?operation=list"), Map.of()));
        assertThat(t.getCause()).hasMessageContaining("Stripe lists subscription_item only with subscription given");
    }

    @Test
    void stripeErrorsBecomeStripeSyncExceptions() {
        Throwable t = catchThrowable(() -> template.requestBodyAndHeader(uri("customer?operation=retrieve"), null,
                StripeSyncConstants.OBJECT_ID, "cus_missing"));
        StripeSyncException e = (StripeSyncException) t.getCause();
        assertThat(e.getHttpResponseCode()).isEqualTo(404);
        assertThat(e.getErrorType()).isEqualTo("invalid_request_error");
        assertThat(e.getErrorCode()).isEqualTo("resource_missing");
        assertThat(e.getParam()).isEqualTo("id");
        assertThat(e.getRequestId()).startsWith("req_");
        assertThat(e.getMessage()).contains("Stripe refused retrieve on customer cus_missing").contains("No such customer");
    }

    private String creationFailure(String resourceAndOptions) {
        Throwable t = catchThrowable(() -> context.getEndpoint(uri(resourceAndOptions)));
        assertThat(t).isInstanceOf(ResolveEndpointFailedException.class);
        return t.getMessage();
    }
}
