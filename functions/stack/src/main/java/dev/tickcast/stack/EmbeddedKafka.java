package dev.tickcast.stack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

/**
 * An Apache Kafka KRaft node inside this JVM: one combined broker and controller (node id 1), replication
 * factor 1 everywhere, no automatic topic creation. PLAINTEXT on {@code 127.0.0.1:<port>}, the controller on
 * another free port of 127.0.0.1.
 *
 * <p>The data directory is formatted on first use; a directory that already holds {@code meta.properties} is
 * reused as it is, so a restart keeps its topics and records. Without a directory a temp one is used and
 * deleted on {@link #close()}.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EmbeddedKafka.class.getName());
    private static final long SHUTDOWN_TIMEOUT_SECONDS = 30;

    private final Path dataDir;
    private final boolean tempDir;
    private final int port;
    private final int controllerPort;
    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private boolean closed;

    private EmbeddedKafka(Path dataDir, boolean tempDir, int port, int controllerPort, KafkaRaftServer server) {
        this.dataDir = dataDir;
        this.tempDir = tempDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.server = server;
        this.bootstrapServers = StackSupport.HOST + ":" + port;
    }

    /** Starts a node on a free port with a temp data directory. */
    public static EmbeddedKafka start() {
        return start(null, 0);
    }

    /**
     * Starts a node and returns once the broker is unfenced (ready for clients).
     *
     * @param dataDir the log directory (created if missing), or {@code null} for a temp directory deleted on close
     * @param port    the PLAINTEXT port on 127.0.0.1, or 0 for a free one
     */
    public static EmbeddedKafka start(Path dataDir, int port) {
        StackSupport.quietThirdPartyLogging();
        long t0 = System.nanoTime();
        boolean temp = dataDir == null;
        Path dir = temp ? StackSupport.createTempDir("tickcast-kafka-")
                : StackSupport.createDirectories(dataDir.toAbsolutePath());
        KafkaRaftServer server = null;
        try {
            int brokerPort = StackSupport.portOrFree(port);
            int controllerPort = StackSupport.freePort();
            while (controllerPort == brokerPort) {
                controllerPort = StackSupport.freePort();
            }
            Properties props = serverProperties(dir, brokerPort, controllerPort);
            if (Files.exists(dir.resolve("meta.properties"))) {
                LOG.log(System.Logger.Level.DEBUG, "Kafka storage in {0} is formatted already: reusing it", dir);
            } else {
                format(dir, props);
            }
            server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            EmbeddedKafka kafka = new EmbeddedKafka(dir, temp, brokerPort, controllerPort, server);
            LOG.log(System.Logger.Level.INFO, "Kafka {0} ready in {1} ms (data {2})", kafka.bootstrapServers,
                    StackSupport.millisSince(t0), dir);
            return kafka;
        } catch (RuntimeException | Error e) {
            if (server != null) {
                stopQuietly(server);
            }
            if (temp) {
                StackSupport.deleteRecursively(dir, LOG);
            }
            throw e;
        }
    }

    static Properties serverProperties(Path dir, int port, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + StackSupport.HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + StackSupport.HOST + ":" + port + ",CONTROLLER://" + StackSupport.HOST
                + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + StackSupport.HOST + ":" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dir.toString());
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // small heap footprint: the log cleaner's dedupe buffer is 128 MiB by default
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.retention.check.interval.ms", "300000");
        return p;
    }

    private static void format(Path dir, Properties props) {
        Path config = dir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            props.store(w, "written by dev.tickcast.stack.EmbeddedKafka to format the storage");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc;
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(new String[] {"format", "--config", config.toString(), "--cluster-id",
                    Uuid.randomUuid().toString(), "--ignore-formatted"}, ps);
        } catch (Exception e) {
            throw new IllegalStateException("formatting Kafka storage in " + dir + " failed: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(config);
            } catch (IOException ignored) {
                // a stale copy is harmless: the running config is built in memory
            }
        }
        if (rc != 0) {
            throw new IllegalStateException("formatting Kafka storage in " + dir + " failed (" + rc + "): "
                    + out.toString(StandardCharsets.UTF_8));
        }
        LOG.log(System.Logger.Level.DEBUG, () -> out.toString(StandardCharsets.UTF_8).strip());
    }

    /** {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Creates a topic with replication factor 1, or leaves an existing one as it is. */
    public void createTopic(String name, int partitions) {
        KafkaTopics.ensure(bootstrapServers, Map.of(name, partitions));
    }

    /** Shuts the node down and waits for it (at most 30 s); deletes a temp data directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long t0 = System.nanoTime();
        stopQuietly(server);
        LOG.log(System.Logger.Level.DEBUG, "Kafka {0} stopped in {1} ms", bootstrapServers,
                StackSupport.millisSince(t0));
        if (tempDir) {
            StackSupport.deleteRecursively(dataDir, LOG);
        }
    }

    private static void stopQuietly(KafkaRaftServer server) {
        CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> {
            server.shutdown();
            server.awaitShutdown();
        }, r -> {
            Thread t = new Thread(r, "tickcast-kafka-shutdown");
            t.setDaemon(true);
            t.start();
        });
        try {
            stop.get(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "Kafka did not stop within {0} s: leaving it",
                    SHUTDOWN_TIMEOUT_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "Kafka shutdown failed", e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + bootstrapServers + ", " + dataDir + "]";
    }
}
