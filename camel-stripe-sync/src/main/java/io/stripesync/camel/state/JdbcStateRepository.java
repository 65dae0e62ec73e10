package io.stripesync.camel.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.stripesync.camel.position.FencedStateRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Positions in a database table, shared by every node of a cluster: any JDBC {@link DataSource} (PostgreSQL in the
 * tests). Each operation takes a connection from the DataSource and gives it back, so a lost connection fails that one
 * operation with an error naming the key, and the next one works again once the database answers. Every write is one
 * statement or one transaction: never half a position.
 *
 * <p>Fencing: a stream claims its key when it starts ({@link #claim}), which supersedes every earlier claim; its saves
 * carry the claim and are refused once a newer one exists. Table (created when missing, {@code createTable}):
 *
 * <pre>
 * CREATE TABLE stripe_sync_state (
 *     state_key   VARCHAR(512) NOT NULL PRIMARY KEY,
 *     state_value TEXT         NOT NULL,
 *     claim       BIGINT       NOT NULL,
 *     updated_at  TIMESTAMP    NOT NULL)
 * </pre>
 */
public class JdbcStateRepository extends ServiceSupport implements FencedStateRepository {

    public static final String DEFAULT_TABLE = "stripe_sync_state";
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    private final DataSource dataSource;
    private final String table;
    private boolean createTable = true;

    public JdbcStateRepository(DataSource dataSource) {
        this(dataSource, DEFAULT_TABLE);
    }

    /** @param table a table name, optionally schema-qualified ({@code positions.stripe_sync_state}) */
    public JdbcStateRepository(DataSource dataSource, String table) {
        if (dataSource == null) {
            throw new IllegalArgumentException("JdbcStateRepository needs a DataSource");
        }
        if (table == null || !TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("JdbcStateRepository table must be a plain (optionally schema-qualified)"
                                               + " SQL name, was '" + table + "'");
        }
        this.dataSource = dataSource;
        this.table = table;
    }

    /** Whether the table is created at start when missing (default); false when the DDL is run by the DBA. */
    public void setCreateTable(boolean createTable) {
        this.createTable = createTable;
    }

    public String getTable() {
        return table;
    }

    @Override
    protected void doStart() {
        if (createTable) {
            run("create the table " + table, c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE IF NOT EXISTS " + table + " (state_key VARCHAR(512) NOT NULL PRIMARY KEY,"
                              + " state_value TEXT NOT NULL, claim BIGINT NOT NULL, updated_at TIMESTAMP NOT NULL)");
                }
                return null;
            });
        }
    }

    @Override
    public String getState(String key) {
        return run("read state key '" + key + "'", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT state_value FROM " + table + " WHERE state_key = ?")) {
                s.setString(1, key);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? r.getString(1) : null;
                }
            }
        });
    }

    /** Camel's contract, without fencing: for other users of a StateRepository (an idempotent consumer, ...). */
    @Override
    public void setState(String key, String value) {
        run("save state key '" + key + "'", c -> {
            if (update(c, key, value, null) == 0 && !insert(c, key, value, 0)) {
                update(c, key, value, null);
            }
            return null;
        });
    }

    @Override
    public long claim(String key) {
        return run("claim state key '" + key + "'", c -> {
            c.setAutoCommit(false);
            try {
                Long current = lockedClaim(c, key);
                long next;
                if (current == null) {
                    next = 1;
                    if (!insert(c, key, "", next)) {
                        // another node inserted it meanwhile: claim over theirs
                        c.rollback();
                        current = lockedClaim(c, key);
                        next = current + 1;
                        setClaim(c, key, next);
                    }
                } else {
                    next = current + 1;
                    setClaim(c, key, next);
                }
                c.commit();
                return next;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        });
    }

    @Override
    public void setState(String key, String value, long claim) {
        run("save state key '" + key + "'", c -> {
            if (update(c, key, value, claim) == 0) {
                throw new SupersededClaimException(key, claim, newestClaim(c, key));
            }
            return null;
        });
    }

    @Override
    public long newestClaim(String key) {
        return run("read the claim on state key '" + key + "'", c -> Math.max(0, newestClaim(c, key)));
    }

    private Long lockedClaim(Connection c, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT claim FROM " + table + " WHERE state_key = ? FOR UPDATE")) {
            s.setString(1, key);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : null;
            }
        }
    }

    private long newestClaim(Connection c, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT claim FROM " + table + " WHERE state_key = ?")) {
            s.setString(1, key);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : -1;
            }
        }
    }

    private void setClaim(Connection c, String key, long claim) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE " + table + " SET claim = ?, updated_at = ? WHERE state_key = ?")) {
            s.setLong(1, claim);
            s.setTimestamp(2, Timestamp.from(Instant.now()));
            s.setString(3, key);
            s.executeUpdate();
        }
    }

    /** @param claim the claim the row must still hold, or null for an unfenced write */
    private int update(Connection c, String key, String value, Long claim) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE " + table + " SET state_value = ?, updated_at = ? WHERE state_key = ?"
                                                      + (claim == null ? "" : " AND claim = ?"))) {
            s.setString(1, value);
            s.setTimestamp(2, Timestamp.from(Instant.now()));
            s.setString(3, key);
            if (claim != null) {
                s.setLong(4, claim);
            }
            return s.executeUpdate();
        }
    }

    /** @return false when the row exists already (another node inserted it first) */
    private boolean insert(Connection c, String key, String value, long claim) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table
                                                      + " (state_key, state_value, claim, updated_at) VALUES (?, ?, ?, ?)")) {
            s.setString(1, key);
            s.setString(2, value);
            s.setLong(3, claim);
            s.setTimestamp(4, Timestamp.from(Instant.now()));
            s.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                // integrity constraint violation: the key exists
                return false;
            }
            throw e;
        }
    }

    private interface Work<T> {
        T in(Connection connection) throws SQLException;
    }

    private <T> T run(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.in(c);
        } catch (SQLException e) {
            throw new IllegalStateException("JdbcStateRepository could not " + what + " in table " + table + ": "
                                            + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
        }
    }
}
