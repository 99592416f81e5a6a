package dev.tickcast.api.status;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;


import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

/**
 * Asks every function named in {@code tickcast.api.functions} ({@code TICKCAST_API_FUNCTIONS=aggregate=http://…,…}: the
 * launcher's local ports, or the Knative services' cluster URLs) for its {@code /q/health}, all at once, each bounded by
 * a timeout so that one hung function cannot hold the status page. Restart counts come from the file
 * {@code ./tickcast up}'s supervisor keeps ({@code tickcast.api.restarts-file}), where there is one.
 */
@ApplicationScoped
public class FunctionHealthProbe {
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    private final Map<String, URI> functions;
    private final Optional<Path> restartsFile;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();

    @Inject
    ObjectMapper json;

    @Inject
    public FunctionHealthProbe(StatusConfig config) {
        this.functions = parse(config.functions().orElse(""));
        this.restartsFile = config.restartsFile().filter(f -> !f.isBlank()).map(Path::of);
    }

    /** {@code name=url,…} in order; a violation names the property and the rule. */
    static Map<String, URI> parse(String value) {
        Map<String, URI> functions = new LinkedHashMap<>();
        for (String entry : value.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            String name = equals < 0 ? "" : entry.substring(0, equals).strip();
            String url = equals < 0 ? "" : entry.substring(equals + 1).strip();
            URI uri = null;
            try {
                uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            } catch (IllegalArgumentException e) {
                // reported below
            }
            if (!NAME.matcher(name).matches() || uri == null || uri.getHost() == null
                    || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new IllegalArgumentException("tickcast.api.functions [name=url]: each entry must be a function name "
                        + "(a-z, 0-9, -) = an http(s) URL, got '" + entry.strip() + "'");
            }
            if (functions.put(name, uri) != null) {
                throw new IllegalArgumentException("tickcast.api.functions [unique]: " + name + " is named twice");
            }
        }
        return functions;
    }

    /** Every configured function's health, in the configured order. */
    public Uni<List<FunctionHealth>> all() {
        if (functions.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Map<String, Integer> restarts = restarts();
        List<Uni<FunctionHealth>> each = new ArrayList<>();
        functions.forEach((name, url) -> each.add(one(name, url, restarts.get(name))));
        return Uni.join().all(each).andFailFast();
    }

    private Uni<FunctionHealth> one(String name, URI url, Integer restarts) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/q/health")).timeout(TIMEOUT)
                .header("Accept", "application/json").build();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .map(response -> health(name, url, restarts, response))
                .onFailure().recoverWithItem(failure -> new FunctionHealth(name, url.toString(), FunctionHealth.UNREACHABLE,
                        restarts, List.of(), describe(failure)));
    }

    /** SmallRye Health answers 200 when UP and 503 when DOWN, with the same body: {@code {"status","checks":[…]}}. */
    private FunctionHealth health(String name, URI url, Integer restarts, HttpResponse<String> response) {
        if (response.statusCode() != 200 && response.statusCode() != 503) {
            return new FunctionHealth(name, url.toString(), FunctionHealth.UNREACHABLE, restarts, List.of(),
                    "/q/health answered HTTP " + response.statusCode());
        }
        try {
            JsonNode body = json.readTree(response.body());
            List<FunctionHealth.Check> checks = new ArrayList<>();
            for (JsonNode check : body.path("checks")) {
                Map<String, Object> data = check.has("data")
                        ? json.convertValue(check.get("data"), new TypeReference<Map<String, Object>>() {
                        })
                        : Map.of();
                checks.add(new FunctionHealth.Check(check.path("name").asText(), check.path("status").asText(), data));
            }
            String status = FunctionHealth.UP.equals(body.path("status").asText()) && response.statusCode() == 200
                    ? FunctionHealth.UP
                    : FunctionHealth.DOWN;
            return new FunctionHealth(name, url.toString(), status, restarts, checks, null);
        } catch (IOException | IllegalArgumentException e) {
            return new FunctionHealth(name, url.toString(), FunctionHealth.UNREACHABLE, restarts, List.of(),
                    "/q/health is not SmallRye Health JSON: " + e.getMessage());
        }
    }

    private Map<String, Integer> restarts() {
        if (restartsFile.isEmpty()) {
            return Map.of();
        }
        Properties counts = new Properties();
        try (Reader in = Files.newBufferedReader(restartsFile.get(), StandardCharsets.UTF_8)) {
            counts.load(in);
        } catch (NoSuchFileException e) {
            return Map.of(); // the supervisor has not written it yet
        } catch (IOException e) {
            return Map.of();
        }
        Map<String, Integer> restarts = new LinkedHashMap<>();
        counts.stringPropertyNames().forEach(name -> {
            try {
                restarts.put(name, Integer.valueOf(counts.getProperty(name).strip()));
            } catch (NumberFormatException ignored) {
                // not a count: unknown
            }
        });
        return restarts;
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
