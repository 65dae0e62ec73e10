package io.stripesync.camel.simulator;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.google.gson.JsonObject;

/**
 * A seeded random mix of creates, updates and deletes on one resource, as a busy Stripe account would see. Used by
 * the consumer tests, the demo and benchmarks.
 */
public final class Workload {

    private final StripeSimulator sim;
    private final String resource;
    private final Random random;
    private int ops;
    private int creates;
    private int updates;
    private int deletes;

    private final boolean updatesVisible;
    private int opsPerSecond = 4;

    /** How many changes share a simulated second (when the clock is not ticking); 1 gives every change its own. */
    public Workload opsPerSecond(int n) {
        this.opsPerSecond = n;
        return this;
    }

    public Workload(StripeSimulator sim, String resource, long seed) {
        this.sim = sim;
        this.resource = resource;
        this.random = new Random(seed);
        // Stripe emits no invoiceitem.updated any more (removed in API 2024-04-10): such updates never reach CDC,
        // so the workload only makes changes Stripe reports.
        this.updatesVisible = io.stripesync.camel.catalog.StripeCatalog.defaultCatalog().require(resource).eventTypes()
                .stream().anyMatch(t -> t.endsWith(".updated"));
    }

    public void step() {
        List<JsonObject> live = sim.objects(resource);
        int dice = random.nextInt(10);
        if (live.isEmpty() || dice < 4 || dice < 8 && !updatesVisible) {
            sim.create(resource, fields());
            creates++;
        } else if (dice < 8) {
            String id = live.get(random.nextInt(live.size())).get("id").getAsString();
            sim.update(resource, id, Map.of("metadata", Map.of("v", Integer.toString(random.nextInt(1_000_000))),
                    "description", "d" + random.nextInt(1000)));
            updates++;
        } else {
            String id = live.get(random.nextInt(live.size())).get("id").getAsString();
            sim.delete(resource, id);
            deletes++;
        }
        // several changes share a second, as they do at Stripe (a ticking clock moves by itself)
        if (++ops % opsPerSecond == 0 && !sim.clock().isTicking()) {
            sim.clock().advance(Duration.ofSeconds(1));
        }
    }

    public void run(int count, long pauseMillis) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            step();
            if (pauseMillis > 0) {
                Thread.sleep(pauseMillis);
            }
        }
    }

    public Thread runInBackground(int count, long pauseMillis) {
        Thread t = new Thread(() -> {
            try {
                run(count, pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "workload");
        t.start();
        return t;
    }

    /** Plausible fields for a new object of the resource. */
    public Map<String, Object> fields() {
        return switch (resource) {
            case "subscription" -> Map.of("customer", "cus_" + random.nextInt(100), "status", "active");
            case "invoiceitem" -> Map.of("customer", "cus_" + random.nextInt(100), "amount", random.nextInt(10_000),
                    "currency", "usd");
            default -> Map.of("email", "u" + random.nextInt(1_000_000) + "@example.com");
        };
    }

    @Override
    public String toString() {
        return creates + " creates, " + updates + " updates, " + deletes + " deletes";
    }
}
