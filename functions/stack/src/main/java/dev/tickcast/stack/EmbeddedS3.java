package dev.tickcast.stack;

import java.net.URI;
import java.nio.file.Path;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * An S3 endpoint inside this JVM (s3proxy) on {@code http://127.0.0.1:<port>}, checking AWS V2/V4 signatures
 * made with {@link #ACCESS_KEY}/{@link #SECRET_KEY}. Objects live in a directory (one sub-directory per
 * bucket, kept across restarts) or, without one, in memory. Clients need path-style access.
 */
public final class EmbeddedS3 implements AutoCloseable {
    public static final String ACCESS_KEY = "tickcast";
    public static final String SECRET_KEY = "tickcast-secret";
    public static final String REGION = "us-east-1";

    private static final System.Logger LOG = System.getLogger(EmbeddedS3.class.getName());

    private final S3Proxy proxy;
    private final BlobStore blobStore;
    private final Path dataDir;
    private final String endpoint;
    private boolean closed;

    private EmbeddedS3(S3Proxy proxy, BlobStore blobStore, Path dataDir) {
        this.proxy = proxy;
        this.blobStore = blobStore;
        this.dataDir = dataDir;
        this.endpoint = "http://" + StackSupport.HOST + ":" + proxy.getPort();
    }

    /** Starts an in-memory store on a free port. */
    public static EmbeddedS3 start() {
        return start(null, 0);
    }

    /**
     * @param dataDir the directory of the {@code filesystem} store (created if missing), or {@code null} for the
     *                in-memory {@code transient} store
     * @param port    the port on 127.0.0.1, or 0 for a free one
     */
    public static EmbeddedS3 start(Path dataDir, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        StackSupport.quietThirdPartyLogging();
        long t0 = System.nanoTime();
        Path dir = dataDir == null ? null : StackSupport.createDirectories(dataDir.toAbsolutePath());
        BlobStore store = dir == null ? new TransientNio2BlobStore() : new FilesystemNio2BlobStore(dir.toString());
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://" + StackSupport.HOST + ":" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
                }
                Thread.sleep(5);
            }
        } catch (Exception e) {
            stopQuietly(proxy);
            store.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw e instanceof RuntimeException re ? re : new IllegalStateException("starting s3proxy failed", e);
        }
        EmbeddedS3 s3 = new EmbeddedS3(proxy, store, dir);
        LOG.log(System.Logger.Level.INFO, "S3 {0} ready in {1} ms ({2})", s3.endpoint, StackSupport.millisSince(t0),
                dir == null ? "in memory" : "data " + dir);
        return s3;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String endpoint() {
        return endpoint;
    }

    public int port() {
        return proxy.getPort();
    }

    /** The store's directory, or {@code null} when objects are kept in memory. */
    public Path dataDir() {
        return dataDir;
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    public String region() {
        return REGION;
    }

    /** Creates the bucket unless it exists. */
    public void createBucket(String name) {
        if (!blobStore.containerExists(name)) {
            blobStore.createContainer(name);
        }
    }

    public boolean bucketExists(String name) {
        return blobStore.containerExists(name);
    }

    /** Stops the HTTP server. Objects of a directory store stay on disk. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopQuietly(proxy);
        try {
            blobStore.close();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the blob store failed", e);
        }
    }

    private static void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "stopping s3proxy failed", e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedS3[" + endpoint + ", " + (dataDir == null ? "in memory" : dataDir) + "]";
    }
}
