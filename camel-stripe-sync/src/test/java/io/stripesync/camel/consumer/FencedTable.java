package io.stripesync.camel.consumer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

import io.stripesync.camel.StripeSyncConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * A replica table in PostgreSQL that several nodes write, fenced as the docs advise: in the same statement as each
 * write, the greatest CamelStripeSyncClaim applied so far is raised to the record's claim, or the record is refused
 * when that claim is already greater (the record comes from a node that lost the stream). The claim row's lock orders
 * the nodes' writes. Refused records are kept, for the test to read.
 */
final class FencedTable implements Processor {

    private final DataSource db;

    FencedTable(DataSource db) throws SQLException {
        this.db = db;
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS replica_claim (stream VARCHAR(64) PRIMARY KEY, claim BIGINT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS replica (id VARCHAR(64) PRIMARY KEY, body TEXT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS replica_refused (n SERIAL PRIMARY KEY, line TEXT NOT NULL)");
        }
    }

    @Override
    public void process(Exchange exchange) throws SQLException {
        long claim = exchange.getIn().getHeader(StripeSyncConstants.CLAIM, Long.class);
        String operation = exchange.getIn().getHeader(StripeSyncConstants.OPERATION, String.class);
        String id = exchange.getIn().getHeader(StripeSyncConstants.OBJECT_ID, String.class);
        // one statement: the claim row is locked only while the database runs it, never while this node is paused
        String write = "delete".equals(operation)
                ? "DELETE FROM replica WHERE id = ? AND EXISTS (SELECT 1 FROM fence)"
                : "INSERT INTO replica (id, body) SELECT ?, ? FROM fence ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body";
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("WITH fence AS (INSERT INTO replica_claim (stream, claim)"
                     + " VALUES ('customer', ?) ON CONFLICT (stream) DO UPDATE SET claim = EXCLUDED.claim"
                     + " WHERE replica_claim.claim <= EXCLUDED.claim RETURNING claim), written AS (" + write
                     + " RETURNING 1) SELECT count(*) FROM fence")) {
            s.setLong(1, claim);
            s.setString(2, id);
            if (!"delete".equals(operation)) {
                s.setString(3, exchange.getIn().getBody(String.class));
            }
            boolean current;
            try (ResultSet r = s.executeQuery()) {
                current = r.next() && r.getLong(1) == 1;
            }
            if (!current) {
                try (PreparedStatement refused = c.prepareStatement("INSERT INTO replica_refused (line) VALUES (?)")) {
                    refused.setString(1, operation + " " + id + " " + claim);
                    refused.executeUpdate();
                }
            }
        }
    }

    /** The table's rows: id to the JSON body. */
    static Map<String, String> rows(DataSource db) throws SQLException {
        Map<String, String> rows = new TreeMap<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT id, body FROM replica")) {
            while (r.next()) {
                rows.put(r.getString(1), r.getString(2));
            }
        }
        return rows;
    }

    /** The refused records, {@code operation objectId claim}, in the order they came. */
    static List<String> refused(DataSource db) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT line FROM replica_refused ORDER BY n")) {
            while (r.next()) {
                lines.add(r.getString(1));
            }
        }
        return lines;
    }
}
