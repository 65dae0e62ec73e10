package io.stripesync.camel.consumer;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.stripesync.camel.TestComponents;
import io.stripesync.camel.state.JdbcStateRepository;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService;
import org.apache.camel.impl.DefaultCamelContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One node of {@link LeaderFailoverTest}'s cluster as a process of its own, killed with SIGKILL: a
 * {@code master:} route from {@code stripe-sync:customer} into an append-only file (one line per exchange, written
 * before the exchange completes), positions in PostgreSQL, leadership by Camel's file lock cluster service or by
 * camel-zookeeper's.
 *
 * <p>Arguments: the simulator's base URL, the JDBC URL, the cluster ({@code file:<lock directory>} or
 * {@code zookeeper:<host:port>}), the output file, then for the file lock its interval (ms) and heartbeat multiplier,
 * for ZooKeeper the session timeout (ms) and anything; optionally {@code fenced}: the records go to a
 * {@link FencedTable} in the same database too; or {@code shards=<n> first=<i> others-when=<file>}: the connected
 * accounts ({@code accounts=all}) in n shards, a {@code master:stripe-shard-<i>} route each, shard i added first and
 * the others once the file exists (so two nodes lead one shard each).
 */
public final class FailoverNode {

    private FailoverNode() {
    }

    /** One shard's route, its records one line each; says when this node leads it (and counts the latch down). */
    private static void addShard(CamelContext context, CamelClusterService cluster, int shard, int shards,
                                 BufferedWriter out, java.util.concurrent.CountDownLatch leads) throws Exception {
        String namespace = "stripe-shard-" + shard;
        cluster.getView(namespace).addEventListener((org.apache.camel.cluster.CamelClusterEventListener.Leadership)
                (view, leader) -> {
                    if (leader != null && leader.isLocal()) {
                        System.out.println("leader of " + namespace + " since " + System.currentTimeMillis());
                        System.out.flush();
                        if (leads != null) {
                            leads.countDown();
                        }
                    }
                });
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("master:stripe-shard-" + shard + ":stripe-sync:customer?accounts=all&accountShards=" + shards
                     + "&accountShard=" + shard + "&delay=50&initialDelay=0&maxIdleDelay=500"
                     + "&stateRepository=#positions&bodyType=json").routeId("shard-" + shard)
                        .process(ExchangeLines.appendTo(out));
            }
        });
    }

    public static void main(String[] args) throws Exception {
        BufferedWriter out = Files.newBufferedWriter(Path.of(args[3]), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        CamelContext context = new DefaultCamelContext();
        CamelClusterService cluster;
        if (args[2].startsWith("zookeeper:")) {
            ZooKeeperClusterService zookeeper = new ZooKeeperClusterService();
            zookeeper.setId(Path.of(args[3]).getFileName().toString());
            zookeeper.setNodes(args[2].substring("zookeeper:".length()));
            zookeeper.setBasePath("/stripe-sync");
            zookeeper.setSessionTimeout(Long.parseLong(args[4]));
            zookeeper.setConnectTimeout(Long.parseLong(args[4]));
            cluster = zookeeper;
        } else {
            cluster = FileLockCluster.service(null, args[2].substring("file:".length()), Long.parseLong(args[4]),
                    Integer.parseInt(args[5]));
        }
        context.addService(cluster);
        PGSimpleDataSource db = new PGSimpleDataSource();
        db.setUrl(args[1]);
        context.getRegistry().bind("positions", new JdbcStateRepository(db));
        Processor sink = args.length > 6 && args[6].equals("fenced") ? new FencedTable(db) : e -> { };
        context.addComponent("stripe-sync", TestComponents.stripeSync(args[0], "sk_test_failover"));
        if (args.length > 8 && args[6].startsWith("shards=")) {
            int shards = Integer.parseInt(args[6].substring("shards=".length()));
            int first = Integer.parseInt(args[7].substring("first=".length()));
            context.start();
            java.util.concurrent.CountDownLatch leadsFirst = new java.util.concurrent.CountDownLatch(1);
            // a view takes part in the election once made: each shard's is made with its route
            addShard(context, cluster, first, shards, out, leadsFirst);
            leadsFirst.await(30, java.util.concurrent.TimeUnit.SECONDS);
            // the other shards once the test says (every node leads its first one by then)
            Path go = Path.of(args[8].substring("others-when=".length()));
            while (!Files.exists(go)) {
                Thread.sleep(20);
            }
            for (int shard = 0; shard < shards; shard++) {
                if (shard != first) {
                    addShard(context, cluster, shard, shards, out, null);
                }
            }
            System.out.println("node started");
            System.out.flush();
            Thread.currentThread().join();
        }
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("master:stripe:stripe-sync:customer?batchSize=10&snapshotParallelism=1&delay=50&initialDelay=0"
                     + "&stateRepository=#positions&bodyType=json")
                        .process(sink).process(ExchangeLines.appendTo(out));
            }
        });
        context.start();
        // when this node takes the lead, for the takeover time (the stream's first line comes a poll later)
        cluster.getView("stripe").addEventListener((org.apache.camel.cluster.CamelClusterEventListener.Leadership)
                (view, leader) -> {
                    if (leader != null && leader.isLocal()) {
                        System.out.println("leader since " + System.currentTimeMillis());
                        System.out.flush();
                    }
                });
        System.out.println("node started");
        System.out.flush();
        Thread.currentThread().join();
    }
}
