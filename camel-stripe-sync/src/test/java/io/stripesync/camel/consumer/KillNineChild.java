package io.stripesync.camel.consumer;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.stripesync.camel.StripeSyncComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The application {@link KillNineTest} kills: a route from {@code stripe-sync:customer} into an append-only file, one
 * line per exchange written before the exchange completes, the position in a state file. Runs until killed.
 *
 * <p>Arguments: the simulator's base URL, the state file, the output file.
 */
public final class KillNineChild {

    private KillNineChild() {
    }

    public static void main(String[] args) throws Exception {
        BufferedWriter out = Files.newBufferedWriter(Path.of(args[2]), StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        CamelContext context = new DefaultCamelContext();
        StripeSyncComponent component = new StripeSyncComponent();
        component.getConfiguration().setApiKey("sk_test_killnine");
        context.addComponent("stripe-sync", component);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("stripe-sync:customer?batchSize=10&snapshotParallelism=4&maxRequestsPerSecond=0&initialDelay=0"
                     + "&delay=20&bodyType=json&apiBase=" + args[0] + "&stateFile=" + args[1])
                        .process(ExchangeLines.appendTo(out));
            }
        });
        context.start();
        Thread.currentThread().join();
    }
}
