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
 * {@link FencedTable} in the same database too.
 */
public final class FailoverNode {

    private FailoverNode() {
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
