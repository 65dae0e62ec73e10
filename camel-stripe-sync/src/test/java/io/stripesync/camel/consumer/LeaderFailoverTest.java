package io.stripesync.camel.consumer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.stripesync.camel.TestComponents;
import io.stripesync.camel.position.Phase;
import io.stripesync.camel.position.Position;
import io.stripesync.camel.simulator.Simulated;
import io.stripesync.camel.simulator.StripeSimulator;
import io.stripesync.camel.simulator.Workload;
import io.stripesync.camel.state.JdbcStateRepository;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes, one stream: {@code master:stripe:stripe-sync:customer} with Camel's file lock cluster service (the two
 * CamelContexts share a lock directory) and the positions in one PostgreSQL table. The leader is stopped inside the
 * snapshot and again inside CDC while creates, updates and deletes go on; the other node takes over within twice the
 * lease, the replica ends equal to the source, and the stored position never goes back. The same with the nodes as
 * processes of their own, the leader killed with SIGKILL.
 */
@Tag("slow")
class LeaderFailoverTest {

    /** acquireLockInterval x heartbeatTimeoutMultiplier: how long a silent leader is trusted. */
    private static final long LOCK_INTERVAL_MILLIS = 200;
    private static final int HEARTBEAT_MULTIPLIER = 5;
    private static final long LEASE_MILLIS = LOCK_INTERVAL_MILLIS * HEARTBEAT_MULTIPLIER;

    @TempDir
    Path locks;
    @TempDir
    Path work;
    private EmbeddedPostgres postgres;

    @Simulated(seed = 4242)
    private StripeSimulator sim;

    private final Replica replica = new Replica();

    @BeforeEach
    void start() throws IOException {
        postgres = EmbeddedPostgres.start();
        sim.seed("customer", 600, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("name", "c" + i));
        // slow enough answers that the snapshot (60 pages, one reader) is still running when the leader goes
        sim.faults().latency(Duration.ofMillis(15), Duration.ZERO);
    }

    @AfterEach
    void stop() throws IOException {
        postgres.close();
    }

