package io.stripesync.camel.consumer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonObject;
import io.stripesync.camel.TestComponents;
import io.stripesync.camel.simulator.StripeSimulator;
import io.stripesync.camel.source.ConnectedAccounts;
import io.stripesync.camel.state.JdbcStateRepository;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.master.MasterConsumer;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The accounts of a Connect platform in two shards across two nodes: on each node a route per shard,
 * {@code master:stripe-shard-N:stripe-sync:customer?accounts=all&accountShards=2&accountShard=N}, with Camel's file
 * lock cluster service (one lock per shard) and the positions in one PostgreSQL table. Each node leads one shard;
 * the node leading shard 0 is stopped abruptly while changes go on, the other takes shard 0 over within two lease
 * periods, and the replica ends equal to every account's objects.
 */
class AccountShardsTest {

    private static final long LOCK_INTERVAL_MILLIS = 200;
    private static final int HEARTBEAT_MULTIPLIER = 5;
    private static final long LEASE_MILLIS = LOCK_INTERVAL_MILLIS * HEARTBEAT_MULTIPLIER;

    @TempDir
    Path locks;
    @TempDir
    Path work;
    private EmbeddedPostgres postgres;
    private StripeSimulator sim;
    private final Replica replica = new Replica();
    /** Which node delivered each object's records, by shard. */
    private final Map<String, List<String>> deliveredBy = new HashMap<>();

    @BeforeEach
    void start() throws IOException {
        postgres = EmbeddedPostgres.start();
        sim = StripeSimulator.start(281);
    }

    @AfterEach
    void stop() throws IOException {
        sim.close();
        postgres.close();
    }

