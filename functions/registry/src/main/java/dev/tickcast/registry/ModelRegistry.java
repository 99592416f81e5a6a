package dev.tickcast.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tickcast.contracts.Pairs;
import dev.tickcast.contracts.json.Json;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The model registry on an S3-compatible bucket.
 * <pre>
 * models/&lt;PAIR-URL&gt;/&lt;version&gt;/model.json      the XGBoost model (JSON; DJL's XGBoost engine loads it as "model")
 * models/&lt;PAIR-URL&gt;/&lt;version&gt;/report.html     the training report
 * models/&lt;PAIR-URL&gt;/&lt;version&gt;/metadata.json   features, hyperparameters, data, metrics, gate decision; written last
 * models/&lt;PAIR-URL&gt;/champion.json             which version predict serves
 * </pre>
 * A version is complete once its {@code metadata.json} exists. The champion pointer is replaced with a
 * conditional put ({@code If-Match} its ETag, {@code If-None-Match: *} for the first), so two runs switching it
 * at once cannot both win, and only ever to a complete version.
 */
public final class ModelRegistry {
    public static final String MODEL = "model.json";
    public static final String REPORT = "report.html";
    public static final String METADATA = "metadata.json";
    public static final String CHAMPION = "champion.json";

    private final S3Client s3;
    private final String bucket;

    public ModelRegistry(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** The champion pointer as stored, with the ETag a switch must match. */
    public record Pointer(JsonNode champion, String etag) {
        public String version() {
            return champion.path("version").asText();
        }
    }

    public String bucket() {
        return bucket;
    }

    public static String prefix(String pair, String version) {
        return "models/" + Pairs.toUrl(pair) + "/" + version + "/";
    }

    public String location(String pair, String version) {
        return "s3://" + bucket + "/" + prefix(pair, version);
    }

    /** Writes a version's files; {@code metadata.json} last, so a version with metadata is complete. */
    public void writeVersion(String pair, String version, byte[] model, byte[] report, ObjectNode metadata) {
        if (exists(prefix(pair, version) + METADATA)) {
            throw new IllegalStateException("version " + version + " of " + pair + " already exists in " + bucket);
        }
        put(prefix(pair, version) + MODEL, model, "application/json");
        put(prefix(pair, version) + REPORT, report, "text/html; charset=utf-8");
        put(prefix(pair, version) + METADATA, json(metadata), "application/json");
    }

    public Optional<Pointer> champion(String pair) {
        String key = "models/" + Pairs.toUrl(pair) + "/" + CHAMPION;
        try {
            ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
            return Optional.of(new Pointer(Json.mapper().readTree(object.asByteArray()), object.response().eTag()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(key + ": not JSON", e);
        }
    }

    /**
     * The champion pointer if it is no longer the one whose ETag is {@code etag} (a conditional GET with
     * {@code If-None-Match}: an unchanged pointer costs no body); empty when unchanged or absent. {@code etag}
     * null: an unconditional read.
     */
    public Optional<Pointer> championIfChanged(String pair, String etag) {
        if (etag == null) {
            return champion(pair);
        }
        String key = "models/" + Pairs.toUrl(pair) + "/" + CHAMPION;
        try {
            ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).ifNoneMatch(etag));
            if (etag.equals(object.response().eTag())) {
                return Optional.empty(); // a server that ignores If-None-Match answers 200 with the same object
            }
            return Optional.of(new Pointer(Json.mapper().readTree(object.asByteArray()), object.response().eTag()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 304) {
                return Optional.empty();
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(key + ": not JSON", e);
        }
    }

    /**
     * Points the champion at a complete version. {@code expected} is the pointer read before deciding (empty:
     * there was none); returns false, changing nothing, if the pointer changed since.
     */
    public boolean switchChampion(String pair, ObjectNode champion, Optional<Pointer> expected) {
        String version = champion.path("version").asText();
        if (!exists(prefix(pair, version) + METADATA) || !exists(prefix(pair, version) + MODEL)) {
            throw new IllegalStateException("version " + version + " of " + pair + " is not complete in " + bucket
                    + ": the champion can only point at a version whose model and metadata are written");
        }
        PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket)
                .key("models/" + Pairs.toUrl(pair) + "/" + CHAMPION).contentType("application/json");
        if (expected.isPresent()) {
            request.ifMatch(expected.get().etag());
        } else {
            request.ifNoneMatch("*");
        }
        try {
            s3.putObject(request.build(), RequestBody.fromBytes(json(champion)));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                return false;
            }
            throw e;
        }
    }

    public Optional<byte[]> read(String pair, String version, String file) {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(prefix(pair, version) + file)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    public Optional<JsonNode> metadata(String pair, String version) {
        return read(pair, version, METADATA).map(bytes -> {
            try {
                return Json.mapper().readTree(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(prefix(pair, version) + METADATA + ": not JSON", e);
            }
        });
    }

    /** Every version of a pair with any artifact, oldest first (versions sort by time). */
    public List<String> versions(String pair) {
        String root = "models/" + Pairs.toUrl(pair) + "/";
        TreeSet<String> versions = new TreeSet<>();
        String token = null;
        do {
            String continuation = token;
            ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(bucket).prefix(root).delimiter("/")
                    .continuationToken(continuation));
            page.commonPrefixes().forEach(p -> versions.add(p.prefix().substring(root.length(), p.prefix().length() - 1)));
            token = page.isTruncated() ? page.nextContinuationToken() : null;
        } while (token != null);
        return List.copyOf(versions);
    }

    private boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private void put(String key, byte[] bytes, String contentType) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(bytes));
    }

    private static byte[] json(JsonNode node) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh version name: UTC time of the run to the millisecond, so versions sort by time. */
    public static String newVersion(Instant at) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(at);
    }
}
