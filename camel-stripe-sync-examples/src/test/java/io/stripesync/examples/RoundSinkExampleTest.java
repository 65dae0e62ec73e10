package io.stripesync.examples;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.stripesync.camel.position.Position;
import io.stripesync.camel.position.PositionCodec;
import io.stripesync.camel.position.Round;
import io.stripesync.camel.simulator.StripeSimulator;
import io.stripesync.camel.state.JdbcStateRepository;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The round-closing sink (round-sink/stripe-sync-round-sink.camel.yaml) on camel-main against the simulator and a real
 * PostgreSQL: one table per resource that equals the source after each round's marker, deletions made while no event
 * said so included, and a node that resumes a stale position never makes it drop a live row.
 */
@Tag("slow")
class RoundSinkExampleTest {

    private static final List<String> RESOURCES = List.of("customer", "invoiceitem");

    /** The nodes started, stopped after each test whatever happened. */
    private final List<Main> nodes = new ArrayList<>();

    @AfterEach
    void stopNodes() {
        nodes.forEach(Main::stop);
    }

    private Main node(StripeSimulator sim, EmbeddedPostgres postgres, String snapshotMode) {
        Main main = new Main();
        nodes.add(main);
        main.addOverrideProperty("stripe.poll-delay", "200");
        main.setDefaultPropertyPlaceholderLocation("classpath:round-sink/application.properties");
        main.addOverrideProperty("camel.component.stripe-sync.api-key", "sk_test_round_sink");
        main.addOverrideProperty("camel.component.stripe-sync.api-base", sim.baseUrl());
        main.addOverrideProperty("camel.component.stripe-sync.state-repository", "#bean:positions");
        main.addOverrideProperty("stripe.sink.jdbc-url", postgres.getJdbcUrl("postgres", "postgres"));
        main.addOverrideProperty("stripe.sink.user", "postgres");
        main.addOverrideProperty("stripe.sink.password", "");
        main.addOverrideProperty("stripe.snapshot-mode", snapshotMode);
        // the positions in the same database, as several nodes would share them
        main.bind("positions", new JdbcStateRepository(postgres.getPostgresDatabase()));
        return main;
    }

