package dev.tickcast.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.tickcast.runtime.telemetry.TickcastMetric;

/**
 * observability/ agrees with what the functions export and with itself: every dashboard query and alert rule names
 * only metrics and attributes of {@link TickcastMetric} and every exported metric is on a dashboard; the rules pass
 * {@code promtool check rules} and their unit tests ({@code promtool test rules}), which show each alert firing and
 * staying silent; dashboards use only provisioned data source uids; the collector's pipelines use components it
 * defines and keep the Prometheus naming TickcastMetric assumes; the functions send OTLP where the collector listens;
 * Alertmanager routes to receivers that read their webhook URLs from files.
 */
class ObservabilityTest {
    /** Labels every series has besides the metric's attributes: service.name as job, the instance, buckets. */
    static final Set<String> STANDARD_LABELS = Set.of("job", "instance", "le", "__name__");
    /** Exported metrics that no dashboard needs to show, with the reason. None so far. */
    static final Map<TickcastMetric, String> NOT_ON_A_DASHBOARD = Map.of();
    static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Z0-9_]+)}");
    static final Pattern GRAFANA_ENV = Pattern.compile("\\$\\{?([A-Z][A-Z0-9_]+)}?");
    static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}");
    static final Pattern TEMPLATE_LABEL = Pattern.compile("\\$labels\\.([a-zA-Z_][a-zA-Z0-9_]*)");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();

    /** One query of a dashboard or a rule, and where it is, for the failure message. */
    record Query(String where, String expr, boolean variable, String legend) {
        PromQl parsed() {
            return variable ? PromQl.ofVariableQuery(expr) : PromQl.of(expr);
        }
    }

    // --- (a) names: dashboards and rules query what the code exports, and the dashboards show all of it

    @Test
    void everyQueryNamesOnlyExportedMetricsAndTheirAttributes() {
        Map<String, TickcastMetric> series = series();
        List<Query> queries = new ArrayList<>(dashboardQueries());
        queries.addAll(ruleQueries());
        List<String> problems = new ArrayList<>();
        for (Query query : queries) {
            PromQl parsed = query.parsed();
            if (parsed.metrics().isEmpty() && !query.variable()) {
                problems.add(query.where() + ": queries no metric: " + query.expr());
            }
            Set<String> labels = new TreeSet<>(STANDARD_LABELS);
            for (String metric : parsed.metrics()) {
                TickcastMetric exported = series.get(metric);
                if (exported == null) {
                    problems.add(query.where() + ": " + metric + " is not a metric the functions export "
                            + "(TickcastMetric.prometheusSeries()) in: " + query.expr());
                } else {
                    labels.addAll(exported.attributes());
                }
            }
            Set<String> used = new TreeSet<>(parsed.labels());
            Matcher legend = LEGEND_LABEL.matcher(query.legend() == null ? "" : query.legend());
            while (legend.find()) {
                used.add(legend.group(1));
            }
            used.removeAll(labels);
            if (!used.isEmpty()) {
                problems.add(query.where() + ": labels " + used + " are not attributes of " + parsed.metrics()
                        + " (nor " + STANDARD_LABELS + ") in: " + query.expr());
            }
        }
        assertThat(problems).isEmpty();
        assertThat(queries).as("queries checked").hasSizeGreaterThanOrEqualTo(40);
    }

    @Test
    void everyExportedMetricIsOnADashboard() {
        Map<String, TickcastMetric> series = series();
        Set<TickcastMetric> shown = dashboardQueries().stream().filter(query -> !query.variable())
                .flatMap(query -> query.parsed().metrics().stream()).map(series::get)
                .filter(java.util.Objects::nonNull).collect(Collectors.toSet());
        Set<TickcastMetric> missing = new TreeSet<>(Arrays.asList(TickcastMetric.values()));
        missing.removeAll(shown);
        missing.removeAll(NOT_ON_A_DASHBOARD.keySet());
        assertThat(missing).as("exported metrics that no dashboard panel queries (list a deliberate exception in "
                + "NOT_ON_A_DASHBOARD)").isEmpty();
        for (TickcastMetric exception : NOT_ON_A_DASHBOARD.keySet()) {
            assertThat(shown).as("an exception that is on a dashboard after all").doesNotContain(exception);
        }
    }

    @Test
    void theQueryReaderFindsMetricsAndLabelsInsideEveryConstruct() {
        PromQl parsed = PromQl.of("""
                histogram_quantile(0.99, sum by (function, le) (rate(a_bucket{function=~"$function", x!="b_total"}[$__rate_interval])))
                / on (job) group_left (pair) (b offset 10m) or absent_over_time(c{__name__="d"}[5m]) > bool 1e3
                unless topk(3, sum without (reason) (e @ end())) and Inf # f_total
                """);
        assertThat(parsed.metrics()).containsExactlyInAnyOrder("a_bucket", "b", "c", "d", "e");
        assertThat(parsed.labels()).containsExactlyInAnyOrder("function", "le", "x", "job", "pair", "reason");
        PromQl variable = PromQl.ofVariableQuery("label_values(m_total{pair=~\"$pair\"}, model_version)");
        assertThat(variable.metrics()).containsExactly("m_total");
        assertThat(variable.labels()).containsExactlyInAnyOrder("pair", "model_version");
    }

    // --- (b) the rules: promtool checks them and runs their unit tests; every alert tested on both sides

    @Test
    void alertRulesPassPromtoolCheckRules() {
        Promtool.Result result = Promtool.run(prometheus(), "check", "rules", "rules/tickcast-alerts.yaml");
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: " + alerts().size() + " rules found");
    }

    @Test
    void alertRulesPassTheirUnitTests() {
        Promtool.Result result = Promtool.run(prometheus(), "test", "rules", "tests/tickcast-alerts.test.yaml");
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void everyAlertIsTestedFiringAndSilent() {
        JsonNode tests = yaml(prometheus().resolve("tests/tickcast-alerts.test.yaml"));
        assertThat(texts(tests.path("rule_files"))).containsExactly("../rules/tickcast-alerts.yaml");
        Set<String> firing = new TreeSet<>();
        Set<String> silent = new TreeSet<>();
        for (JsonNode test : tests.path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                (check.path("exp_alerts").isEmpty() ? silent : firing).add(check.path("alertname").asText());
            }
        }
        Set<String> alerts = alerts().keySet();
        assertThat(alerts).hasSize(4);
        assertThat(firing).as("alerts with a test that expects them to fire").isEqualTo(alerts);
        assertThat(silent).as("alerts with a test that expects them silent").isEqualTo(alerts);
    }

    @Test
    void everyAlertHasASeverityAndAnnotationsThatNameItsLabels() {
        List<String> problems = new ArrayList<>();
        alerts().forEach((name, rule) -> {
            if (!Set.of("critical", "warning").contains(rule.path("labels").path("severity").asText())) {
                problems.add(name + ": severity must be critical or warning");
            }
            Set<String> labels = new TreeSet<>(STANDARD_LABELS);
            PromQl.of(rule.path("expr").asText()).metrics().stream().map(series()::get)
                    .filter(java.util.Objects::nonNull).forEach(metric -> labels.addAll(metric.attributes()));
            for (String annotation : List.of("summary", "description")) {
                String text = rule.path("annotations").path(annotation).asText();
                List<String> used = TEMPLATE_LABEL.matcher(text).results().map(match -> match.group(1)).toList();
                if (used.isEmpty()) {
                    problems.add(name + ": annotation " + annotation + " names no $labels");
                }
                used.stream().filter(label -> !labels.contains(label)).forEach(label -> problems.add(name
                        + ": annotation " + annotation + " uses $labels." + label + ", not a label of its series " + labels));
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void theLocalPrometheusConfigLoadsTheRules() {
        Promtool.Result result = Promtool.run(prometheus(), "check", "config", "prometheus.yml");
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(texts(yaml(prometheus().resolve("prometheus.yml")).path("rule_files")))
                .containsExactly("rules/tickcast-alerts.yaml");
    }

    @Test
    void everyDashboardQueryIsValidPromQl(@TempDir Path dir) throws IOException {
        // promtool parses each query as a recording rule, Grafana's variables replaced by values they can take
        ArrayNode rules = JSON.createArrayNode();
        List<String> where = new ArrayList<>();
        int index = 0;
        for (Query query : dashboardQueries()) {
            if (query.variable() && query.expr().startsWith("label_values(")) {
                continue;
            }
            String expr = query.expr().replaceAll("\\$__(rate_interval|interval|range)", "5m")
                    .replaceAll("\\$\\{?[a-zA-Z_][a-zA-Z0-9_]*}?", ".*");
            rules.addObject().put("record", "dashboard_query_" + index++).put("expr", expr);
            where.add(query.where());
        }
        ObjectNode file = JSON.createObjectNode();
        file.putArray("groups").addObject().put("name", "dashboards").set("rules", rules);
        Path rulesFile = dir.resolve("dashboards.json");
        JSON.writeValue(rulesFile.toFile(), file);
        Promtool.Result result = Promtool.run(dir, "check", "rules", rulesFile.toString());
        String panels = Pattern.compile("dashboard_query_(\\d+)").matcher(result.output()).results()
                .map(match -> where.get(Integer.parseInt(match.group(1)))).distinct().collect(Collectors.joining("; "));
        assertThat(result.exit()).as("invalid PromQL in " + panels + ":\n" + result.output()).isZero();
        assertThat(index).isGreaterThanOrEqualTo(30);
    }

    // --- (c) provisioning, collector, Alertmanager: parse, and refer to names that exist

    @Test
    void dashboardsUseOnlyProvisionedDataSources() throws IOException {
        JsonNode provisioned = yaml(grafana().resolve("provisioning/datasources/tickcast.yaml"));
        Set<String> uids = new TreeSet<>(texts(provisioned.path("datasources").findValues("uid")));
        assertThat(uids).contains("tickcast-prometheus", "tickcast-tempo", "tickcast-alertmanager");
        // references between data sources (exemplars, service map, alertmanager) point at provisioned ones
        for (JsonNode datasource : provisioned.path("datasources")) {
            for (String key : List.of("alertmanagerUid", "datasourceUid")) {
                for (JsonNode ref : datasource.path("jsonData").findValues(key)) {
                    assertThat(uids).as(datasource.path("name") + " jsonData." + key).contains(ref.asText());
                }
            }
        }
        // the cluster's Grafana (infra/terraform/modules/observability) provisions the same uids
        String terraform = Files.readString(Repository.terraform().resolve("modules/observability/main.tf"));
        Set<String> clusterUids = new TreeSet<>();
        Matcher uid = Pattern.compile("uid\\s*=\\s*\"([^\"]+)\"").matcher(terraform);
        while (uid.find()) {
            clusterUids.add(uid.group(1));
        }
        Map<String, Set<String>> used = new TreeMap<>();
        dashboards().forEach((file, dashboard) -> walk(dashboard, node -> {
            if (node.has("datasource") && node.get("datasource").has("uid")) {
                used.computeIfAbsent(node.get("datasource").get("uid").asText(), u -> new TreeSet<>()).add(file);
            }
        }));
        assertThat(used.keySet()).as("data source uids of the dashboards").isNotEmpty().isSubsetOf(uids)
                .isSubsetOf(clusterUids);
    }

    @Test
    void dashboardsHaveStableUniqueUidsAndTheProviderLoadsThem() {
        Map<String, String> uids = new LinkedHashMap<>();
        dashboards().forEach((file, dashboard) -> {
            String uid = dashboard.path("uid").asText();
            assertThat(uid).as(file + " uid").matches("tickcast-[a-z-]+");
            assertThat(uids.put(uid, file)).as("uid " + uid + " of " + file + " is also").isNull();
            assertThat(dashboard.path("panels").size()).as(file + " panels").isGreaterThanOrEqualTo(5);
        });
        assertThat(uids.values()).containsExactlyInAnyOrder("pipeline-overview.json", "model-quality.json",
                "function-red.json", "sentiment-llm.json");
        JsonNode providers = yaml(grafana().resolve("provisioning/dashboards/tickcast.yaml")).path("providers");
        assertThat(providers).hasSize(1);
        assertThat(providers.get(0).path("type").asText()).isEqualTo("file");
        assertThat(providers.get(0).path("options").path("path").asText()).isNotBlank();
    }

    @Test
    void collectorPipelinesUseOnlyComponentsItDefines() {
        JsonNode config = yaml(collector().resolve("config.yaml"));
        assertThat(componentProblems(config)).isEmpty();
        JsonNode pipelines = config.path("service").path("pipelines");
        assertThat(fieldNames(pipelines)).containsExactlyInAnyOrder("traces", "metrics");
        for (String signal : List.of("traces", "metrics")) {
            List<String> processors = texts(pipelines.path(signal).path("processors"));
            assertThat(processors).as(signal + " processors").startsWith("memory_limiter").contains("batch");
            assertThat(texts(pipelines.path(signal).path("receivers"))).containsExactly("otlp");
        }
        JsonNode protocols = config.path("receivers").path("otlp").path("protocols");
        assertThat(protocols.path("grpc").path("endpoint").asText()).endsWith(":4317");
        assertThat(protocols.path("http").path("endpoint").asText()).endsWith(":4318");
        assertThat(texts(pipelines.path("traces").path("exporters"))).allMatch(id -> id.startsWith("otlp"));
    }

    @Test
    void theCollectorWritesMetricsUnderTheNamesTickcastMetricGives() {
        JsonNode config = yaml(collector().resolve("config.yaml"));
        List<String> exporters = texts(config.path("service").path("pipelines").path("metrics").path("exporters"));
        assertThat(exporters).contains("prometheusremotewrite");
        for (String id : exporters) {
            String type = id.split("/")[0];
            assertThat(type).as("metrics exporter " + id + ": only the Prometheus exporters apply the naming "
                    + "TickcastMetric.prometheusName() describes").isIn("prometheus", "prometheusremotewrite");
            JsonNode exporter = config.path("exporters").path(id);
            assertThat(exporter.path("add_metric_suffixes").asBoolean(true)).as(id + " add_metric_suffixes").isTrue();
            assertThat(exporter.path("resource_to_telemetry_conversion").path("enabled").asBoolean())
                    .as(id + " resource_to_telemetry_conversion").isTrue();
        }
    }

    @Test
    void theGrafanaCloudOverlayAuthenticatesWithExtensionsItEnables() {
        JsonNode merged = merge(yaml(collector().resolve("config.yaml")), yaml(collector().resolve("grafana-cloud.yaml")));
        assertThat(componentProblems(merged)).isEmpty();
        List<String> enabled = texts(merged.path("service").path("extensions"));
        List<String> authenticators = texts(merged.path("exporters").findValues("authenticator"));
        assertThat(authenticators).hasSize(2);
        assertThat(enabled).containsAll(authenticators).contains("health_check");
    }

    @Test
    void everyEnvironmentVariableTheConfigsReadIsDocumented() throws IOException {
        String readme = Files.readString(observability().resolve("README.md"));
        Set<String> variables = new TreeSet<>();
        for (Path file : List.of(collector().resolve("config.yaml"), collector().resolve("grafana-cloud.yaml"))) {
            Matcher env = ENV.matcher(Files.readString(file));
            while (env.find()) {
                variables.add(env.group(1));
            }
        }
        Matcher env = GRAFANA_ENV.matcher(Files.readString(grafana().resolve("provisioning/datasources/tickcast.yaml")));
        while (env.find()) {
            variables.add(env.group(1));
        }
        variables.addAll(List.of("SLACK_WEBHOOK_URL", "DISCORD_WEBHOOK_URL"));
        assertThat(variables).hasSizeGreaterThanOrEqualTo(8);
        assertThat(variables).allMatch(readme::contains, "named in observability/README.md");
    }

    @Test
    void theFunctionsSendOtlpWhereTheCollectorListens() throws IOException {
        JsonNode configMap = yaml(Repository.knative().resolve("base/config/tickcast-config.yaml"));
        String endpoint = configMap.path("data").path("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT").asText();
        String grpc = yaml(collector().resolve("config.yaml")).path("receivers").path("otlp").path("protocols")
                .path("grpc").path("endpoint").asText();
        assertThat(endpoint).as("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT (Quarkus exports OTLP over gRPC by default)")
                .endsWith(grpc.substring(grpc.lastIndexOf(':')));
        String terraform = Files.readString(Repository.terraform().resolve("modules/observability/main.tf"));
        Matcher release = Pattern.compile("fullnameOverride\\s*=\\s*\"(otel-[a-z-]+)\"").matcher(terraform);
        assertThat(release.find()).as("the collector's Service name in infra/terraform/modules/observability").isTrue();
        assertThat(endpoint).startsWith("http://" + release.group(1) + ".");
    }

    @Test
    void alertmanagerRoutesToDefinedReceiversThatReadWebhookUrlsFromFiles() {
        JsonNode config = yaml(observability().resolve("alertmanager/alertmanager.yml"));
        Set<String> receivers = new TreeSet<>(texts(config.path("receivers").findValues("name")));
        Set<String> routed = new TreeSet<>(texts(config.path("route").findValues("receiver")));
        assertThat(routed).isNotEmpty().isSubsetOf(receivers);
        List<JsonNode> slack = config.path("receivers").findValues("slack_configs");
        List<JsonNode> discord = config.path("receivers").findValues("discord_configs");
        assertThat(slack).isNotEmpty();
        assertThat(discord).isNotEmpty();
        for (JsonNode target : Stream.concat(slack.stream(), discord.stream()).flatMap(ObservabilityTest::elements).toList()) {
            assertThat(fieldNames(target)).as("a webhook URL is a secret: only a *_file, never inline")
                    .doesNotContain("api_url", "webhook_url").containsAnyOf("api_url_file", "webhook_url_file");
        }
        Set<String> alerts = alerts().keySet();
        String matchers = Stream.of("source_matchers", "target_matchers")
                .flatMap(key -> config.path("inhibit_rules").findValues(key).stream()).flatMap(ObservabilityTest::elements)
                .map(JsonNode::asText).collect(Collectors.joining("\n"));
        Matcher alertname = Pattern.compile("alertname\\s*=~?\\s*\"([^\"]+)\"").matcher(matchers);
        int found = 0;
        while (alertname.find()) {
            assertThat(alerts).as("alert named in an inhibit rule").contains(alertname.group(1));
            found++;
        }
        assertThat(found).isGreaterThanOrEqualTo(2);
    }

    // --- reading observability/

    static Path observability() {
        return Repository.root().resolve("observability");
    }

    static Path prometheus() {
        return observability().resolve("prometheus");
    }

    static Path grafana() {
        return observability().resolve("grafana");
    }

    static Path collector() {
        return observability().resolve("otel-collector");
    }

    /** Every Prometheus series name a query may use, to the metric it belongs to. */
    static Map<String, TickcastMetric> series() {
        Map<String, TickcastMetric> series = new TreeMap<>();
        for (TickcastMetric metric : TickcastMetric.values()) {
            metric.prometheusSeries().forEach(name -> series.put(name, metric));
        }
        return series;
    }

    static Map<String, JsonNode> dashboards() {
        Map<String, JsonNode> dashboards = new TreeMap<>();
        try (Stream<Path> files = Files.list(grafana().resolve("dashboards"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                dashboards.put(file.getFileName().toString(), JSON.readTree(file.toFile()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(dashboards).as("dashboards in observability/grafana/dashboards").isNotEmpty();
        return dashboards;
    }

    static List<Query> dashboardQueries() {
        List<Query> queries = new ArrayList<>();
        dashboards().forEach((file, dashboard) -> {
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                JsonNode query = variable.path("query");
                String expr = query.isObject() ? query.path("query").asText() : query.asText();
                if ("query".equals(variable.path("type").asText())) {
                    queries.add(new Query(file + ": variable $" + variable.path("name").asText(), expr, true, null));
                }
            }
            walk(dashboard.path("panels"), node -> {
                if (node.has("targets") && node.has("title")) {
                    for (JsonNode target : node.path("targets")) {
                        queries.add(new Query(file + ": panel '" + node.path("title").asText() + "' ("
                                + target.path("refId").asText() + ")", target.path("expr").asText(), false,
                                target.path("legendFormat").asText()));
                    }
                }
            });
        });
        return queries;
    }

    /** The alerting rules by name. */
    static Map<String, JsonNode> alerts() {
        Map<String, JsonNode> alerts = new TreeMap<>();
        for (JsonNode group : yaml(prometheus().resolve("rules/tickcast-alerts.yaml")).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("alert")) {
                    alerts.put(rule.path("alert").asText(), rule);
                }
            }
        }
        return alerts;
    }

    static List<Query> ruleQueries() {
        return alerts().entrySet().stream().map(alert -> new Query("tickcast-alerts.yaml: alert " + alert.getKey(),
                alert.getValue().path("expr").asText(), false, null)).toList();
    }

    /** Pipelines and service.extensions name only components the config defines. */
    static List<String> componentProblems(JsonNode config) {
        List<String> problems = new ArrayList<>();
        JsonNode pipelines = config.path("service").path("pipelines");
        for (String pipeline : fieldNames(pipelines)) {
            for (String kind : List.of("receivers", "processors", "exporters")) {
                for (String id : texts(pipelines.path(pipeline).path(kind))) {
                    if (!config.path(kind).has(id)) {
                        problems.add("pipeline " + pipeline + " uses " + kind + " " + id + ", which is not defined");
                    }
                }
            }
        }
        for (String id : texts(config.path("service").path("extensions"))) {
            if (!config.path("extensions").has(id)) {
                problems.add("service.extensions names " + id + ", which is not defined");
            }
        }
        return problems;
    }

    /** The collector's merge of several --config files: maps merge, everything else is replaced. */
    static JsonNode merge(JsonNode base, JsonNode overlay) {
        if (!base.isObject() || !overlay.isObject()) {
            return overlay.deepCopy();
        }
        ObjectNode merged = (ObjectNode) base.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> fields = overlay.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            merged.set(field.getKey(), merged.has(field.getKey()) ? merge(merged.get(field.getKey()), field.getValue())
                    : field.getValue().deepCopy());
        }
        return merged;
    }

    static JsonNode yaml(Path file) {
        try {
            JsonNode tree = YAML.readTree(file.toFile());
            assertThat(tree).as(file + " is empty").isNotNull();
            return tree;
        } catch (IOException e) {
            throw new AssertionError(Repository.root().relativize(file) + " does not parse: " + e.getMessage(), e);
        }
    }

    static void walk(JsonNode node, Consumer<JsonNode> visit) {
        if (node.isObject()) {
            visit.accept(node);
        }
        node.elements().forEachRemaining(child -> walk(child, visit));
    }

    static List<String> texts(JsonNode node) {
        return elements(node).map(JsonNode::asText).toList();
    }

    static List<String> texts(List<JsonNode> nodes) {
        return nodes.stream().map(JsonNode::asText).toList();
    }

    static Stream<JsonNode> elements(JsonNode node) {
        List<JsonNode> elements = new ArrayList<>();
        node.elements().forEachRemaining(elements::add);
        return elements.stream();
    }

    static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
