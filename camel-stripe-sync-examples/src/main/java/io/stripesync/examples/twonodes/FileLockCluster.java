package io.stripesync.examples.twonodes;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The cluster service the two-node example's {@code master:} route elects its leader with. camel-main has no cluster
 * settings of its own (Spring Boot has camel-file-cluster-service-starter and camel-kubernetes-cluster-service-starter),
 * and {@code master:} only finds a cluster service the CamelContext runs, not a bean: this adds one, from
 * {@code stripe.cluster.*} properties. Named in application.properties ({@code camel.main.configuration-classes}).
 */
public class FileLockCluster implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        FileLockClusterService cluster = new FileLockClusterService();
        cluster.setRoot(properties.resolveProperty("stripe.cluster.root").orElseThrow(
                () -> new IllegalArgumentException("Property stripe.cluster.root (a directory every node shares) is required")));
        // a leader missing for interval x multiplier seconds is replaced
        cluster.setAcquireLockInterval(Long.parseLong(properties.resolveProperty("stripe.cluster.interval-seconds").orElse("2")));
        cluster.setHeartbeatTimeoutMultiplier(
                Integer.parseInt(properties.resolveProperty("stripe.cluster.heartbeat-multiplier").orElse("5")));
        context.addService(cluster);
    }
}
