package io.stripesync.camel.consumer;

import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.component.file.cluster.FileLockClusterService;

/** Camel's file lock cluster service as the failover tests run it: quick to take a free lock, a short lease. */
final class FileLockCluster {

    private FileLockCluster() {
    }

    /**
     * @param lockIntervalMillis  how often the lock is tried and the leader's heartbeat written
     * @param heartbeatMultiplier how many intervals a silent leader is trusted: the lease is their product
     */
    static FileLockClusterService service(String id, String root, long lockIntervalMillis, int heartbeatMultiplier) {
        FileLockClusterService cluster = new FileLockClusterService();
        if (id != null) {
            cluster.setId(id);
        }
        cluster.setRoot(root);
        cluster.setAcquireLockDelay(10, TimeUnit.MILLISECONDS);
        cluster.setAcquireLockInterval(lockIntervalMillis, TimeUnit.MILLISECONDS);
        cluster.setHeartbeatTimeoutMultiplier(heartbeatMultiplier);
        return cluster;
    }

    /**
     * Stops the node without waiting for what it has in flight: Camel's shutdown gives up after 1 ms. Whether a batch
     * is in flight at that instant depends on the machine (CI with 2 cores once had none), so Camel's "Forcing the
     * routes to be shutdown now" warning is captured to keep the console quiet, not asserted.
     */
    static void stopAbruptly(CamelContext node) {
        node.getShutdownStrategy().setTimeUnit(TimeUnit.MILLISECONDS);
        node.getShutdownStrategy().setTimeout(1);
        node.getShutdownStrategy().setShutdownNowOnTimeout(true);
        try (io.stripesync.camel.LogCapture ignored = new io.stripesync.camel.LogCapture(
                org.apache.camel.impl.engine.DefaultShutdownStrategy.class)) {
            node.stop();
        }
    }
}
