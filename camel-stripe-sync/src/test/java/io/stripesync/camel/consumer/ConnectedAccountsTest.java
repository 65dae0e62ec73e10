package io.stripesync.camel.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import com.google.gson.JsonObject;
import io.stripesync.camel.LogCapture;
import io.stripesync.camel.StripeSyncConsumer;
import io.stripesync.camel.position.PositionStore;
import io.stripesync.camel.simulator.Request;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One endpoint following the connected accounts of a Connect platform: a position per account, records naming their
 * account, accounts connecting and disconnecting while it runs.
 */
class ConnectedAccountsTest {

    private static final List<String> THREE = List.of("customer", "product", "coupon");

    /**
     * 3 resources of 50 accounts under a mixed workload (creations, updates, deletions in random accounts), with two
     * graceful restarts while it runs: the replica equals every account's objects, each change arrives once, every
     * record names the account its object lives in, and each account's position is under its own predictable key.
     */
    @Test
    void fiftyAccountsOfThreeResourcesEqualTheSourceAcrossRestarts() throws Exception {
        Random random = new Random(271);
        try (StripeSimulator sim = StripeSimulator.start(271)) {
            List<String> accounts = new ArrayList<>();
            for (int a = 0; a < 50; a++) {
                String account = sim.connectAccount();
                accounts.add(account);
                for (String resource : THREE) {
                    for (int i = 0; i < 4; i++) {
                        create(sim, account, resource, random);
                    }
                }
            }
            MemoryStateRepository state = new MemoryStateRepository();
            try (SyncRoute route = new SyncRoute(sim, String.join(",", THREE)
                                                      + "?accounts=all&batchSize=10&maxIdleDelay=200&eventLookback=1000",
                    state).start()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> route.replica.count("snapshot") == 600);
                for (int round = 0; round < 3; round++) {
                    for (int op = 0; op < 100; op++) {
                        change(sim, accounts.get(random.nextInt(accounts.size())), random);
                    }
                    if (round < 2) {
                        route.restart();
                    }
                }
                List<JsonObject> source = new ArrayList<>();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    source.clear();
                    for (String account : accounts) {
                        THREE.forEach(r -> source.addAll(sim.objects(account, r)));
                    }
                    assertThat(route.replica.differenceFrom(source)).isEmpty();
                });
                assertThat(route.replica.duplicates()).as("exchanges repeating an earlier one").isZero();
                for (String account : accounts) {
                    for (String resource : THREE) {
                        for (JsonObject object : sim.objects(account, resource)) {
                            assertThat(route.replica.accountOf(object.get("id").getAsString()))
                                    .as("the account header of %s", object.get("id")).isEqualTo(account);
                        }
                    }
                }
                long changes = route.replica.seen().stream().filter(s -> s.eventId() != null).count();
                assertThat(changes).as("changes delivered: one per creation, update or deletion").isEqualTo(300);
                String space = PositionStore.space("test", sim.baseUrl());
                for (String account : accounts) {
                    assertThat(state.getState("stripe-sync/" + space + "/" + account + "/resources"))
                            .as("the position of %s", account).contains("\"account\":\"" + account + "\"");
                }
            }
        }
    }

    /**
     * accounts=all: an account that connects while the stream runs is followed at the next refresh, and only it takes
     * a snapshot (the others' lists are not read again); an account that disconnects is refused by Stripe (403) and
     * dropped, once, with a warning, and nothing more is asked on its behalf.
     */
    @Test
    void aNewAccountAloneTakesASnapshotAndADeauthorizedOneIsDropped() throws Exception {
        Random random = new Random(272);
        try (StripeSimulator sim = StripeSimulator.start(272);
             LogCapture log = new LogCapture(StripeSyncConsumer.class)) {
            List<String> accounts = new ArrayList<>();
            for (int a = 0; a < 3; a++) {
                accounts.add(sim.connectAccount());
                create(sim, accounts.get(a), "customer", random);
            }
            try (SyncRoute route = new SyncRoute(sim, "customer?accounts=all&accountsRefreshInterval=1s&maxIdleDelay=200",
                    new MemoryStateRepository()).start()) {
                await().atMost(Duration.ofSeconds(20)).until(() -> route.replica.count("snapshot") == 3);
                int before = sim.counters().requests().size();
                String added = sim.connectAccount();
                Set<String> addedIds = new TreeSet<>();
                for (int i = 0; i < 5; i++) {
                    addedIds.add(create(sim, added, "customer", random));
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> route.replica.count("snapshot") == 8);
                List<Request> since = sim.counters().requests().subList(before, sim.counters().requests().size());
                assertThat(since).filteredOn(r -> r.path().equals("/v1/customers"))
                        .as("list requests after the account connected").isNotEmpty()
                        .allSatisfy(r -> assertThat(r.stripeAccount()).isEqualTo(added));
                assertThat(route.replica.seen().subList(3, 8)).extracting(Replica.Seen::objectId)
                        .containsExactlyInAnyOrderElementsOf(addedIds);

                String leaving = accounts.get(1);
                sim.deauthorize(leaving);
                await().atMost(Duration.ofSeconds(20)).until(() -> log.text().contains("stops following " + leaving));
                int refused = sim.counters().requests().size();
                String made = create(sim, accounts.get(0), "customer", random);
                await().atMost(Duration.ofSeconds(20)).until(() -> route.replica.rows().containsKey(made));
                Thread.sleep(500);
                assertThat(sim.counters().requests().subList(refused, sim.counters().requests().size()))
                        .as("requests on behalf of the account that left, once dropped")
                        .noneMatch(r -> leaving.equals(r.stripeAccount()));
                assertThat(log.text()).contains("Stripe refused access to it (HTTP 403");
            }
        }
    }

    /**
     * One busy account among 20 idle ones, 4 read at once: the busy one is read again and again while each idle one is
     * read less and less often, and an idle account holds no feed (its position is loaded again at its turn).
     */
    @Test
    void aBusyAccountIsReadOftenIdleOnesRarelyAndIdleOnesHoldNoFeed() throws Exception {
        Random random = new Random(273);
        try (StripeSimulator sim = StripeSimulator.start(273)) {
            List<String> accounts = new ArrayList<>();
            for (int a = 0; a < 21; a++) {
                accounts.add(sim.connectAccount());
                create(sim, accounts.get(a), "customer", random);
            }
            try (SyncRoute route = new SyncRoute(sim, "customer?accounts=all&accountReaders=4&maxIdleDelay=1000",
                    new MemoryStateRepository()).start()) {
                await().atMost(Duration.ofSeconds(20)).until(() -> route.replica.count("snapshot") == 21
                                                                   && route.consumer().getAccountFeedsOpen() == 0);
                assertThat(route.consumer().getAccountsFollowed()).isEqualTo(21);
                String console = (String) org.apache.camel.support.PluginHelper.getDevConsoleResolver(route.context())
                        .resolveDevConsole("stripe-sync").call(org.apache.camel.console.DevConsole.MediaType.TEXT, Map.of());
                assertThat(console).contains("Accounts: 21 followed, 0 with a feed open")
                        .contains("state key stripe-sync/test@127.0.0.1:" + java.net.URI.create(sim.baseUrl()).getPort()
                                  + "/{account}/customer");
                Thread.sleep(1000);
                int from = sim.counters().requests().size();
                String busy = accounts.get(0);
                List<String> made = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    made.add(create(sim, busy, "customer", random));
                    Thread.sleep(100);
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> route.replica.rows().keySet().containsAll(made));
                Map<String, Long> eventReads = new HashMap<>();
                sim.counters().requests().subList(from, sim.counters().requests().size()).stream()
                        .filter(r -> r.path().equals("/v1/events"))
                        .forEach(r -> eventReads.merge(r.stripeAccount(), 1L, Long::sum));
                long idleMost = accounts.subList(1, 21).stream().mapToLong(a -> eventReads.getOrDefault(a, 0L)).max()
                        .orElseThrow();
                System.out.printf("3.5 s with one busy account among 21: its events requests %d, an idle one's at most"
                                  + " %d%n", eventReads.get(busy), idleMost);
                assertThat(idleMost).as("events requests of an idle account in 3.5 s (interval up to 1 s)")
                        .isBetween(1L, 5L);
                assertThat(sim.counters().requests().subList(from, sim.counters().requests().size()))
                        .filteredOn(r -> accounts.get(5).equals(r.stripeAccount()))
                        .as("an idle account's requests: the probe of its look-back window, nothing else")
                        .allSatisfy(r -> assertThat(r.params()).containsKey("created")
                                .containsEntry("types", List.of("customer.created", "customer.deleted", "customer.updated")));
                assertThat(eventReads.get(busy)).as("events requests of the busy account").isGreaterThan(3 * idleMost);
                await().atMost(Duration.ofSeconds(5)).until(() -> route.consumer().getAccountFeedsOpen() == 0);
            }
        }
    }

    private static final Map<String, Integer> NEXT = new HashMap<>();

    private static String create(StripeSimulator sim, String account, String resource, Random random) {
        Map<String, Object> fields = switch (resource) {
            case "customer" -> Map.of("email", "c" + random.nextInt(1_000_000) + "@example.com");
            case "product" -> Map.of("name", "p" + random.nextInt(1_000_000));
            default -> Map.of("percent_off", 1 + random.nextInt(50), "duration", "once");
        };
        return sim.create(account, resource, fields).get("id").getAsString();
    }

    /** A creation, an update or a deletion of a random object of a random resource of the account. */
    private static void change(StripeSimulator sim, String account, Random random) {
        String resource = THREE.get(random.nextInt(THREE.size()));
        List<JsonObject> objects = sim.objects(account, resource);
        int kind = objects.isEmpty() ? 0 : random.nextInt(4);
        if (kind == 0) {
            create(sim, account, resource, random);
            return;
        }
        String id = objects.get(random.nextInt(objects.size())).get("id").getAsString();
        if (kind == 3) {
            sim.delete(account, resource, id);
        } else {
            int n = NEXT.merge(id, 1, Integer::sum);
            sim.update(account, resource, id, Map.of("metadata", Map.of("n", String.valueOf(n))));
        }
    }
}
