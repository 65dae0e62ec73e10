package io.stripesync.camel.simulator;

import java.time.Duration;
import java.util.ArrayList;
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

    private boolean updatesVisible;
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
        // Stripe emits no invoiceitem.updated any more (unless the account is on legacy events): such updates never
        // reach CDC, so the workload only makes changes Stripe reports
        this.updatesVisible = sim.emitsEvent(resource, "updated");
    }

    /** Reads again whether updates are reported (after the simulator's legacyEvents setting changed). */
    public Workload refresh() {
        this.updatesVisible = sim.emitsEvent(resource, "updated");
        return this;
    }

    public void step() {
        // canceled subscriptions stay (Stripe keeps them) but take no more changes
        List<JsonObject> live = sim.objects(resource).stream()
                .filter(o -> !o.has("status") || !"canceled".equals(o.get("status").getAsString())).toList();
        int dice = random.nextInt(10);
        if (live.isEmpty() || dice < 4 || dice < 8 && !updatesVisible) {
            sim.create(resource, fields());
            creates++;
        } else if (dice < 8) {
            String id = live.get(random.nextInt(live.size())).get("id").getAsString();
            if (dice == 7 && resource.equals("invoice")) {
                sim.action(resource, id, "add_lines", Map.of("lines", lines(1 + random.nextInt(12))));
            } else if (dice == 7 && resource.equals("subscription")) {
                sim.update(resource, id, Map.of("items", items(1 + random.nextInt(6))));
            } else {
                sim.update(resource, id, Map.of("metadata", Map.of("v", Integer.toString(random.nextInt(1_000_000))),
                        "description", "d" + random.nextInt(1000)));
            }
            updates++;
        } else {
            String id = live.get(random.nextInt(live.size())).get("id").getAsString();
            if (resource.equals("subscription")) {
                // Stripe cancels a subscription with DELETE /v1/subscriptions/{id}; it stays retrievable
                sim.action(resource, id, "cancel", Map.of());
            } else {
                sim.delete(resource, id);
            }
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

    /**
     * A change every {@code pauseMillis} on a daemon thread until it is interrupted: the demos' background activity,
     * so an application on the simulator shows changes after its snapshot.
     */
    public Thread keepBusy(long pauseMillis) {
        Thread t = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    step();
                    Thread.sleep(pauseMillis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "simulator-workload");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Plausible fields for a new object of the resource. */
    public Map<String, Object> fields() {
        return switch (resource) {
            // a quarter of them with more items than Stripe embeds (10)
            case "subscription" -> Map.of("customer", "cus_" + random.nextInt(100), "status", "active",
                    "items", items(random.nextInt(4) == 0 ? 11 + random.nextInt(20) : 1 + random.nextInt(5)));
            case "invoice" -> Map.of("customer", "cus_" + random.nextInt(100), "status", "draft", "currency", "usd",
                    "lines", lines(random.nextInt(4) == 0 ? 11 + random.nextInt(30) : random.nextInt(6)));
            case "invoiceitem" -> Map.of("customer", "cus_" + random.nextInt(100), "amount", random.nextInt(10_000),
                    "currency", "usd");
            default -> Map.of("email", "u" + random.nextInt(1_000_000) + "@example.com");
        };
    }

    private List<Map<String, Object>> lines(int n) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add(Map.of("amount", random.nextInt(10_000), "description", "line " + i));
        }
        return lines;
    }

    private List<Map<String, Object>> items(int n) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(Map.of("price", "price_" + random.nextInt(50), "quantity", 1 + random.nextInt(3)));
        }
        return items;
    }

    /** Creates and updates made: the changes whose object a consumer might read again. */
    public int createsAndUpdates() {
        return creates + updates;
    }

    @Override
    public String toString() {
        return creates + " creates, " + updates + " updates, " + deletes + " deletes";
    }
}