    private static void await(BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("in time").isLessThan(end);
            Thread.sleep(50);
        }
    }

    private static List<List<Object>> query(EmbeddedPostgres postgres, String sql) {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                    row.add(r.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void execute(EmbeddedPostgres postgres, String sql) throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static Map<String, JsonObject> table(EmbeddedPostgres postgres, String resource) {
        Map<String, JsonObject> rows = new TreeMap<>();
        query(postgres, "SELECT id, body FROM stripe_" + resource).forEach(
                r -> rows.put((String) r.get(0), JsonParser.parseString(r.get(1).toString()).getAsJsonObject()));
        return rows;
    }

    private static Map<String, JsonObject> source(StripeSimulator sim, String resource) {
        Map<String, JsonObject> objects = new TreeMap<>();
        sim.objects(resource).forEach(o -> objects.put(o.get("id").getAsString(), o));
        return objects;
    }

    private static boolean sinkEqualsSource(EmbeddedPostgres postgres, StripeSimulator sim) {
        return RESOURCES.stream().allMatch(r -> table(postgres, r).equals(source(sim, r)));
    }

    /** The greatest round each resource's markers announced. */
    private static Map<String, Long> rounds(EmbeddedPostgres postgres) {
        Map<String, Long> rounds = new TreeMap<>();
        query(postgres, "SELECT resource, round FROM stripe_sync_rounds").forEach(
                r -> rounds.put((String) r.get(0), ((Number) r.get(1)).longValue()));
        return rounds;
    }

    private static boolean roundsAbove(EmbeddedPostgres postgres, Map<String, Long> before) {
        Map<String, Long> now = rounds(postgres);
        return now.keySet().containsAll(RESOURCES)
               && RESOURCES.stream().allMatch(r -> now.get(r) > before.getOrDefault(r, 0L));
    }

    private static void schema(EmbeddedPostgres postgres) throws Exception {
        execute(postgres, new String(RoundSinkExampleTest.class.getResourceAsStream("/round-sink/schema.sql").readAllBytes(),
                StandardCharsets.UTF_8));
        // what the sink deletes, noted by a trigger: a live row must never be among them
        execute(postgres, "CREATE TABLE deleted_rows (resource TEXT, id TEXT);"
                          + " CREATE FUNCTION note_delete() RETURNS trigger AS $$ BEGIN"
                          + " INSERT INTO deleted_rows VALUES (TG_ARGV[0], OLD.id); RETURN OLD; END $$ LANGUAGE plpgsql;"
                          + " CREATE TRIGGER customer_deleted AFTER DELETE ON stripe_customer FOR EACH ROW"
                          + " EXECUTE FUNCTION note_delete('customer');"
                          + " CREATE TRIGGER invoiceitem_deleted AFTER DELETE ON stripe_invoiceitem FOR EACH ROW"
                          + " EXECUTE FUNCTION note_delete('invoiceitem')");
    }

    /** The one stream's stored position. */
    private static Position stored(EmbeddedPostgres postgres) {
        // beside it, the digests of the resources read again on a schedule (invoiceitem)
        List<List<Object>> rows = query(postgres, "SELECT state_value FROM stripe_sync_state WHERE state_key NOT LIKE"
                                                  + " '%/digests'");
        assertThat(rows).as("one stored position").hasSize(1);
        return PositionCodec.decode((String) rows.get(0).get(0));
    }

    private static List<String> deletedRows(EmbeddedPostgres postgres) {
        return query(postgres, "SELECT resource || ' ' || id FROM deleted_rows ORDER BY 1").stream()
                .map(r -> (String) r.get(0)).toList();
    }

    private static void seed(StripeSimulator sim) {
        sim.seed("customer", 30, Instant.parse("2025-12-31T00:00:00Z"), i -> Map.of("name", "c" + i));
        sim.seed("invoiceitem", 12, Instant.parse("2025-12-31T00:00:00Z"),
                i -> Map.of("customer", "cus_seed", "amount", String.valueOf(100 * i), "currency", "usd"));
        // an event before the first start: the position's time, from which expiry is told
        sim.create("customer", Map.of("name", "before the first start"));
    }

    private static String id(StripeSimulator sim, String resource, int index) {
        return sim.objects(resource).get(index).get("id").getAsString();
    }

    @Test
    void eachRoundsMarkerMakesTheTablesEqualTheSourceAfterExpiryAndAfterAnAlwaysStart() throws Exception {
        try (StripeSimulator sim = StripeSimulator.start(26);
             EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            schema(postgres);
            seed(sim);
            Main first = node(sim, postgres, "initial");
            first.start();
            await(() -> roundsAbove(postgres, Map.of()) && sinkEqualsSource(postgres, sim));
            Map<String, Long> firstRounds = rounds(postgres);
            String changed = id(sim, "customer", 3);
            sim.update("customer", changed, Map.of("name", "changed while following"));
            await(() -> "changed while following".equals(table(postgres, "customer").get(changed).get("name").getAsString()));
            first.stop();

            // while it is down: deletions and a creation whose events then expire
            List<String> gone = List.of("customer " + id(sim, "customer", 5), "customer " + id(sim, "customer", 20),
                    "invoiceitem " + id(sim, "invoiceitem", 7));
            gone.forEach(g -> sim.delete(g.split(" ")[0], g.split(" ")[1]));
            String made = sim.create("customer", Map.of("name", "made in the gap")).get("id").getAsString();
            sim.clock().advance(Duration.ofDays(31));
            sim.create("customer", Map.of("name", "Stripe's time now"));
            Main second = node(sim, postgres, "initial");
            second.start();
            await(() -> roundsAbove(postgres, firstRounds) && sinkEqualsSource(postgres, sim));
            assertThat(table(postgres, "customer")).containsKey(made);
            assertThat(deletedRows(postgres)).as("the round's marker deleted what went away")
                    .containsExactlyInAnyOrderElementsOf(gone);
            Map<String, Long> secondRounds = rounds(postgres);
            second.stop();

            // snapshotMode=always: a deletion while stopped, its event not expired, is the new round's to find
            String deleted = id(sim, "invoiceitem", 2);
            sim.delete("invoiceitem", deleted);
            sim.clock().advance(Duration.ofSeconds(5));
            Main third = node(sim, postgres, "always");
            third.start();
            await(() -> roundsAbove(postgres, secondRounds) && sinkEqualsSource(postgres, sim));
            assertThat(deletedRows(postgres)).contains("invoiceitem " + deleted);
            String after = sim.create("customer", Map.of("name", "after the always round")).get("id").getAsString();
            await(() -> table(postgres, "customer").containsKey(after));
            third.stop();
            assertThat(sinkEqualsSource(postgres, sim)).isTrue();
        }
    }

    @Test
    void aNodeResumingAStalePositionCannotCloseANewerRoundNorDropALiveRow() throws Exception {
        try (StripeSimulator sim = StripeSimulator.start(27);
             EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            schema(postgres);
            seed(sim);
            Main first = node(sim, postgres, "always");
            first.start();
            await(() -> roundsAbove(postgres, Map.of()) && sinkEqualsSource(postgres, sim));
            Map<String, Long> firstRounds = rounds(postgres);
            first.stop();
            // what a node stopped after the round's last record and before its marker would hold: round open
            Position done = stored(postgres);
            Map<String, Round> open = new TreeMap<>();
            done.rounds().forEach((r, round) -> open.put(r, new Round(round.id(), round.objects(), false)));
            String stale = PositionCodec.encode(done.withRounds(open));

            // another node's round, newer, and changes after it
            Main second = node(sim, postgres, "always");
            second.start();
            await(() -> roundsAbove(postgres, firstRounds));
            Map<String, Long> secondRounds = rounds(postgres);
            String made = sim.create("customer", Map.of("name", "made after the newer round")).get("id").getAsString();
            String deleted = id(sim, "customer", 8);
            sim.delete("customer", deleted);
            await(() -> table(postgres, "customer").containsKey(made) && !table(postgres, "customer").containsKey(deleted));
            second.stop();

            // the stale position comes back (a store restored from a backup, a node that saved late) and is resumed
            execute(postgres, "UPDATE stripe_sync_state SET state_value = '" + stale + "' WHERE state_key NOT LIKE"
                              + " '%/digests'");
            Main third = node(sim, postgres, "initial");
            third.start();
            await(() -> sinkEqualsSource(postgres, sim) && stored(postgres).rounds().values().stream().allMatch(Round::closed));
            third.stop();
            assertThat(rounds(postgres)).as("the stale markers closed nothing: the newer rounds stand")
                    .isEqualTo(secondRounds);
            assertThat(deletedRows(postgres)).as("only what is gone at the source was ever deleted")
                    .containsExactly("customer " + deleted);
            assertThat(sinkEqualsSource(postgres, sim)).isTrue();
        }
    }
}