    private CamelContext node(String name) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getCamelContextExtension().setName(name);
        context.addService(FileLockCluster.service(name, locks.toString(), LOCK_INTERVAL_MILLIS, HEARTBEAT_MULTIPLIER));
        context.getRegistry().bind("positions", new JdbcStateRepository(postgres.getPostgresDatabase()));
        context.addComponent("stripe-sync", TestComponents.stripeSync(sim.baseUrl(), "sk_test_shards"));
        context.start();
        return context;
    }

    private void addShard(CamelContext node, int shard) throws Exception {
        node.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("master:stripe-shard-" + shard + ":stripe-sync:customer?accounts=all&accountShards=2&accountShard="
                     + shard + "&delay=50&initialDelay=0&maxIdleDelay=500&stateRepository=#positions&bodyType=json")
                        .routeId("shard-" + shard).process(e -> {
                            // one lock for both nodes' routes: the replica and the tally are one sink
                            synchronized (deliveredBy) {
                                replica.apply(e);
                                deliveredBy.computeIfAbsent(node.getName() + "/" + shard, k -> new ArrayList<>())
                                        .add(e.getIn().getHeader("CamelStripeSyncAccount", String.class));
                            }
                        });
            }
        });
    }

    private static boolean leads(CamelContext node, int shard) {
        return node.getRoute("shard-" + shard) != null
               && node.getRoute("shard-" + shard).getConsumer() instanceof MasterConsumer master && master.isMaster();
    }

    @Test
    void eachNodeLeadsAShardAndTheOtherTakesItOverWhenItsNodeDies() throws Exception {
        Random random = new Random(281);
        List<String> accounts = new ArrayList<>();
        for (int a = 0; a < 50; a++) {
            accounts.add(sim.connectAccount());
            for (int i = 0; i < 3; i++) {
                sim.create(accounts.get(a), "customer", Map.of("email", "c" + random.nextInt(1_000_000) + "@example.com"));
            }
        }
        long inShard0 = accounts.stream().filter(a -> ConnectedAccounts.shardOf(a, 2) == 0).count();
        CamelContext a = node("node-a");
        addShard(a, 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> leads(a, 0));
        CamelContext b = node("node-b");
        addShard(b, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> leads(b, 1));
        addShard(a, 1);
        addShard(b, 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> replica.count("snapshot") == 150);
        assertThat(leads(a, 1)).as("node a follows shard 1").isFalse();
        assertThat(leads(b, 0)).as("node b follows shard 0").isFalse();
        synchronized (deliveredBy) {
            assertThat(deliveredBy.keySet()).containsExactlyInAnyOrder("node-a/0", "node-b/1");
            assertThat(new java.util.HashSet<>(deliveredBy.get("node-a/0"))).as("the accounts node a delivered")
                    .hasSize((int) inShard0).allMatch(acct -> ConnectedAccounts.shardOf(acct, 2) == 0);
            assertThat(new java.util.HashSet<>(deliveredBy.get("node-b/1"))).as("the accounts node b delivered")
                    .hasSize(50 - (int) inShard0).allMatch(acct -> ConnectedAccounts.shardOf(acct, 2) == 1);
        }

        for (int i = 0; i < 60; i++) {
            change(accounts.get(random.nextInt(accounts.size())), random);
        }
        long stoppedAt = System.nanoTime();
        FileLockCluster.stopAbruptly(a);
        await().atMost(Duration.ofMillis(2 * LEASE_MILLIS)).until(() -> leads(b, 0));
        long takeover = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
        for (int i = 0; i < 60; i++) {
            change(accounts.get(random.nextInt(accounts.size())), random);
        }
        List<JsonObject> source = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            source.clear();
            accounts.forEach(acct -> source.addAll(sim.objects(acct, "customer")));
            assertThat(replica.differenceFrom(source)).isEmpty();
        });
        System.out.printf("shards: node b took shard 0 (%d accounts) over in %d ms, lease %d ms; %d exchanges, %d"
                          + " duplicates%n", inShard0, takeover, LEASE_MILLIS, replica.seen().size(), replica.duplicates());
        assertThat(replica.duplicates()).as("records delivered again after the abrupt stop: at most a batch an account")
                .isLessThanOrEqualTo(inShard0);
        synchronized (deliveredBy) {
            assertThat(deliveredBy.get("node-b/0")).as("shard 0's changes after the takeover, delivered by node b")
                    .isNotEmpty().allMatch(acct -> ConnectedAccounts.shardOf(acct, 2) == 0);
        }
        b.stop();
    }

    /**
     * The same with each node a process of its own ({@link FailoverNode}), the node leading shard 0 killed with
     * SIGKILL: the other takes shard 0 over within two lease periods, and what the two delivered, in order, holds every
     * object of the 50 accounts and every change made.
     */
    @Test
    void aKilledNodeProcessesShardIsTakenOverWithinTwoLeasePeriods() throws Exception {
        Random random = new Random(282);
        List<String> accounts = new ArrayList<>();
        for (int a = 0; a < 50; a++) {
            accounts.add(sim.connectAccount());
            sim.create(accounts.get(a), "customer", Map.of("email", "c" + a + "@example.com"));
        }
        List<Process> nodes = new ArrayList<>();
        try {
            nodes.add(startNode("n1", 0));
            awaitLine("n1", "leader of stripe-shard-0");
            nodes.add(startNode("n2", 1));
            awaitLine("n2", "leader of stripe-shard-1");
            // each node leads one shard: now each adds the other's route, as its follower
            java.nio.file.Files.createFile(work.resolve("go"));
            awaitLine("n1", "node started");
            awaitLine("n2", "node started");
            await().atMost(Duration.ofSeconds(30)).until(() -> delivered().size() == 50);
            assertThat(java.nio.file.Files.readString(work.resolve("n1.log"))).contains("leader of stripe-shard-0")
                    .doesNotContain("leader of stripe-shard-1");
            assertThat(java.nio.file.Files.readString(work.resolve("n2.log"))).contains("leader of stripe-shard-1")
                    .doesNotContain("leader of stripe-shard-0");
            java.util.Set<String> before = new java.util.HashSet<>();
            accounts.forEach(a -> sim.eventsOf(a).forEach(e -> before.add(e.get("id").getAsString())));
            for (int i = 0; i < 40; i++) {
                change(accounts.get(random.nextInt(accounts.size())), random);
            }
            long killedAt = System.currentTimeMillis();
            nodes.get(0).destroyForcibly();   // SIGKILL: the lock goes with the process, nothing is saved on the way
            assertThat(nodes.get(0).waitFor(10, TimeUnit.SECONDS)).isTrue();
            awaitLine("n2", "leader of stripe-shard-0 since ");
            java.util.regex.Matcher since = java.util.regex.Pattern.compile("leader of stripe-shard-0 since (\\d+)")
                    .matcher(java.nio.file.Files.readString(work.resolve("n2.log")));
            assertThat(since.find()).isTrue();
            long takeover = Long.parseLong(since.group(1)) - killedAt;
            for (int i = 0; i < 40; i++) {
                change(accounts.get(random.nextInt(accounts.size())), random);
            }
            java.util.Set<String> source = new java.util.TreeSet<>();
            accounts.forEach(a -> sim.objects(a, "customer").forEach(o -> source.add(o.get("id").getAsString())));
            java.util.Set<String> changes = new java.util.TreeSet<>();
            accounts.forEach(a -> sim.eventsOf(a).stream().map(e -> e.get("id").getAsString())
                    .filter(id -> !before.contains(id)).forEach(changes::add));
            await().atMost(Duration.ofSeconds(30)).until(() -> delivered().containsAll(source)
                                                               && deliveredEvents().containsAll(changes));
            List<String> all = new ArrayList<>(lines("n1"));
            all.addAll(lines("n2"));
            long repeated = all.size() - new java.util.HashSet<>(all).size();
            System.out.printf("shards (kill -9): node n2 led shard 0 %d ms after the kill, lease %d ms; %d exchanges, %d"
                              + " repeated%n", takeover, LEASE_MILLIS, all.size(), repeated);
            assertThat(takeover).as("shard 0 taken over").isLessThanOrEqualTo(2 * LEASE_MILLIS);
            assertThat(deliveredEvents()).as("every change, and nothing else").isEqualTo(changes);
            assertThat(repeated).as("records delivered again after the kill: at most a batch an account")
                    .isLessThanOrEqualTo(25);
        } finally {
            for (Process node : nodes) {
                node.destroyForcibly();
                node.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private Process startNode(String name, int firstShard) throws IOException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(javaBin, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                FailoverNode.class.getName(), sim.baseUrl(), postgres.getJdbcUrl("postgres", "postgres"), "file:" + locks,
                work.resolve(name + ".out").toString(), String.valueOf(LOCK_INTERVAL_MILLIS),
                String.valueOf(HEARTBEAT_MULTIPLIER), "shards=2", "first=" + firstShard,
                "others-when=" + work.resolve("go"))
                .redirectErrorStream(true).redirectOutput(work.resolve(name + ".log").toFile()).start();
    }

    private void awaitLine(String name, String text) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                .until(() -> java.nio.file.Files.exists(work.resolve(name + ".log"))
                             && java.nio.file.Files.readString(work.resolve(name + ".log")).contains(text));
    }

    private List<String> lines(String name) throws IOException {
        return ExchangeLines.read(work.resolve(name + ".out"));
    }

    /** The objects the two nodes' lines leave in a replica. */
    private java.util.Set<String> delivered() throws IOException {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        for (String name : List.of("n1", "n2")) {
            for (String line : lines(name)) {
                String[] f = line.split(" ");
                if (f[0].equals("delete")) {
                    ids.remove(f[1]);
                } else {
                    ids.add(f[1]);
                }
            }
        }
        return ids;
    }

    private java.util.Set<String> deliveredEvents() throws IOException {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        for (String name : List.of("n1", "n2")) {
            for (String line : lines(name)) {
                String eventId = line.split(" ")[2];
                if (!eventId.equals("null")) {
                    ids.add(eventId);
                }
            }
        }
        return ids;
    }

    private void change(String account, Random random) {
        List<JsonObject> objects = sim.objects(account, "customer");
        if (objects.isEmpty() || random.nextInt(3) == 0) {
            sim.create(account, "customer", Map.of("email", "n" + random.nextInt(1_000_000) + "@example.com"));
        } else {
            sim.update(account, "customer", objects.get(random.nextInt(objects.size())).get("id").getAsString(),
                    Map.of("metadata", Map.of("v", String.valueOf(random.nextInt(1_000_000)))));
        }
    }
}
