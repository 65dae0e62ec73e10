package io.stripesync.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import io.stripesync.camel.simulator.StripeSimulator;
import io.stripesync.camel.simulator.Workload;
import org.apache.camel.main.Main;

/**
 * The README's first command. Streams {@code customer}: from the Stripe account of {@code STRIPE_API_KEY} when it is
 * set, otherwise from the built-in Stripe simulator, seeded with 3,000 customers and kept busy by a background
 * workload. {@code yaml} as the first argument runs the same route from {@code routes/customers.camel.yaml}.
 * {@code -Ddemo.seconds=N} stops after N seconds; otherwise Ctrl+C stops it.
 */
public final class DemoMain {

    private DemoMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean yaml = args.length > 0 && "yaml".equalsIgnoreCase(args[0]);
        String apiKey = System.getenv("STRIPE_API_KEY");
        Main main = new Main();
        StripeSimulator simulator = null;
        if (apiKey == null || apiKey.isBlank()) {
            simulator = startSimulator();
            main.addInitialProperty("camel.component.stripe-sync.api-key", "sk_test_demo_simulator");
            main.addInitialProperty("camel.component.stripe-sync.api-base", simulator.baseUrl());
            // a fresh simulator each run, so a fresh position each run
            main.addInitialProperty("camel.component.stripe-sync.state-file", tempStateFile());
            System.out.println("No STRIPE_API_KEY: streaming customers from the Stripe simulator at " + simulator.baseUrl());
        } else {
            main.addInitialProperty("camel.component.stripe-sync.api-key", apiKey);
            System.out.println("Streaming customers from your Stripe account (position kept in "
                               + "~/.camel-stripe-sync/positions.dat, so a restart resumes)");
        }
        if (yaml) {
            main.configure().withRoutesIncludePattern("classpath:routes/customers.camel.yaml");
            System.out.println("Route: routes/customers.camel.yaml (YAML DSL)");
        } else {
            main.configure().addRoutesBuilder(new CustomerStreamRoute());
            System.out.println("Route: CustomerStreamRoute (Java DSL); pass 'yaml' for the YAML version");
        }
        String seconds = System.getProperty("demo.seconds");
        if (seconds != null) {
            main.configure().withDurationMaxSeconds(Integer.parseInt(seconds));
        }
        System.out.println("Each line: operation, object id, and for a change its event type. "
                           + (seconds != null ? "Stops after " + seconds + " s." : "Ctrl+C stops."));
        ExchangeCounts counts = ExchangeCounts.on(main);
        long start = System.nanoTime();
        try {
            main.run();
        } finally {
            System.out.println(counts.summary((System.nanoTime() - start) / 1_000_000_000));
            if (simulator != null) {
                simulator.close();
            }
        }
    }

    private static StripeSimulator startSimulator() {
        StripeSimulator sim = StripeSimulator.start(42);
        sim.clock().set(Instant.now());
        Workload workload = new Workload(sim, "customer", 42);
        sim.seed("customer", 3000, Instant.now().minusSeconds(60), i -> workload.fields());
        sim.clock().ticking(true);
        Thread busy = new Thread(() -> {
            try {
                while (true) {
                    workload.step();
                    Thread.sleep(400);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-workload");
        busy.setDaemon(true);
        busy.start();
        return sim;
    }

    private static String tempStateFile() throws IOException {
        Path dir = Files.createTempDirectory("stripe-sync-demo");
        dir.toFile().deleteOnExit();
        return dir.resolve("positions.dat").toString();
    }
}
