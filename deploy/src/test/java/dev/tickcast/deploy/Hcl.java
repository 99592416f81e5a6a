package dev.tickcast.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Terraform files parsed by HashiCorp's HCL parser ({@code @cdktf/hcl2json}, run by node from
 * deploy/src/test/node), as Terraform's JSON syntax: {@code {"variable": {"name": [{"type": "${string}", ...}]}}}.
 */
final class Hcl {
    static final Path NODE_PROJECT = Path.of("src/test/node");

    private Hcl() {
    }

    /** Every .tf file under {@code dir}, parsed; fails naming each file that does not parse. */
    static JsonNode parseAll(Path dir) {
        List<String> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(file -> file.toString().endsWith(".tf") && !file.toString().contains("/.terraform/"))
                    .map(Path::toString).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir, e);
        }
        if (files.isEmpty()) {
            throw new AssertionError("no .tf files under " + dir);
        }
        Path project = Repository.root().resolve("deploy").resolve(NODE_PROJECT);
        if (!Files.isDirectory(project.resolve("node_modules/@cdktf/hcl2json"))) {
            throw new IllegalStateException("@cdktf/hcl2json is not installed: run `npm ci --prefix deploy/"
                    + NODE_PROJECT + "` (CI does, in .ci/run)");
        }
        List<String> command = new ArrayList<>(List.of(node(), project.resolve("hcl2json.mjs").toString()));
        command.addAll(files);
        try {
            Path out = Files.createTempFile("hcl2json", ".json");
            Path err = Files.createTempFile("hcl2json", ".err");
            try {
                Process process = new ProcessBuilder(command).directory(project.toFile()).redirectOutput(out.toFile())
                        .redirectError(err.toFile()).start();
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("hcl2json did not finish within 2 minutes");
                }
                if (process.exitValue() != 0) {
                    throw new AssertionError("Terraform files that do not parse:\n"
                            + Files.readString(err, StandardCharsets.UTF_8));
                }
                return new ObjectMapper().readTree(out.toFile());
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String node() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "node");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("node is not on the PATH: the Terraform tests parse HCL with "
                + "@cdktf/hcl2json under Node.js (apt-get install nodejs npm; .ci/run does)");
    }
}
