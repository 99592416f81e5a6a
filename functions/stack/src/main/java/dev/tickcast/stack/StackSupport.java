package dev.tickcast.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Small helpers shared by the embedded services: free ports, temp directories, quiet third-party logs. */
final class StackSupport {
    static final String HOST = "127.0.0.1";

    /** Third-party loggers that are chatty at INFO while the services start and stop. */
    private static final List<String> NOISY_LOGGERS = List.of(
            "kafka", "state.change.logger", "org.apache.kafka.server", "org.apache.kafka.controller",
            "org.apache.kafka.raft", "org.apache.kafka.metadata", "org.apache.kafka.image",
            "org.apache.kafka.storage", "org.apache.kafka.coordinator", "org.apache.kafka.queue",
            "org.apache.kafka.snapshot", "org.apache.kafka.security", "org.apache.kafka.network",
            "org.apache.kafka.common.utils.AppInfoParser", "org.apache.kafka.common.metrics",
            "org.apache.kafka.clients.admin", "org.apache.kafka.common.config",
            "io.zonky", "org.gaul", "org.eclipse.jetty", "org.flywaydb");
    /** JUL keeps loggers weakly: hold them so the levels set here stay. */
    private static final List<Logger> HELD = new ArrayList<>();
    private static boolean quieted;

    private StackSupport() {
    }

    /**
     * Sets the noisy loggers to WARN where nobody configured them: through java.util.logging (slf4j-jdk14 and
     * Quarkus' JBoss LogManager read those levels) and through slf4j-simple's system properties. Levels that
     * are already set are left alone.
     */
    static synchronized void quietThirdPartyLogging() {
        if (quieted) {
            return;
        }
        quieted = true;
        for (String name : NOISY_LOGGERS) {
            String property = "org.slf4j.simpleLogger.log." + name;
            if (System.getProperty(property) == null) {
                System.setProperty(property, "warn");
            }
            try {
                Logger logger = Logger.getLogger(name);
                if (logger.getLevel() == null) {
                    logger.setLevel(Level.WARNING);
                    HELD.add(logger);
                }
            } catch (RuntimeException e) {
                // a log manager that refuses: not worth failing the stack for
            }
        }
    }

    /** A port nobody listens on right now on 127.0.0.1 (another process could still take it before us). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }

    static int portOrFree(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return port == 0 ? freePort() : port;
    }

    static Path createTempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** Deletes a directory tree; missing files are fine, other failures are logged and skipped. */
    static void deleteRecursively(Path root, System.Logger log) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    if (exc instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw exc;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            log.log(System.Logger.Level.WARNING, "could not delete " + root + ": " + e);
        }
    }

    /** Milliseconds since {@code startNanos}, as text (log parameters that are numbers get grouping commas). */
    static String millisSince(long startNanos) {
        return Long.toString((System.nanoTime() - startNanos) / 1_000_000);
    }
}
