package io.stripesync.camel.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.gson.JsonObject;
import com.stripe.StripeClient;
import com.stripe.exception.AuthenticationException;
import io.stripesync.camel.catalog.StripeCatalog;
import io.stripesync.camel.catalog.StripeResource;
import io.stripesync.camel.client.StripeGateway;
import io.stripesync.camel.simulator.Simulated;
import io.stripesync.camel.simulator.StripeSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Objects read again, one request per object, sent at once on the readers given. */
class RehydrationTest {

    private static final StripeResource CUSTOMER = StripeCatalog.defaultCatalog().require("customer");

    @Simulated(seed = 5)
    private StripeSimulator sim;
    private StripeGateway gateway;
    private ExecutorService pool;
    private final AtomicInteger tasks = new AtomicInteger();

    @BeforeEach
    void start() {
        gateway = new StripeGateway(StripeClient.builder().setApiKey("sk_test_reads").setApiBase(sim.baseUrl())
                .setMaxNetworkRetries(0).build(), null);
        pool = Executors.newFixedThreadPool(4);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private Rehydration concurrent() {
        return new Rehydration(gateway, CUSTOMER, null, RehydrateMode.auto).readingWith(task -> {
            tasks.incrementAndGet();
            pool.execute(task);
        });
    }

    @Test
    void readsEachObjectOnceOnTheReadersAndAGoneOneAsEmpty() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(sim.create("customer", Map.of("name", "c" + i)).get("id").getAsString());
        }
        sim.update("customer", ids.get(1), Map.of("name", "renamed"));
        sim.delete("customer", ids.get(4));
        sim.counters().reset();
        List<String> asked = new ArrayList<>(ids);
        asked.add(ids.get(1));   // changed twice in the poll: read once

        Map<String, Optional<JsonObject>> read = concurrent().readAll(asked);

        assertThat(read).containsOnlyKeys(ids);
        assertThat(read.get(ids.get(1))).hasValueSatisfying(c -> assertThat(c.get("name").getAsString()).isEqualTo("renamed"));
        assertThat(read.get(ids.get(4))).as("deleted since").isEmpty();
        assertThat(tasks).as("one read per object, on the readers").hasValue(5);
        assertThat(sim.counters().route("GET /v1/customers/{id}")).isEqualTo(5);
    }

    @Test
    void withoutReadersTheSameObjectsAreReadOneAfterTheOther() throws Exception {
        String a = sim.create("customer", Map.of("name", "a")).get("id").getAsString();
        String b = sim.create("customer", Map.of("name", "b")).get("id").getAsString();
        Map<String, Optional<JsonObject>> read = new Rehydration(gateway, CUSTOMER, null, RehydrateMode.auto)
                .readAll(List.of(a, b, a));
        assertThat(read).containsOnlyKeys(a, b);
        assertThat(read.get(b)).hasValueSatisfying(c -> assertThat(c.get("name").getAsString()).isEqualTo("b"));
    }

    @Test
    void aRefusedReadFailsTheWholeReadAsStripeSaidIt() {
        String a = sim.create("customer", Map.of("name", "a")).get("id").getAsString();
        String b = sim.create("customer", Map.of("name", "b")).get("id").getAsString();
        sim.faults().rejectApiKey("sk_test_reads");
        assertThatThrownBy(() -> concurrent().readAll(List.of(a, b))).isInstanceOf(AuthenticationException.class);
    }
}
