package io.stripesync.camel.simulator;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.google.gson.JsonObject;

/**
 * The simulator as a process of its own, so that a benchmark measures the component's heap and not the simulator's,
 * and so that anyone can point an application at it:
 *
 * <pre>
 * java -cp camel-stripe-sync-tests.jar:... io.stripesync.camel.simulator.SimulatorMain --port 12111 --customers 50000
 * </pre>
 *
 * It prints {@code READY <base url>} once it listens, then takes one command per line on stdin and answers one line:
 * {@code latency <ms>}, {@code limit <requests/s>} (a global limit per key; 0: off), {@code limit stripe} (Stripe's
 * documented limiters: per key live 100/s, sandbox 25/s, per endpoint 25/s, Search and Files 20/s), {@code concurrency
 * <n>} (requests in flight per key; 0: off), {@code version <api version>} (events rendered at that account version
 * from now on), {@code seed <resource> <n>} (n objects older than the event window), {@code events <n>} (n changes of
 * customers, 50 a simulated second, so that they spread over time as at Stripe), {@code reset} (request counters),
 * {@code tick} (simulated time moves with the wall clock from then on), {@code stats} ({@code STATS requests=..
 * tooMany=.. reads=..}), {@code count <method> <path template>} (requests of
 * one route, e.g. {@code count GET /v1/customers/{id}}), {@code quit}. When its input ends (started with
 * {@code < /dev/null}, by nohup or a script) it says so and serves on until the process is stopped.
 */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = 0;
        int customers = 0;
        long seed = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--customers" -> customers = Integer.parseInt(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("Unknown option " + args[i]
                                                              + "; known: --port, --customers, --seed");
            }
        }
        StripeSimulator sim = new StripeSimulator(seed).listen(port);
        // the objects are older than the event window, as in an account that has been running for a while
        sim.seed("customer", customers, StripeSimulator.DEFAULT_START.minus(Duration.ofDays(40)),
                i -> Map.of("email", "c" + i + "@example.com"));
        System.out.println("READY " + sim.baseUrl());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] words = line.trim().split("\\s+");
            String answer = switch (words[0]) {
                case "latency" -> {
                    sim.faults().latency(Duration.ofMillis(Long.parseLong(words[1])), Duration.ZERO);
                    yield "OK";
                }
                case "limit" -> {
                    if ("stripe".equals(words[1])) {
                        sim.faults().stripeRateLimits();
                    } else {
                        sim.faults().rateLimit(Integer.parseInt(words[1]));
                    }
                    yield "OK";
                }
                case "concurrency" -> {
                    sim.faults().concurrencyLimit(Integer.parseInt(words[1]));
                    yield "OK";
                }
                case "version" -> {
                    sim.accountApiVersion(words[1]);
                    yield "OK";
                }
                case "seed" -> {
                    sim.seed(words[1], Integer.parseInt(words[2]), StripeSimulator.DEFAULT_START.minus(Duration.ofDays(40)),
                            i -> Map.of("description", "seeded " + i));
                    yield "OK";
                }
                case "events" -> "OK " + changes(sim, Integer.parseInt(words[1]),
                        words.length > 2 ? List.of(words[2].split(",")) : List.of("customer"));
                case "touch" -> {
                    // changes of n objects, one field each: for invoice items, changes no event shows (as at Stripe)
                    List<JsonObject> objects = sim.objects(words[1]);
                    int n = Math.min(Integer.parseInt(words[2]), objects.size());
                    for (int i = 0; i < n; i++) {
                        sim.update(words[1], objects.get(i * objects.size() / n).get("id").getAsString(),
                                Map.of("description", "touched " + i));
                    }
                    yield "OK " + n;
                }
                case "connect" -> {
                    // n accounts connected to the platform, without objects: answers the first one's id
                    String first = null;
                    for (int i = Integer.parseInt(words[1]); i > 0; i--) {
                        String id = sim.connectAccount();
                        first = first == null ? id : first;
                    }
                    yield "OK " + first;
                }
                case "create" -> "OK " + sim.create(words[1], words[2], Map.of("email", "made@example.com")).get("id")
                        .getAsString();
                case "accountcount" -> "COUNT " + sim.counters().account(words[1]);
                case "reset" -> {
                    sim.counters().reset();
                    yield "OK";
                }
                case "stats" -> "STATS requests=" + sim.counters().total() + " tooMany="
                                        + sim.counters().withStatus(429) + " reads=" + sim.counters().reads();
                case "tick" -> {
                    // simulated time moves with the wall clock from here on, as Stripe's does
                    sim.clock().ticking(true);
                    yield "OK";
                }
                case "count" -> "COUNT " + sim.counters().route(words[1] + " " + words[2]);
                case "quit" -> null;
                default -> "ERROR unknown command " + words[0];
            };
            if (answer == null) {
                sim.close();
                return;
            }
            System.out.println(answer);
            System.out.flush();
        }
        // no more commands can come (input closed), but the base still serves whoever uses it: until stopped
        System.out.println("Standard input closed: serving at " + sim.baseUrl() + " until the process is stopped"
                           + " (Ctrl+C, kill)");
        System.out.flush();
        Thread.currentThread().join();
    }

    /**
     * n changes (half creates, half updates of customers that exist), 50 per simulated second; answers the events made.
     * Updates pick any customer, the seeded ones too: two changes of one customer in one second are then rare, as in
     * most accounts (picking among the few made so far changed the same customers again and again in the first seconds).
     */
    /** {@code n} changes (half creates, half updates), the resources taking turns, 50 to a second. */
    private static int changes(StripeSimulator sim, int n, List<String> resources) {
        int eventsBefore = sim.events().size();
        Map<String, List<String>> made = new HashMap<>();
        for (String resource : resources) {
            made.put(resource, new ArrayList<>(sim.objects(resource).stream().map(c -> c.get("id").getAsString()).toList()));
        }
        Random random = new Random(n);
        for (int i = 0; i < n; i++) {
            if (i % 50 == 0) {
                sim.clock().advance(Duration.ofSeconds(1));
            }
            String resource = resources.get(i % resources.size());
            List<String> ids = made.get(resource);
            if (ids.isEmpty() || i / resources.size() % 2 == 0) {
                Map<String, Object> fields = resource.equals("customer") ? Map.of("email", "n" + i + "@example.com")
                        : Map.of("name", "n" + i);
                ids.add(sim.create(resource, fields).get("id").getAsString());
            } else {
                sim.update(resource, ids.get(random.nextInt(ids.size())), Map.of("name", "u" + i));
            }
        }
        return sim.events().size() - eventsBefore;
    }
}
