package io.stripesync.camel.simulator;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.stripesync.camel.catalog.Operation;
import io.stripesync.camel.catalog.ResourceAction;
import io.stripesync.camel.catalog.StripeCatalog;
import io.stripesync.camel.catalog.StripeResource;
import io.stripesync.camel.simulator.ApiSurface.ApiObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The component's catalog checked against the simulator's own record of Stripe's API (recorded from stripe-java's
 * services, never from the catalog): every path, method, search endpoint, created filter and action the catalog
 * uses must be one Stripe serves. The simulator routes by the same record, so a catalog entry that fails here also
 * fails every consumer and producer test of that resource with Stripe's 404.
 */
class ApiSurfaceTest {

    private final ApiSurface surface = ApiSurface.stripeJava();

    @Test
    void recordsTheRoutesStripesReferenceDocuments() {
        // anchors from Stripe's API reference, so a recorder that lost its way fails here, not in a consumer test
        ApiObject customer = surface.require("customer");
        assertThat(customer.listPath()).isEqualTo("/v1/customers");
        assertThat(customer.itemPath()).isEqualTo("/v1/customers/{id}");
        assertThat(customer.itemMethods()).containsExactlyInAnyOrder("GET", "POST", "DELETE");
        assertThat(customer.creatable()).isTrue();
        assertThat(customer.searchPath()).isEqualTo("/v1/customers/search");
        assertThat(customer.listsByCreated()).isTrue();
        assertThat(customer.action("delete_discount")).isEqualTo(
                new ApiSurface.Action("delete_discount", "DELETE", "/v1/customers/{id}/discount"));
        assertThat(surface.require("invoice").action("finalize")).isEqualTo(
                new ApiSurface.Action("finalize", "POST", "/v1/invoices/{id}/finalize"));
        assertThat(surface.require("subscription").action("cancel")).isEqualTo(
                new ApiSurface.Action("cancel", "DELETE", "/v1/subscriptions/{id}"));
        assertThat(surface.require("quote").action("pdf")).isEqualTo(
                new ApiSurface.Action("pdf", "GET", "/v1/quotes/{id}/pdf"));
        assertThat(surface.require("person").listPath()).isEqualTo("/v1/accounts/{account}/persons");
        // a list without a created filter, and one that cannot be created by the API
        assertThat(surface.require("country_spec").listsByCreated()).isFalse();
        assertThat(surface.require("balance_transaction").creatable()).isFalse();
        // test helpers act on many objects; only the test clock's own are routed as actions
        assertThat(surface.require("issuing.authorization").actions().values())
                .noneMatch(a -> a.path().startsWith("/v1/test_helpers/"));
        assertThat(surface.require("test_helpers.test_clock").action("advance").path())
                .isEqualTo("/v1/test_helpers/test_clocks/{id}/advance");
        // lists under another object (a customer's tax ids) are embedded lists, not objects of their own path
        assertThat(surface.require("tax_id").listPath()).isEqualTo("/v1/tax_ids");
    }

    @Test
    void everyCatalogPathAndMethodIsOneStripeServes() {
        for (StripeResource r : StripeCatalog.defaultCatalog().resources()) {
            ApiObject o = surface.object(r.name());
            assertThat(o).as("Stripe lists %s", r.name()).isNotNull();
            assertThat(r.listPath()).as("%s list path", r.name()).isEqualTo(o.listPath());
            assertThat(r.itemPath()).as("%s item path", r.name()).isEqualTo(o.itemPath());
            assertThat(r.searchPath()).as("%s search path", r.name()).isEqualTo(o.searchPath());
            assertThat(r.createdFilter()).as("%s list accepts created", r.name()).isEqualTo(o.listsByCreated());
            assertThat(o.listParams()).as("%s list params", r.name()).containsAll(r.listRequires())
                    .containsAll(r.snapshotParams().keySet());
            assertThat(r.supports(Operation.CREATE)).as("%s create", r.name()).isEqualTo(o.creatable());
            assertThat(itemMethods(r)).as("%s item methods", r.name()).isEqualTo(new TreeSet<>(o.itemMethods()));
            for (ResourceAction a : r.actions()) {
                assertThat(o.action(a.name())).as("%s action %s", r.name(), a.name())
                        .isEqualTo(new ApiSurface.Action(a.name(), a.method(), a.path()));
            }
            assertThat(r.actions().stream().map(ResourceAction::name).collect(Collectors.toSet()))
                    .as("%s: every action Stripe serves is in the catalog", r.name())
                    .isEqualTo(o.actions().keySet());
        }
    }

    @Test
    void theCatalogLeavesOutOnlyWhatItSaysWhy() {
        Set<String> catalog = StripeCatalog.defaultCatalog().resources().stream().map(StripeResource::name)
                .collect(Collectors.toSet());
        Set<String> left = surface.objects().stream().map(ApiObject::name).filter(n -> !catalog.contains(n))
                .collect(Collectors.toCollection(TreeSet::new));
        // the catalog generator's DROP table: the Events API is the transport, and credit note preview lines need an
        // invoice and are no stored collection
        assertThat(left).containsExactly("credit_note_line_item", "event");
    }

    private static Set<String> itemMethods(StripeResource r) {
        Set<String> methods = new TreeSet<>();
        if (r.supports(Operation.RETRIEVE)) {
            methods.add("GET");
        }
        if (r.supports(Operation.UPDATE)) {
            methods.add("POST");
        }
        if (r.supports(Operation.DELETE)) {
            methods.add("DELETE");
        }
        return methods;
    }
}
