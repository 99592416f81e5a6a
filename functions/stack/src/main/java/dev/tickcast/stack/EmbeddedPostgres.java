package dev.tickcast.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * PostgreSQL from the zonky embedded binaries, run as a child process on {@code 127.0.0.1:<port>}, with a
 * database {@code tickcast} owned by the login role {@code tickcast}/{@code tickcast}. The cluster was
 * initialised with {@code trust} authentication, as zonky does: the password is accepted but not checked.
 *
 * <p>A given data directory is kept across restarts (initdb runs only when it holds no cluster yet); without
 * one a temp directory is used and deleted on {@link #close()}. Running as root works (checked with the
 * PostgreSQL 18.6 binaries: initdb and the postmaster run as uid 0 without refusing). zonky also registers a
 * JVM shutdown hook that stops the postmaster if {@link #close()} is never called.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    public static final String DATABASE = "tickcast";
    public static final String USER = "tickcast";
    public static final String PASSWORD = "tickcast";

    private static final System.Logger LOG = System.getLogger(EmbeddedPostgres.class.getName());

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres;
    private final Path dataDir;
    private final boolean tempDir;
    private final int port;
    private boolean closed;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres, Path dataDir,
            boolean tempDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.tempDir = tempDir;
        this.port = postgres.getPort();
    }

    /** Starts PostgreSQL on a free port with a temp data directory. */
    public static EmbeddedPostgres start() {
        return start(null, 0);
    }

    /**
     * Starts PostgreSQL and makes sure the {@code tickcast} role and database exist.
     *
     * @param dataDir the cluster directory (kept between runs), or {@code null} for a temp one deleted on close
     * @param port    the port on 127.0.0.1, or 0 for a free one
     */
    public static EmbeddedPostgres start(Path dataDir, int port) {
        StackSupport.quietThirdPartyLogging();
        long t0 = System.nanoTime();
        boolean temp = dataDir == null;
        Path dir = temp ? StackSupport.createTempDir("tickcast-postgres-").resolve("data")
                : dataDir.toAbsolutePath();
        io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg = null;
        try {
            pg = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setPort(StackSupport.portOrFree(port))
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .start();
            EmbeddedPostgres started = new EmbeddedPostgres(pg, dir, temp);
            started.createDatabase();
            LOG.log(System.Logger.Level.INFO, "PostgreSQL {0} ready in {1} ms (data {2})", started.jdbcUrl(),
                    StackSupport.millisSince(t0), dir);
            return started;
        } catch (IOException e) {
            cleanUpFailedStart(pg, temp, dir);
            throw new UncheckedIOException("starting PostgreSQL in " + dir + " failed", e);
        } catch (RuntimeException | Error e) {
            cleanUpFailedStart(pg, temp, dir);
            throw e;
        }
    }

    private static void cleanUpFailedStart(io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg, boolean temp,
            Path dir) {
        if (pg != null) {
            try {
                pg.close();
            } catch (IOException | RuntimeException ignored) {
                // already failing
            }
        }
        if (temp) {
            StackSupport.deleteRecursively(dir.getParent(), LOG);
        }
    }

    /** Creates the role and the database it owns unless they exist (as the {@code postgres} superuser). */
    private void createDatabase() {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + USER + "') THEN "
                    + "CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'; END IF; END $$");
            boolean exists;
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                ps.setString(1, DATABASE);
                try (ResultSet rs = ps.executeQuery()) {
                    exists = rs.next();
                }
            }
            if (!exists) {
                st.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("creating database " + DATABASE + " failed: " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/tickcast}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + StackSupport.HOST + ":" + port + "/" + DATABASE;
    }

    /** {@code postgresql://127.0.0.1:<port>/tickcast}, the form of Quarkus' {@code quarkus.datasource.reactive.url}. */
    public String reactiveUrl() {
        return "postgresql://" + StackSupport.HOST + ":" + port + "/" + DATABASE;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    /** Stops the postmaster ({@code pg_ctl stop -m fast}); deletes a temp data directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long t0 = System.nanoTime();
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "stopping PostgreSQL failed", e);
        }
        LOG.log(System.Logger.Level.DEBUG, "PostgreSQL on port {0} stopped in {1} ms", String.valueOf(port),
                StackSupport.millisSince(t0));
        if (tempDir) {
            StackSupport.deleteRecursively(dataDir.getParent(), LOG);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedPostgres[" + jdbcUrl() + ", " + dataDir + "]";
    }
}