    /** One node: its own CamelContext, cluster service and repository, sharing the lock directory and the table. */
    private CamelContext node(String name) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getCamelContextExtension().setName(name);
        context.addService(FileLockCluster.service(name, locks.toString(), LOCK_INTERVAL_MILLIS, HEARTBEAT_MULTIPLIER));
        JdbcStateRepository positions = new JdbcStateRepository(postgres.getPostgresDatabase());
        context.getRegistry().bind("positions", positions);
        context.addComponent("stripe-sync", TestComponents.stripeSync(sim.baseUrl(), "sk_test_failover"));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("master:stripe:stripe-sync:customer?batchSize=10&snapshotParallelism=1&delay=50&initialDelay=0"
                     + "&stateRepository=#positions&bodyType=json").routeId("sync").process(replica::apply);
            }
        });
        context.start();
        return context;
    }

    /** Whether the node holds the lock, so its stripe-sync consumer runs. */
    private static boolean leads(CamelContext node) {
        return node.getRoute("sync") != null
               && node.getRoute("sync").getConsumer() instanceof org.apache.camel.component.master.MasterConsumer master
               && master.isMaster();
    }

    @Test
    void theFollowerTakesOverInsideTheSnapshotAndInsideCdcAndNothingIsLost() throws Exception {
        JdbcStateRepository table = new JdbcStateRepository(postgres.getPostgresDatabase());
        table.start();
        StoredPositions stored = new StoredPositions(table, TestComponents.stateKey(sim.baseUrl(), "customer", null));
        Workload workload = new Workload(sim, "customer", 7);
        CamelContext a = node("node-a");
        await().atMost(Duration.ofSeconds(10)).until(() -> leads(a) && replica.count("snapshot") >= 100);
        CamelContext b = node("node-b");
        assertThat(leads(b)).as("the follower does not stream").isFalse();
        workload.run(20, 5);

        // the leader goes inside the snapshot
        assertThat(stored.read().phase()).isEqualTo(Phase.SNAPSHOT);
        long before = replica.seen().size();
        long stoppedAt = System.nanoTime();
        FileLockCluster.stopAbruptly(a);
        await().atMost(Duration.ofMillis(2 * LEASE_MILLIS)).until(() -> leads(b));
        long takeover1 = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
        await().atMost(Duration.ofSeconds(10)).until(() -> replica.seen().size() > before);
        workload.run(20, 5);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Position p = stored.read();
            return p != null && p.phase() == Phase.CDC;
        });

        // the leader (now b) goes inside CDC; a comes back as the follower first
        CamelContext a2 = node("node-a2");
        workload.run(20, 5);
        long stoppedAt2 = System.nanoTime();
        FileLockCluster.stopAbruptly(b);
        await().atMost(Duration.ofMillis(2 * LEASE_MILLIS)).until(() -> leads(a2));
        long takeover2 = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt2);
        workload.run(20, 5);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(
                () -> assertThat(replica.differenceFrom(sim.objects("customer"))).isEmpty());
        stored.read();
        a2.stop();
        System.out.printf("failover: takeovers in %d ms (snapshot) and %d ms (CDC), lease %d ms; %d exchanges, %d"
                          + " duplicates%n", takeover1, takeover2, LEASE_MILLIS, replica.seen().size(),
                replica.duplicates());
        assertThat(replica.duplicates()).as("at most one batch (10) per failover").isLessThanOrEqualTo(20);
        stored.assertNeverWentBack();
    }

    // ---- the same with nodes as processes of their own, the leader killed with SIGKILL ------------------------------

    private Process startNode(String name) throws IOException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(javaBin, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                FailoverNode.class.getName(), sim.baseUrl(), postgres.getJdbcUrl("postgres", "postgres"), "file:" + locks,
                work.resolve(name + ".out").toString(), String.valueOf(LOCK_INTERVAL_MILLIS),
                String.valueOf(HEARTBEAT_MULTIPLIER))
                .redirectErrorStream(true).redirectOutput(work.resolve(name + ".log").toFile()).start();
    }

    private List<String> lines(String name) throws IOException {
        return ExchangeLines.read(work.resolve(name + ".out"));
    }

    private void awaitStarted(String name) {
        await().atMost(Duration.ofSeconds(30)).until(() -> java.nio.file.Files.exists(work.resolve(name + ".log"))
                && java.nio.file.Files.readString(work.resolve(name + ".log")).contains("node started"));
    }

    private static void kill(Process node) throws InterruptedException {
        node.destroyForcibly();   // SIGKILL: no shutdown hook, the lock is released by the operating system only
        assertThat(node.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    /** Milliseconds from the kill until the node says it took the lead. */
    private long untilLeading(String name, long killedAtMillis) throws IOException {
        Path log = work.resolve(name + ".log");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10)).until(
                () -> java.nio.file.Files.readString(log).contains("leader since "));
        String text = java.nio.file.Files.readString(log);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("leader since (\\d+)").matcher(text);
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1)) - killedAtMillis;
    }

    /** Milliseconds from now until the node writes a line: when it took over and processed its first batch. */
    private long untilWriting(String name, long nanosBefore) throws IOException {
        int before = lines(name).size();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10)).until(() -> lines(name).size() > before);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanosBefore);
    }

    @Test
    void aKilledLeaderProcessIsReplacedWithinTwiceTheLeaseAndNothingIsLost() throws Exception {
        JdbcStateRepository table = new JdbcStateRepository(postgres.getPostgresDatabase());
        table.start();
        StoredPositions stored = new StoredPositions(table, TestComponents.stateKey(sim.baseUrl(), "customer", null))
                .watch();
        Workload workload = new Workload(sim, "customer", 8);
        // a snapshot that outlasts the start of a second JVM: 200 pages of 40 ms
        sim.seed("customer", 1400, Instant.parse("2025-12-30T00:00:00Z"), i -> Map.of("name", "older" + i));
        sim.faults().latency(Duration.ofMillis(40), Duration.ZERO);
        List<Process> nodes = new ArrayList<>();
        try {
            Process n1 = startNode("n1");
            nodes.add(n1);
            await().atMost(Duration.ofSeconds(30)).until(() -> lines("n1").size() >= 50);
            Process n2 = startNode("n2");
            nodes.add(n2);
            awaitStarted("n2");
            workload.run(20, 5);
            assertThat(lines("n2")).as("the follower does not stream").isEmpty();

            // the leader dies inside the snapshot
            assertThat(stored.read().phase()).isEqualTo(Phase.SNAPSHOT);
            long killed = System.nanoTime();
            long killedAt = System.currentTimeMillis();
            kill(n1);
            long firstLine1 = untilWriting("n2", killed);
            long takeover1 = untilLeading("n2", killedAt);
            workload.run(20, 5);
            await().atMost(Duration.ofSeconds(30)).until(() -> stored.read().phase() == Phase.CDC);

            // and again inside CDC, with a third node as the follower
            Process n3 = startNode("n3");
            nodes.add(n3);
            awaitStarted("n3");
            workload.run(20, 5);
            killed = System.nanoTime();
            killedAt = System.currentTimeMillis();
            kill(n2);
            long firstLine2 = untilWriting("n3", killed);
            long takeover2 = untilLeading("n3", killedAt);
            workload.run(20, 5);

            // the replica, rebuilt from what the nodes delivered in order, equals the source
            await().atMost(Duration.ofSeconds(30)).until(() -> replicaIds().equals(sourceIds()));
            List<String> all = new ArrayList<>();
            for (String name : List.of("n1", "n2", "n3")) {
                all.addAll(lines(name));
            }
            long repeated = all.size() - new java.util.HashSet<>(all).size();
            System.out.printf("failover (kill -9): lead taken %d ms (snapshot) and %d ms (CDC) after the kill, first record"
                              + " %d and %d ms after it; lease %d ms; %d exchanges, %d repeated%n", takeover1, takeover2,
                    firstLine1, firstLine2, LEASE_MILLIS, all.size(), repeated);
            assertThat(takeover1).as("lead taken inside the snapshot").isLessThanOrEqualTo(2 * LEASE_MILLIS);
            assertThat(takeover2).as("lead taken inside CDC").isLessThanOrEqualTo(2 * LEASE_MILLIS);
            // the first record after that waits for the follower's first poll in a cold JVM (class loading): printed
            assertThat(repeated).as("at most one batch (10) per failover").isLessThanOrEqualTo(20);
        } finally {
            for (Process node : nodes) {
                node.destroyForcibly();
            }
            stored.close();
        }
        stored.assertNeverWentBack();
    }

    /** The ids a sink applying every node's lines in order holds. */
    private java.util.Set<String> replicaIds() throws IOException {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        for (String name : List.of("n1", "n2", "n3")) {
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

    private java.util.Set<String> sourceIds() {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        sim.objects("customer").forEach(o -> ids.add(o.get("id").getAsString()));
        return ids;
    }
}
