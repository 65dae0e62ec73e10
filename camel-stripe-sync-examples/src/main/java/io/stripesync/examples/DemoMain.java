package io.stripesync.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.stripesync.camel.simulator.StripeSimulator;
import io.stripesync.camel.simulator.Workload;
import org.apache.camel.main.Main;

/**
 * The README's first command. Streams {@code customer}: from the Stripe account of {@code STRIPE_API_KEY} when it is
 * set, otherwise from the built-in Stripe simulator, seeded with 3,000 customers and kept busy by a background
 * workload; {@code -Dcamel.component.stripe-sync.api-base=...} points it at another base instead (a simulator
 * launched with {@code exec:java@simulator}), with a test key when none is set. The first argument picks the route:
 * {@code java} (the default), {@code yaml} (routes/customers.camel.yaml), {@code lifecycle} or
 * {@code lifecycle-yaml} (the producer example: create, update, retrieve, list and delete one customer, then stop).
 * {@code -Ddemo.seconds=N} stops after N seconds; otherwise Ctrl+C stops it.
 */
public final class DemoMain {

    static final String API_BASE = "camel.component.stripe-sync.api-base";
    static final List<String> MODES = List.of("java", "yaml", "lifecycle", "lifecycle-yaml");

    private DemoMain() {
    }

    public static void main(String[] args) throws Exception {
        run(args.length > 0 ? args[0] : "java", System.getenv("STRIPE_API_KEY"), System.getProperty(API_BASE),
                System.getProperty("demo.seconds"), System.out);
    }

    /**
     * @param apiKey  the key, null or blank for none
     * @param apiBase the base given on the command line, null for Stripe (with a key) or the built-in simulator
     */
    static void run(String mode, String apiKey, String apiBase, String seconds, PrintStream out) throws Exception {
        String route = mode.toLowerCase(Locale.ROOT);
        if (!MODES.contains(route)) {
            throw new IllegalArgumentException("Unknown demo '" + mode + "': choose one of " + String.join(", ", MODES));
        }
        boolean lifecycle = route.startsWith("lifecycle");
        boolean noKey = apiKey == null || apiKey.isBlank();
        Main main = new Main();
        StripeSimulator simulator = null;
        if (apiBase != null && !apiBase.isBlank()) {
            main.addInitialProperty(API_BASE, apiBase);
            main.addInitialProperty("camel.component.stripe-sync.api-key", noKey ? "sk_test_simulator" : apiKey);
            out.println((lifecycle ? "Writing to" : "Streaming customers from") + " the API at " + apiBase
                        + (noKey ? " with a test key (no STRIPE_API_KEY)" : ""));
        } else if (noKey) {
            simulator = startSimulator(!lifecycle);
            main.addInitialProperty("camel.component.stripe-sync.api-key", "sk_test_demo_simulator");
            main.addInitialProperty(API_BASE, simulator.baseUrl());
            // a fresh simulator each run, so a fresh position each run
            main.addInitialProperty("camel.component.stripe-sync.state-file", tempStateFile());
            out.println("No STRIPE_API_KEY: " + (lifecycle ? "writing to" : "streaming customers from")
                        + " the Stripe simulator at " + simulator.baseUrl());
        } else {
            main.addInitialProperty("camel.component.stripe-sync.api-key", apiKey);
            out.println(lifecycle ? "Writing to your Stripe account (one customer, created then deleted)"
                    : "Streaming customers from your Stripe account (position kept in ~/.camel-stripe-sync/positions.dat,"
                      + " so a restart resumes)");
        }
        switch (route) {
            case "yaml" -> {
                main.configure().withRoutesIncludePattern("classpath:routes/customers.camel.yaml");
                out.println("Route: routes/customers.camel.yaml (YAML DSL)");
            }
            case "lifecycle" -> {
                main.configure().addRoutesBuilder(new CustomerLifecycleRoute());
                out.println("Route: CustomerLifecycleRoute (Java DSL): create, update, retrieve, list, delete");
            }
            case "lifecycle-yaml" -> {
                main.configure().withRoutesIncludePattern("classpath:routes/customer-lifecycle.camel.yaml");
                out.println("Route: routes/customer-lifecycle.camel.yaml (YAML DSL): create, update, retrieve, list,"
                            + " delete");
            }
            default -> {
                main.configure().addRoutesBuilder(new CustomerStreamRoute());
                out.println("Route: CustomerStreamRoute (Java DSL); pass 'yaml' for the YAML version, 'lifecycle' for"
                            + " the producer example");
            }
        }
        if (lifecycle) {
            // the timer fires once: the run ends with its exchange
            main.configure().withDurationMaxMessages(1);
        }
        if (seconds != null) {
            main.configure().withDurationMaxSeconds(Integer.parseInt(seconds));
        }
        if (!lifecycle) {
            out.println("Each line: operation, object id, and for a change its event type. "
                        + (seconds != null ? "Stops after " + seconds + " s." : "Ctrl+C stops."));
        }
        ExchangeCounts counts = lifecycle ? null : ExchangeCounts.on(main);
        long start = System.nanoTime();
        try {
            main.run();
        } finally {
            if (counts != null) {
                out.println(counts.summary((System.nanoTime() - start) / 1_000_000_000));
            }
            if (simulator != null) {
                simulator.close();
            }
        }
    }

    /** @param busy whether a background workload keeps changing customers (the stream's demo) */
    private static StripeSimulator startSimulator(boolean busy) {
        StripeSimulator sim = StripeSimulator.start(42);
        sim.clock().set(Instant.now());
        Workload workload = new Workload(sim, "customer", 42);
        sim.seed("customer", 3000, Instant.now().minusSeconds(60), i -> workload.fields());
        sim.clock().ticking(true);
        if (!busy) {
            return sim;
        }
        workload.keepBusy(400);
        return sim;
    }

    private static String tempStateFile() throws IOException {
        Path dir = Files.createTempDirectory("stripe-sync-demo");
        dir.toFile().deleteOnExit();
        return dir.resolve("positions.dat").toString();
    }
}
