package io.stripesync.camel.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Lists: newest first, limit, both cursors, has_more, created filters and Stripe's 400s. */
class SimulatorListsTest {

    private static final Instant NEWEST = Instant.parse("2026-01-01T00:00:00Z");
    private static final long T = NEWEST.getEpochSecond();

    @Simulated(seed = 11)
    private StripeSimulator sim;
    private SimHttp http;
    private List<String> newestFirst;

    @BeforeEach
    void start() {
        http = new SimHttp(sim);
        // 25 customers one second apart, then 3 more in the same second as the newest
        sim.seed("customer", 25, NEWEST.minusSeconds(1), i -> Map.of("name", "c" + i));
        sim.clock().set(NEWEST);
        for (int i = 0; i < 3; i++) {
            sim.create("customer", Map.of("name", "same-second-" + i));
        }
        newestFirst = new ArrayList<>();
        sim.objects("customer").forEach(o -> newestFirst.add(o.get("id").getAsString()));
    }

    @Test
    void newestFirstWithCreatedNonIncreasing() {
        assertThat(newestFirst).hasSize(28);
        SimHttp.Response page = http.get("/v1/customers?limit=100");
        assertThat(page.ids()).isEqualTo(newestFirst);
        assertThat(page.hasMore()).isFalse();
        assertThat(page.json().get("object").getAsString()).isEqualTo("list");
        assertThat(page.json().get("url").getAsString()).isEqualTo("/v1/customers");
        long previous = Long.MAX_VALUE;
        for (var e : page.data()) {
            long created = e.getAsJsonObject().get("created").getAsLong();
            assertThat(created).isLessThanOrEqualTo(previous);
            previous = created;
        }
        assertThat(page.data().get(0).getAsJsonObject().get("name").getAsString()).isEqualTo("same-second-2");
    }

    @Test
    void defaultLimitIsTenAndLimitIsChecked() {
        assertThat(http.get("/v1/customers").ids()).isEqualTo(newestFirst.subList(0, 10));
        assertThat(http.get("/v1/customers").hasMore()).isTrue();
        assertThat(http.get("/v1/customers?limit=1").ids()).containsExactly(newestFirst.get(0));
        for (String bad : new String[] { "0", "101", "-1", "abc" }) {
            SimHttp.Response r = http.get("/v1/customers?limit=" + bad);
            assertThat(r.status()).as("limit=%s", bad).isEqualTo(400);
            assertThat(r.error().get("type").getAsString()).isEqualTo("invalid_request_error");
            assertThat(r.error().get("param").getAsString()).isEqualTo("limit");
        }
        assertThat(http.get("/v1/customers?limit=101").error().get("message").getAsString())
                .isEqualTo("This value must be less than or equal to 100 (it currently is '101').");
    }

    @Test
    void startingAfterWalksEverythingOnce() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        while (true) {
            SimHttp.Response page = http.get("/v1/customers?limit=4" + (cursor == null ? "" : "&starting_after=" + cursor));
            seen.addAll(page.ids());
            pages++;
            if (!page.hasMore()) {
                break;
            }
            cursor = page.ids().get(page.ids().size() - 1);
        }
        assertThat(seen).isEqualTo(newestFirst);
        assertThat(pages).isEqualTo(7);
    }

    @Test
    void endingBeforeWalksBackwards() {
        String oldest = newestFirst.get(newestFirst.size() - 1);
        SimHttp.Response page = http.get("/v1/customers?limit=5&ending_before=" + oldest);
        assertThat(page.ids()).isEqualTo(newestFirst.subList(22, 27));
        assertThat(page.hasMore()).isTrue();
        List<String> seen = new ArrayList<>(page.ids());
        String cursor = page.ids().get(0);
        while (true) {
            SimHttp.Response p = http.get("/v1/customers?limit=5&ending_before=" + cursor);
            seen.addAll(0, p.ids());
            if (!p.hasMore()) {
                break;
            }
            cursor = p.ids().get(0);
        }
        assertThat(seen).isEqualTo(newestFirst.subList(0, 27));
        assertThat(http.get("/v1/customers?ending_before=" + newestFirst.get(0)).ids()).isEmpty();
    }

    @Test
    void bothCursorsOrAnUnknownCursorAre400() {
        SimHttp.Response both = http.get("/v1/customers?starting_after=" + newestFirst.get(0) + "&ending_before=" + newestFirst.get(5));
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.error().get("message").getAsString()).contains("only specify one of these parameters");
        SimHttp.Response unknown = http.get("/v1/customers?starting_after=cus_doesnotexist000");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.error().get("code").getAsString()).isEqualTo("resource_missing");
        assertThat(unknown.error().get("param").getAsString()).isEqualTo("starting_after");
    }

    @Test
    void createdFilters() {
        // seeded objects: c24 at T-1, c23 at T-2, ..., c0 at T-25
        assertThat(names("created[gte]=" + (T - 3) + "&created[lt]=" + T)).containsExactly("c24", "c23", "c22");
        assertThat(names("created[gt]=" + (T - 3) + "&created[lte]=" + (T - 1))).containsExactly("c24", "c23");
        assertThat(names("created=" + (T - 25))).containsExactly("c0");
        assertThat(names("created[lte]=" + (T - 24))).containsExactly("c1", "c0");
        assertThat(names("created[gte]=" + T)).containsExactly("same-second-2", "same-second-1", "same-second-0");
        // created filter combined with a cursor inside the slice
        String c23 = newestFirst.get(4);
        assertThat(names("created[gte]=" + (T - 5) + "&created[lt]=" + T + "&starting_after=" + c23))
                .containsExactly("c22", "c21", "c20");
        SimHttp.Response bad = http.get("/v1/customers?created[gte]=soon");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.error().get("param").getAsString()).isEqualTo("created[gte]");
        assertThat(http.get("/v1/customers?created[after]=1").error().get("message").getAsString())
                .isEqualTo("Received unknown parameter: created[after]");
    }

    @Test
    void listsThatDoNotTakeCreatedRefuseIt() {
        SimHttp.Response r = http.get("/v1/payment_links?created[gte]=1");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error().get("message").getAsString()).isEqualTo("Received unknown parameter: created");
        assertThat(http.get("/v1/payment_links").status()).isEqualTo(200);
    }

    @Test
    void simpleEqualityFilters() {
        sim.create("subscription", Map.of("customer", "cus_A", "status", "active"));
        sim.create("subscription", Map.of("customer", "cus_B", "status", "active"));
        assertThat(http.get("/v1/subscriptions?customer=cus_A").data()).hasSize(1);
        assertThat(http.get("/v1/subscriptions?status=active").data()).hasSize(2);
    }

    private List<String> names(String query) {
        List<String> names = new ArrayList<>();
        http.get("/v1/customers?limit=100&" + query).data()
                .forEach(e -> names.add(e.getAsJsonObject().get("name").getAsString()));
        return Collections.unmodifiableList(names);
    }
}
