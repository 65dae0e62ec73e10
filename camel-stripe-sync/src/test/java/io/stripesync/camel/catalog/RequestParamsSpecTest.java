package io.stripesync.camel.catalog;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.stripe.param.EventListParams;
import io.stripesync.camel.StripeSyncComponent;
import io.stripesync.camel.StripeSyncConstants;
import io.stripesync.camel.TestComponents;
import io.stripesync.camel.source.EventsApi;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every parameter the component itself puts in a request is one Stripe's OpenAPI spec accepts for that endpoint, as
 * stripe-java's generated *Params classes mirror it field by field: list paging and filters of the snapshot and the
 * producer, search paging, event filters, nested-list paging. The wire test sends a real list or search for every
 * catalog resource and checks each query parameter against the endpoint's params class.
 */
class RequestParamsSpecTest {

    @RegisterExtension
    static WireMockExtension stripe = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final StripeCatalog CATALOG = StripeCatalog.defaultCatalog();
    private static StripeJavaServices services;

    @BeforeAll
    static void load() throws Exception {
        services = new StripeJavaServices();
    }

    private static Class<?> listParams(StripeResource r) throws Exception {
        return services.listParams(r);
    }

    @Test
    void everyListTakesWhatTheSnapshotAndTheProducerAdd() throws Exception {
        int checked = 0;
        for (StripeResource r : CATALOG.resources()) {
            Class<?> params = listParams(r);
            assertThat(params).as("stripe-java's list params of %s (%s)", r.name(), r.listPath()).isNotNull();
            Set<String> fields = StripeJavaServices.fieldNames(params);
            assertThat(fields.contains("limit") && fields.contains("starting_after")).as("%s paged", r.name())
                    .isEqualTo(r.paged());
            assertThat(fields).as(r.name()).contains("expand");
            assertThat(fields.contains("created")).as("%s created filter", r.name()).isEqualTo(r.createdFilter());
            assertThat(fields).as(r.name()).containsAll(r.snapshotParams().keySet()).containsAll(r.listRequires());
            r.snapshotPasses().forEach(p -> assertThat(fields).as(r.name()).contains(p.param()));
            checked++;
        }
        assertThat(checked).isEqualTo(CATALOG.resources().size());
    }

    @Test
    void everySearchTakesQueryLimitAndPage() throws Exception {
        int checked = 0;
        for (StripeResource r : CATALOG.resources()) {
            if (r.searchPath() != null) {
                Class<?> params = services.paramsClass("search", r.searchPath(), null);
                assertThat(params).as(r.name()).isNotNull();
                assertThat(StripeJavaServices.fieldNames(params)).as(r.name()).contains("query", "limit", "page", "expand");
                checked++;
            }
        }
        assertThat(checked).isEqualTo(7);
    }

    @Test
    void nestedListsTakeLimitStartingAfterAndTheirParent() throws Exception {
        for (StripeResource r : CATALOG.resources()) {
            for (NestedList n : r.nestedLists()) {
                Class<?> params = n.parentParam() == null ? services.paramsClass("list", n.pathFor("par_1"), "par_1")
                        : services.paramsClass("list", n.path(), null);
                assertThat(params).as("%s.%s", r.name(), n.field()).isNotNull();
                Set<String> fields = StripeJavaServices.fieldNames(params);
                assertThat(fields).as("%s.%s", r.name(), n.field()).contains("limit", "starting_after");
                if (n.parentParam() != null) {
                    assertThat(fields).contains(n.parentParam());
                }
            }
        }
    }

    @Test
    void theEventListTakesWhatTheEventReaderSends() {
        assertThat(StripeJavaServices.fieldNames(EventListParams.class))
                .contains("types", "type", "limit", "ending_before", "starting_after", "created");
        assertThat(EventsApi.MAX_TYPES_PER_REQUEST).isEqualTo(20);
    }

    @Test
    void whatTheProducerSendsForEveryListAndSearchIsInTheSpec() throws Exception {
        stripe.stubFor(get(anyUrl()).withQueryParam("starting_after", absent()).withQueryParam("page", absent())
                .willReturn(okJson("{\"object\":\"list\",\"data\":[{\"id\":\"obj_1\"}],\"has_more\":true,"
                                   + "\"next_page\":\"page_2\"}")));
        stripe.stubFor(get(anyUrl()).atPriority(1).withQueryParam("starting_after", com.github.tomakehurst.wiremock.client
                .WireMock.matching(".+")).willReturn(okJson("{\"object\":\"list\",\"data\":[],\"has_more\":false}")));
        stripe.stubFor(get(anyUrl()).atPriority(1).withQueryParam("page", com.github.tomakehurst.wiremock.client
                .WireMock.matching(".+")).willReturn(okJson("{\"object\":\"search_result\",\"data\":[],\"has_more\":false}")));
        CamelContext context = new DefaultCamelContext();
        StripeSyncComponent component = TestComponents.stripeSync(stripe.baseUrl(), "sk_test_spec");
        component.getConfiguration().setMaxNetworkRetries(0);
        context.addComponent("stripe-sync", component);
        context.start();
        ProducerTemplate template = context.createProducerTemplate();
        int requests = 0;
        try {
            for (StripeResource r : CATALOG.resources()) {
                stripe.resetRequests();
                Map<String, Object> filters = new java.util.HashMap<>();
                r.listRequires().forEach(p -> filters.put(p, "x_1"));
                Exchange list = template.request("stripe-sync:" + r.name() + "?operation=list&bodyType=json&expand=data.x"
                                                 + (r.requiresAccount() ? "&accountId=acct_1" : ""),
                        e -> e.getIn().setBody(filters));
                assertThat(list.getException()).as(r.name()).isNull();
                // an unpaged list (capabilities) answers everything at once: one request, no paging parameters
                requests += check(r.name(), listParams(r), r.paged() ? 2 : 1);
                if (r.searchPath() != null) {
                    stripe.resetRequests();
                    Exchange search = template.request("stripe-sync:" + r.name() + "?operation=search&bodyType=json",
                            e -> e.getIn().setHeader(StripeSyncConstants.QUERY, "metadata['a']:'b'"));
                    assertThat(search.getException()).as(r.name()).isNull();
                    requests += check(r.name() + " search", services.paramsClass("search", r.searchPath(), null), 2);
                }
            }
        } finally {
            context.stop();
        }
        long unpaged = CATALOG.resources().stream().filter(r -> !r.paged()).count();
        assertThat(unpaged).isEqualTo(2);
        assertThat(requests).isEqualTo(2 * (CATALOG.resources().size() + 7) - unpaged);
    }

    /** Each query parameter of the requests WireMock saw is a field of the params class; returns how many requests. */
    private static int check(String what, Class<?> params, int expected) {
        Set<String> fields = StripeJavaServices.fieldNames(params);
        List<ServeEvent> seen = stripe.getAllServeEvents();
        assertThat(seen).as(what).hasSize(expected);
        Set<String> sent = new HashSet<>();
        for (ServeEvent e : seen) {
            e.getRequest().getQueryParams().keySet().forEach(k -> sent.add(k.replaceAll("\\[.*", "")));
        }
        assertThat(sent).as("%s sends %s, its spec has %s", what, sent, fields).isSubsetOf(fields);
        return seen.size();
    }
}
