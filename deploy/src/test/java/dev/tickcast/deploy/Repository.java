package dev.tickcast.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository's deployment files are: the checkout this module sits in. */
final class Repository {
    private Repository() {
    }

    static Path root() {
        String configured = System.getProperty("tickcast.repo.root");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("knative")) && Files.isDirectory(dir.resolve("functions"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (with knative/ and functions/) at or above " + start);
    }

    static Path knative() {
        return root().resolve("knative");
    }

    static Path terraform() {
        return root().resolve("infra/terraform");
    }

    /**
     * True when {@code functions/<name>} is a module of the build (listed in the root pom): the function exists in
     * code. A folder that is not a module yet is work in progress and does not count.
     */
    static boolean hasFunctionModule(String name) {
        try {
            return Files.readString(root().resolve("pom.xml")).contains("<module>functions/" + name + "</module>");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
