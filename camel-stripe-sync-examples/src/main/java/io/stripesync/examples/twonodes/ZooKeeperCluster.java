package io.stripesync.examples.twonodes;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The cluster service the two-node example's {@code master:} route elects its leader with: camel-zookeeper's, because
 * a leader that hangs (a frozen VM, a stop signal, a long GC pause) stops heartbeating its ZooKeeper session, which
 * expires, and the next node leads; Camel's file lock would wait for a hung process forever. camel-main has no cluster
 * settings of its own (Spring Boot has camel-zookeeper-cluster-service-starter) and {@code master:} only finds a
 * cluster service the CamelContext runs, not a bean: this adds one, from {@code stripe.cluster.*} properties. Named in
 * application.properties ({@code camel.main.configuration-classes}).
 */
public class ZooKeeperCluster implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        ZooKeeperClusterService cluster = new ZooKeeperClusterService();
        cluster.setId(context.getName());
        cluster.setNodes(properties.resolveProperty("stripe.cluster.zookeeper").orElseThrow(
                () -> new IllegalArgumentException("Property stripe.cluster.zookeeper (the ZooKeeper servers, host:port"
                                                   + " separated by commas) is required")));
        cluster.setBasePath("/stripe-sync");
        // a leader silent for this long (killed, hung, cut off) is replaced
        long session = Long.parseLong(properties.resolveProperty("stripe.cluster.session-timeout-millis").orElse("10000"));
        cluster.setSessionTimeout(session);
        // Curator warns when the connect timeout (15 s by default) is longer than the session
        cluster.setConnectTimeout(Math.min(session, 15_000));
        context.addService(cluster);
    }
}
