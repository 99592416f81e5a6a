package dev.tickcast.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.knative.eventing.v1alpha1.KafkaSink;

/**
 * infra/terraform parses with HashiCorp's HCL parser, follows the module layout (main, variables, outputs,
 * versions + README), types and describes every variable, pins every chart, and creates the addresses and
 * Secrets that knative/ refers to.
 */
class TerraformTest {
    static final List<String> STANDARD_FILES = List.of("main.tf", "variables.tf", "outputs.tf", "versions.tf", "README.md");
    static final Set<String> MODULES = Set.of("knative", "strimzi-kafka", "cloudnative-pg", "minio", "observability");
    static final Set<String> ENVS = Set.of("dev", "prod");
    static final Pattern PINNED = Pattern.compile("v?\\d+\\.\\d+\\.\\d+");
    static final Pattern VAR = Pattern.compile("\\$\\{var\\.([a-z0-9_]+)}");
    static final Set<String> META_ARGUMENTS = Set.of("source", "version", "providers", "depends_on", "count", "for_each");

    /** Parsed files by directory (modules/<name>, envs/<env>) and file name. */
    static Map<String, Map<String, JsonNode>> dirs;

    @BeforeAll
    static void parse() {
        Path root = Repository.terraform();
        JsonNode parsed = Hcl.parseAll(root);
        dirs = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> files = parsed.fields(); files.hasNext();) {
            Map.Entry<String, JsonNode> file = files.next();
            Path path = root.relativize(Path.of(file.getKey()));
            dirs.computeIfAbsent(path.getParent().toString(), d -> new TreeMap<>())
                    .put(path.getFileName().toString(), file.getValue());
        }
    }

    @Test
    void everyTerraformFileParses() throws IOException {
        long files;
        try (Stream<Path> walk = Files.walk(Repository.terraform())) {
            files = walk.filter(file -> file.toString().endsWith(".tf")).count();
        }
        assertThat(dirs.values().stream().mapToInt(Map::size).sum()).isEqualTo(files).isGreaterThanOrEqualTo(28);
    }

    @Test
    void everyModuleAndEnvironmentHasTheStandardFiles() throws IOException {
        assertThat(children("modules")).containsExactlyInAnyOrderElementsOf(MODULES);
        assertThat(children("envs")).containsExactlyInAnyOrderElementsOf(ENVS);
        for (String dir : standardDirs()) {
            for (String file : STANDARD_FILES) {
                assertThat(Repository.terraform().resolve(dir).resolve(file)).as("infra/terraform/%s/%s", dir, file).isRegularFile();
            }
        }
    }

    @Test
    void blocksAreInTheirStandardFile() {
        List<String> problems = new ArrayList<>();
        dirs.forEach((dir, files) -> files.forEach((file, content) -> {
            expectOnlyIn(problems, dir, file, content, "variable", "variables.tf");
            expectOnlyIn(problems, dir, file, content, "output", "outputs.tf");
            expectOnlyIn(problems, dir, file, content, "terraform", "versions.tf");
        }));

        assertThat(problems).isEmpty();
    }

    @Test
    void everyVariableIsTypedAndDescribed() {
        List<String> problems = new ArrayList<>();
        int variables = 0;
        for (String dir : dirs.keySet()) {
            for (Map.Entry<String, JsonNode> variable : blocks(dir, "variable").entrySet()) {
                variables++;
                String type = variable.getValue().path("type").asText("");
                if (!type.startsWith("${") || type.length() < 4) {
                    problems.add(dir + ": variable " + variable.getKey() + " has no type");
                }
                if (variable.getValue().path("description").asText("").isBlank()) {
                    problems.add(dir + ": variable " + variable.getKey() + " has no description");
                }
            }
        }

        assertThat(variables).isGreaterThan(20);
        assertThat(problems).isEmpty();
    }

    @Test
    void everyOutputIsDescribed() {
        List<String> problems = new ArrayList<>();
        for (String dir : dirs.keySet()) {
            blocks(dir, "output").forEach((name, output) -> {
                if (output.path("description").asText("").isBlank()) {
                    problems.add(dir + ": output " + name + " has no description");
                }
            });
        }

        assertThat(problems).isEmpty();
    }

    @Test
    void everyChartVersionIsPinned() {
        List<String> problems = new ArrayList<>();
        int charts = 0;
        for (String dir : dirs.keySet()) {
            for (Map.Entry<String, JsonNode> release : resources(dir, "helm_release").entrySet()) {
                charts++;
                JsonNode body = release.getValue();
                String where = dir + ": helm_release." + release.getKey();
                if (body.path("repository").asText("").isBlank() || body.path("chart").asText("").isBlank()) {
                    problems.add(where + " names no repository and chart");
                }
                String version = resolveDefaults(dir, body.path("version").asText(""));
                if (!PINNED.matcher(version).matches()) {
                    problems.add(where + " has version \"" + version + "\", not an exact pinned version");
                }
            }
        }

        assertThat(charts).as("Helm releases").isGreaterThanOrEqualTo(6);
        assertThat(problems).isEmpty();
    }

    @Test
    void everyProviderInUseIsRequiredWithAVersion() {
        List<String> problems = new ArrayList<>();
        for (String dir : standardDirs()) {
            JsonNode terraform = dirs.get(dir).get("versions.tf").path("terraform").path(0);
            if (terraform.path("required_version").asText("").isBlank()) {
                problems.add(dir + ": versions.tf sets no required_version");
            }
            Map<String, JsonNode> required = new TreeMap<>();
            terraform.path("required_providers").forEach(block -> block.fields()
                    .forEachRemaining(provider -> required.put(provider.getKey(), provider.getValue())));
            required.forEach((name, provider) -> {
                if (provider.path("source").asText("").isBlank() || provider.path("version").asText("").isBlank()) {
                    problems.add(dir + ": provider " + name + " has no source or version constraint");
                }
            });
            Set<String> used = new TreeSet<>();
            for (JsonNode file : dirs.get(dir).values()) {
                for (String kind : List.of("resource", "data")) {
                    file.path(kind).fieldNames().forEachRemaining(type -> used.add(type.substring(0, type.indexOf('_'))));
                }
                file.path("provider").fieldNames().forEachRemaining(used::add);
            }
            used.removeAll(required.keySet());
            if (!used.isEmpty()) {
                problems.add(dir + ": uses providers " + used + " that versions.tf does not require");
            }
        }

        assertThat(problems).isEmpty();
    }

    @Test
    void everyModuleCallPassesWhatTheModuleDeclares() {
        List<String> problems = new ArrayList<>();
        for (String env : ENVS) {
            String dir = "envs/" + env;
            Map<String, JsonNode> calls = blocks(dir, "module");
            assertThat(calls.keySet()).as("modules %s uses", dir).hasSize(MODULES.size());
            calls.forEach((name, call) -> {
                String module = moduleDir(call);
                if (module == null || !dirs.containsKey(module)) {
                    problems.add(dir + ": module " + name + " has source " + call.path("source") + ", not ../../modules/<one of ours>");
                    return;
                }
                Map<String, JsonNode> variables = blocks(module, "variable");
                Set<String> passed = new TreeSet<>();
                call.fieldNames().forEachRemaining(passed::add);
                passed.removeAll(META_ARGUMENTS);
                for (String argument : passed) {
                    if (!variables.containsKey(argument)) {
                        problems.add(dir + ": module " + name + " passes " + argument + ", which " + module + " does not declare");
                    }
                }
                variables.forEach((variable, body) -> {
                    if (!body.has("default") && !passed.contains(variable)) {
                        problems.add(dir + ": module " + name + " does not pass required " + variable);
                    }
                });
            });
        }

        assertThat(problems).isEmpty();
    }

    @Test
    void eachReadmeNamesEveryVariableAndOutput() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String dir : standardDirs()) {
            Path file = Repository.terraform().resolve(dir).resolve("README.md");
            if (!Files.isRegularFile(file)) {
                problems.add(dir + " has no README.md");
                continue;
            }
            String readme = Files.readString(file);
            for (String kind : List.of("variable", "output")) {
                for (String name : blocks(dir, kind).keySet()) {
                    if (!readme.contains("`" + name + "`")) {
                        problems.add(dir + "/README.md does not name " + kind + " `" + name + "`");
                    }
                }
            }
        }

        assertThat(problems).isEmpty();
    }

    @ParameterizedTest(name = "envs/{0} and knative/overlays/{0}")
    @ValueSource(strings = {"dev", "prod"})
    void theKnativeManifestsUseTheAddressesAndSecretsTerraformCreates(String env) {
        Manifests manifests = Manifests.of(env);
        Map<String, String> config = manifests.named(ConfigMap.class, "tickcast-config").orElseThrow().getData();
        Map<String, String> broker = manifests.named(ConfigMap.class, "tickcast-broker-config").orElseThrow().getData();
        KafkaSink deadLetters = manifests.all(KafkaSink.class).get(0);

        assertThat(output(env, "kafka", "bootstrap_servers")).isEqualTo(broker.get("bootstrap.servers"))
                .isEqualTo(deadLetters.getSpec().getBootstrapServers().get(0));
        assertThat(output(env, "postgres", "reactive_url")).isEqualTo(config.get("QUARKUS_DATASOURCE_REACTIVE_URL"));
        assertThat(output(env, "postgres", "jdbc_url")).isEqualTo(config.get("TICKCAST_DB_JDBC_URL"));
        assertThat(output(env, "s3", "endpoint")).isEqualTo(config.get("TICKCAST_S3_ENDPOINT"));
        assertThat(output(env, "s3", "bucket")).isEqualTo(config.get("TICKCAST_S3_BUCKET"));
        assertThat(output(env, "observability", "otlp_endpoint")).isEqualTo(config.get("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT"));
        // the Secrets the workloads read: generated by CloudNativePG and by the minio module
        assertThat(WorkloadContractTest.secretsRead(manifests)).contains(output(env, "postgres", "credentials_secret"),
                argument(env, "s3", "credentials_secret"));
    }

    // --- reading the parsed HCL

    private static List<String> standardDirs() {
        return dirs.keySet().stream().filter(dir -> dir.startsWith("modules/") || dir.startsWith("envs/")).toList();
    }

    private static Set<String> children(String dir) throws IOException {
        try (Stream<Path> list = Files.list(Repository.terraform().resolve(dir))) {
            return new TreeSet<>(list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList());
        }
    }

    private static void expectOnlyIn(List<String> problems, String dir, String file, JsonNode content, String block,
            String expectedFile) {
        if (content.has(block) && !file.equals(expectedFile)) {
            problems.add(dir + "/" + file + " declares a " + block + " block, which belongs in " + expectedFile);
        }
    }

    /** Named blocks of one kind (variable, output, module) across a directory's files. */
    static Map<String, JsonNode> blocks(String dir, String kind) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        for (JsonNode file : dirs.getOrDefault(dir, Map.of()).values()) {
            file.path(kind).fields().forEachRemaining(block -> found.put(block.getKey(), block.getValue().path(0)));
        }
        return found;
    }

    private static Map<String, JsonNode> resources(String dir, String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        for (JsonNode file : dirs.get(dir).values()) {
            file.path("resource").path(type).fields()
                    .forEachRemaining(resource -> found.put(resource.getKey(), resource.getValue().path(0)));
        }
        return found;
    }

    private static String moduleDir(JsonNode call) {
        String source = call.path("source").asText("");
        return source.startsWith("../../modules/") ? "modules/" + source.substring("../../modules/".length()) : null;
    }

    /** Replaces {@code ${var.x}} by the defaults of the directory's variables. */
    private static String resolveDefaults(String dir, String expression) {
        return resolve(expression, name -> blocks(dir, "variable").get(name).path("default").asText(null));
    }

    /** An output of a module as an environment calls it, with the environment's arguments or the defaults. */
    private static String output(String env, String call, String output) {
        String module = moduleDir(blocks("envs/" + env, "module").get(call));
        String expression = blocks(module, "output").get(output).path("value").asText();
        return resolve(expression, name -> argument(env, call, name));
    }

    /** The value a module's variable has in an environment: a literal argument, a namespace resource, or the default. */
    private static String argument(String env, String call, String variable) {
        JsonNode moduleCall = blocks("envs/" + env, "module").get(call);
        JsonNode passed = moduleCall.get(variable);
        if (passed == null) {
            return blocks(moduleDir(moduleCall), "variable").get(variable).path("default").asText(null);
        }
        Matcher namespace = Pattern.compile("\\$\\{kubernetes_namespace\\.([a-z0-9_]+)\\.metadata\\[0]\\.name}")
                .matcher(passed.asText());
        if (namespace.matches()) {
            return resources("envs/" + env, "kubernetes_namespace").get(namespace.group(1)).path("metadata").path(0)
                    .path("name").asText();
        }
        assertThat(passed.asText()).as("%s.%s in envs/%s", call, variable, env).doesNotContain("${");
        return passed.asText();
    }

    private static String resolve(String expression, java.util.function.Function<String, String> values) {
        Matcher matcher = VAR.matcher(expression);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String value = values.apply(matcher.group(1));
            assertThat(value).as("value of var.%s in %s", matcher.group(1), expression).isNotNull();
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(resolved);
        assertThat(resolved.toString()).as("resolved %s", expression).doesNotContain("${");
        return resolved.toString();
    }
}
