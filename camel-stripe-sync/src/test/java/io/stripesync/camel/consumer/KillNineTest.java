package io.stripesync.camel.consumer;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.stripesync.camel.simulator.StripeSimulator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code kill -9} inside a parallel snapshot and during CDC: the application runs in a process of its own
 * ({@link KillNineChild}), its position in Camel's file state repository, and is killed with SIGKILL
 * ({@link Process#destroyForcibly()}) at several points. Nothing is lost, and each kill repeats at most the batch whose
 * position it did not store.
 */
@Tag("slow")
class KillNineTest {

    private static final int CUSTOMERS = 3000;
    private static final int BATCH = 10;

    @TempDir
    Path dir;

    private Process start(StripeSimulator sim) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        return new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                KillNineChild.class.getName(), sim.baseUrl(), dir.resolve("positions.dat").toString(),
                dir.resolve("out.txt").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    }

    private List<String> lines() throws Exception {
        return ExchangeLines.read(dir.resolve("out.txt"));
    }

    private void killAt(Process child, int lines) throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> lines().size() >= lines || !child.isAlive());
        assertThat(child.isAlive()).as("the application runs until killed; see " + dir.resolve("child.log")).isTrue();
        child.destroyForcibly();   // SIGKILL: no shutdown hook, no graceful stop, nothing flushed by Camel
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void killedInsideAParallelSnapshotAndDuringCdcLosesNothingAndRepeatsAtMostABatchPerKill() throws Exception {
        try (StripeSimulator sim = StripeSimulator.start(99)) {
            sim.seed("customer", CUSTOMERS, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("name", "c" + i));
            // 40 ms an answer: the snapshot of 300 pages lasts long enough to be killed inside it, three times
            sim.faults().latency(Duration.ofMillis(40), Duration.ZERO);
            int kills = 0;
            for (int at : new int[] {400, 1300, 2200}) {
                killAt(start(sim), at);
                kills++;
                int written = lines().size();
                assertThat(written).as("killed inside the snapshot").isLessThan(CUSTOMERS);
                sim.update("customer", sim.objects("customer").get(kills).get("id").getAsString(),
                        Map.of("name", "changed while down " + kills));
            }
            Process child = start(sim);
            await().atMost(Duration.ofSeconds(60)).until(() -> new HashSet<>(snapshotIds()).size() >= CUSTOMERS);
            // CDC: changes while it runs, a kill, changes while it is down, and a last start
            List<String> created = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                created.add(sim.create("customer", Map.of("name", "new" + i)).get("id").getAsString());
            }
            killAt(child, lines().size() + 5);
            kills++;
            for (int i = 25; i < 50; i++) {
                created.add(sim.create("customer", Map.of("name", "new" + i)).get("id").getAsString());
            }
            child = start(sim);
            await().atMost(Duration.ofSeconds(60)).until(() -> eventIds().containsAll(eventsAfterTheStart(sim)));
            killAt(child, 0);
            kills++;

            List<String> all = lines();
            Set<String> snapshot = new HashSet<>(snapshotIds());
            assertThat(snapshot).as("every customer in the snapshot").hasSize(CUSTOMERS);
            assertThat(eventIds()).as("every change made after the CDC start, once at least")
                    .containsAll(eventsAfterTheStart(sim));
            Map<String, Integer> times = new HashMap<>();
            all.forEach(l -> times.merge(l, 1, Integer::sum));
            long repeated = times.values().stream().mapToLong(n -> n - 1).sum();
            System.out.printf("kill -9: %d kills, %d exchanges, %d repeated%n", kills, all.size(), repeated);
            assertThat(repeated).as("at most the uncommitted batch per kill").isLessThanOrEqualTo((long) kills * BATCH);
        }
    }

    private List<String> snapshotIds() throws Exception {
        return lines().stream().filter(l -> l.startsWith("snapshot ")).map(l -> l.split(" ")[1]).toList();
    }

    private Set<String> eventIds() throws Exception {
        Set<String> ids = new HashSet<>();
        lines().stream().filter(l -> !l.startsWith("snapshot ")).forEach(l -> ids.add(l.split(" ")[2]));
        return ids;
    }

    /** The events the stream must deliver: all of them, as the seeded customers came without events before the start. */
    private static Set<String> eventsAfterTheStart(StripeSimulator sim) {
        Set<String> ids = new HashSet<>();
        sim.events().forEach(e -> ids.add(e.get("id").getAsString()));
        return ids;
    }
}
