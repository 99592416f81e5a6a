package dev.tickcast.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code kubectl kustomize}, the same build {@code kubectl apply -k} does, without a cluster. */
final class Kubectl {
    static final int MIN_KUSTOMIZE_MAJOR = 5;
    private static final Pattern GIT_VERSION = Pattern.compile("\"gitVersion\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern KUSTOMIZE_VERSION = Pattern.compile("\"kustomizeVersion\"\\s*:\\s*\"v?(\\d+)\\.");

    private Kubectl() {
    }

    /** The rendered multi-document YAML of the kustomization in {@code dir}. */
    static String kustomize(Path dir) {
        Path kubectl = executable();
        Result version = run(List.of(kubectl.toString(), "version", "--client", "-o", "json"));
        Matcher matcher = KUSTOMIZE_VERSION.matcher(version.stdout);
        if (!matcher.find() || Integer.parseInt(matcher.group(1)) < MIN_KUSTOMIZE_MAJOR) {
            Matcher client = GIT_VERSION.matcher(version.stdout);
            throw new IllegalStateException(kubectl + " (" + (client.find() ? client.group(1) : version.stderr.strip())
                    + ") has no kustomize v" + MIN_KUSTOMIZE_MAJOR + " or newer, which kubectl >= 1.27 has. Debian 12's "
                    + "kubernetes-client (1.20) is too old; .ci/run installs Debian 13's kubectl package.");
        }
        Result result = run(List.of(kubectl.toString(), "kustomize", dir.toString()));
        if (result.exit != 0) {
            throw new AssertionError("kubectl kustomize " + Repository.root().relativize(dir) + " failed (exit "
                    + result.exit + "):\n" + result.stderr);
        }
        return result.stdout;
    }

    static Path executable() {
        String configured = System.getenv("KUBECTL");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("kubectl is not on the PATH (nor in $KUBECTL): the manifest tests run "
                + "`kubectl kustomize knative/overlays/<env>`, which needs no cluster. Install kubectl >= 1.27 "
                + "(.ci/run shows how, from Debian's packages) or point KUBECTL at one.");
    }

    private record Result(int exit, String stdout, String stderr) {
    }

    private static Result run(List<String> command) {
        try {
            Path out = Files.createTempFile("kubectl", ".out");
            Path err = Files.createTempFile("kubectl", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .start();
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish within 2 minutes");
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
