package io.edgefleet.allinone.faults;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Read-only questions to the platform's PostgreSQL (the all-in-one's embedded one, trust authentication on localhost,
 * or the compose stack's), for the ledgers: what the platform really stored, not what an API summarises.
 */
public final class PlatformDatabase {

    /** Metric batches of one endpoint: rows stored, distinct seqs, the highest seq, samples stored twice. */
    public record MetricCounts(long batches, long distinctSeqs, long maxSeq, long duplicateSamples, long samples) {
    }

    private final String url;
    private final String user;
    private final String password;

    public PlatformDatabase(int port) {
        this("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
    }

    /** Any PostgreSQL holding the platform's schemas, e.g. the compose stack's (password authentication). */
    public PlatformDatabase(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** The generation of the endpoint's last published desired document, 0 before the first. */
    public long desiredGeneration(String endpoint) throws SQLException {
        return single("SELECT coalesce(max(generation), 0) FROM deployment.desired_state WHERE endpoint = ?", endpoint);
    }

    public MetricCounts metrics(String endpoint) throws SQLException {
        try (Connection c = connect();
             PreparedStatement batches = c.prepareStatement("""
                     SELECT count(*), count(DISTINCT (stream, seq)), coalesce(max(seq), -1)
                     FROM telemetry.metric_batches WHERE endpoint = ?""");
             PreparedStatement duplicates = c.prepareStatement("""
                     SELECT coalesce(sum(n - 1), 0), coalesce(sum(n), 0) FROM (
                         SELECT count(*) AS n FROM telemetry.samples WHERE endpoint = ?
                         GROUP BY metric, container, device, ts) per_key""")) {
            batches.setString(1, endpoint);
            duplicates.setString(1, endpoint);
            try (ResultSet b = batches.executeQuery(); ResultSet d = duplicates.executeQuery()) {
                b.next();
                d.next();
                return new MetricCounts(b.getLong(1), b.getLong(2), b.getLong(3), d.getLong(1), d.getLong(2));
            }
        }
    }

    /** The seqs below {@code below} of which no batch of the endpoint is stored (at most 50), for one stream. */
    public List<Long> missingSeqs(String endpoint, long below) throws SQLException {
        try (Connection c = connect();
             PreparedStatement query = c.prepareStatement("""
                     SELECT s FROM generate_series(0, ? - 1) AS s WHERE NOT EXISTS (
                         SELECT 1 FROM telemetry.metric_batches b WHERE b.endpoint = ? AND b.seq = s)
                     ORDER BY s LIMIT 50""")) {
            query.setLong(1, below);
            query.setString(2, endpoint);
            List<Long> missing = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    missing.add(rows.getLong(1));
                }
            }
            return missing;
        }
    }

    /**
     * How many commands of the endpoint the platform holds, by status as the API reads it (SUCCEEDED, EXPIRED, SENT,
     * ...: a PENDING or SENT command past its expiry reads EXPIRED).
     */
    public Map<String, Long> commandStatuses(String endpoint) throws SQLException {
        try (Connection c = connect();
             PreparedStatement query = c.prepareStatement("""
                     SELECT CASE WHEN status IN ('PENDING', 'SENT') AND expires_at <= now() THEN 'EXPIRED'
                                 ELSE status END AS effective, count(*)
                     FROM deployment.commands WHERE endpoint = ? GROUP BY effective""")) {
            query.setString(1, endpoint);
            Map<String, Long> counts = new TreeMap<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getLong(2));
                }
            }
            return counts;
        }
    }

    /** Commands of one endpoint by status, e.g. SUCCEEDED. */
    public long commands(String endpoint, String status) throws SQLException {
        try (Connection c = connect();
             PreparedStatement query = c.prepareStatement(
                     "SELECT count(*) FROM deployment.commands WHERE endpoint = ? AND status = ?")) {
            query.setString(1, endpoint);
            query.setString(2, status);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private long single(String sql, String parameter) throws SQLException {
        try (Connection c = connect(); PreparedStatement query = c.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }
}
