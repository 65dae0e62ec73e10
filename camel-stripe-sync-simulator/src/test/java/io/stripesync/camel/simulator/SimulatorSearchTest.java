package io.stripesync.camel.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.stripe.StripeClient;
import com.stripe.model.Customer;
import com.stripe.model.StripeSearchResult;
import com.stripe.param.CustomerSearchParams;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Search: field and metadata clauses joined by AND, paging, 400 for what it cannot parse, 404 where unsearchable. */
class SimulatorSearchTest {

    @Simulated(seed = 5)
    private StripeSimulator sim;
    private SimHttp http;

    @BeforeEach
    void start() {
        http = new SimHttp(sim);
        for (int i = 0; i < 12; i++) {
            sim.create("customer", Map.of("email", "u" + i + "@x.io", "name", i % 2 == 0 ? "Even" : "Odd",
                    "metadata", Map.of("tier", i < 4 ? "gold" : "basic")));
        }
    }

    @Test
    void fieldMetadataAndAnd() {
        assertThat(emails("email:'u3@x.io'")).containsExactly("u3@x.io");
        assertThat(emails("metadata['tier']:'gold'")).containsExactly("u3@x.io", "u2@x.io", "u1@x.io", "u0@x.io");
        assertThat(emails("metadata[\"tier\"]:\"gold\" AND name:'Even'")).containsExactly("u2@x.io", "u0@x.io");
        assertThat(emails("name:'Nobody'")).isEmpty();
        SimHttp.Response r = http.get("/v1/customers/search?query=" + enc("email:'u1@x.io'"));
        assertThat(r.json().get("object").getAsString()).isEqualTo("search_result");
        assertThat(r.json().get("url").getAsString()).isEqualTo("/v1/customers/search");
    }

    @Test
    void pagesWithNextPage() {
        SimHttp.Response first = http.get("/v1/customers/search?limit=5&query=" + enc("metadata['tier']:'basic'"));
        assertThat(first.data()).hasSize(5);
        assertThat(first.hasMore()).isTrue();
        String next = first.json().get("next_page").getAsString();
        SimHttp.Response second = http.get("/v1/customers/search?limit=5&page=" + next + "&query=" + enc("metadata['tier']:'basic'"));
        assertThat(second.data()).hasSize(3);
        assertThat(second.hasMore()).isFalse();
        assertThat(second.json().get("next_page").isJsonNull()).isTrue();
        List<String> all = new ArrayList<>(first.ids());
        all.addAll(second.ids());
        assertThat(all).doesNotHaveDuplicates().hasSize(8);
    }

    @Test
    void unparseableQueriesAndUnsearchableResources() {
        SimHttp.Response or = http.get("/v1/customers/search?query=" + enc("name:'a' OR name:'b'"));
        assertThat(or.status()).isEqualTo(400);
        assertThat(or.error().get("param").getAsString()).isEqualTo("query");
        assertThat(http.get("/v1/customers/search").status()).isEqualTo(400);
        assertThat(http.get("/v1/plans/search?query=" + enc("active:'true'")).status()).as("plan is not searchable")
                .isEqualTo(404);
    }

    @Test
    void stripeJavaSearch() throws Exception {
        StripeClient client = StripeClient.builder().setApiKey("sk_test_search").setApiBase(sim.baseUrl()).build();
        StripeSearchResult<Customer> result = client.customers()
                .search(CustomerSearchParams.builder().setQuery("metadata['tier']:'gold'").setLimit(2L).build());
        assertThat(result.getData()).extracting(Customer::getEmail).containsExactly("u3@x.io", "u2@x.io");
        assertThat(result.getHasMore()).isTrue();
        assertThat(result.getNextPage()).isEqualTo("page_2");
    }

    private List<String> emails(String query) {
        List<String> emails = new ArrayList<>();
        http.get("/v1/customers/search?limit=100&query=" + enc(query)).data()
                .forEach(e -> emails.add(e.getAsJsonObject().get("email").getAsString()));
        return emails;
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
