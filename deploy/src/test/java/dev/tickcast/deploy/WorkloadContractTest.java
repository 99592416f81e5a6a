package dev.tickcast.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.knative.duck.v1.KReference;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.eventing.v1alpha1.EventTransform;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.sources.v1.PingSource;
import io.fabric8.knative.sources.v1.SinkBinding;

/** The workloads: one Knative Service per function, their scaling, senders' sink, sources, jobs and secrets. */
class WorkloadContractTest {
    static final String MIN_SCALE = "autoscaling.knative.dev/min-scale";
    static final String MAX_SCALE = "autoscaling.knative.dev/max-scale";
    static final String STATUS = "tickcast.dev/status";
    static final String SINK_LABEL = "tickcast.dev/sink";
    /** Secrets the workloads read; none is in the repository (knative/README.md says who creates each). */
    static final Set<String> SECRETS = Set.of("tickcast-db-app", "tickcast-s3", "tickcast-llm", "tickcast-news",
            "tickcast-api-admin");
    static final Pattern CREDENTIAL = Pattern.compile(".*(PASSWORD|SECRET|API_KEY|ACCESS_KEY|USERNAME|_USER|TOKEN)$");

    static List<String> overlays() {
        return Manifests.overlays();
    }

    @ParameterizedTest(name = "knative/overlays/{0}")
    @MethodSource("overlays")
    void everyFunctionRunsAsAKnativeServiceOfItsName(String overlay) {
        Manifests manifests = Manifests.of(overlay);
        Set<String> expected = new TreeSet<>(FunctionCatalog.all().keySet());
        expected.addAll(FunctionCatalog.NOT_EVENT_TRIGGERED);

        assertThat(manifests.all(Service.class)).extracting(service -> service.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(expected);
        for (Service service : manifests.all(Service.class)) {
            String name = service.getMetadata().getName();
            Container container = service.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(container.getImage()).as("image of %s", name).matches("(.+/)?tickcast/" + name + "(:[^/]+)?");
            assertThat(env(container)).as("environment of %s", name).containsEntry("QUARKUS_OTEL_SERVICE_NAME", name);
        }
    }

    @ParameterizedTest(name = "knative/overlays/{0}")
    @MethodSource("overlays")
    void functionsTakeEventsOverHttpFromTheBrokerOnly(String overlay) {
        for (Service service : eventFunctions(Manifests.of(overlay))) {
            String name = service.getMetadata().getName();
            Container container = service.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(env(container)).as("environment of %s", name).containsEntry("TICKCAST_KAFKA_BINDING_ENABLED", "false");
            assertThat(service.getMetadata().getLabels()).as("labels of %s", name)
                    .containsEntry("networking.knative.dev/visibility", "cluster-local");
        }
    }

    @ParameterizedTest(name = "knative/overlays/{0}")
    @MethodSource("overlays")
    void theStatusLabelSaysWhetherTheFunctionExists(String overlay) {
        List<HasMetadata> labelled = new ArrayList<>(Manifests.of(overlay).all(Service.class));
        labelled.addAll(Manifests.of(overlay).all(CronJob.class));
        for (HasMetadata resource : labelled) {
            String name = resource.getMetadata().getName();
            assertThat(resource.getMetadata().getLabels()).as("labels of %s %s (functions/%s %s)", resource.getKind(),
                    name, name, Repository.hasFunctionModule(name) ? "exists" : "does not exist")
                    .containsEntry(STATUS, Repository.hasFunctionModule(name) ? "built" : "planned");
        }
    }

    @ParameterizedTest(name = "knative/overlays/{0}")
    @MethodSource("overlays")
    void sendersGetTheBrokerAsKSink(String overlay) {
        Manifests manifests = Manifests.of(overlay);
        SinkBinding functions = manifests.named(SinkBinding.class, "functions-to-broker").orElseThrow();
        assertBrokerSink(functions.getSpec().getSink().getRef(), "functions-to-broker");
        assertThat(functions.getSpec().getSubject().getKind()).isEqualTo("Service");
        assertThat(functions.getSpec().getSubject().getApiVersion()).isEqualTo("serving.knative.dev/v1");
        Map<String, String> selector = functions.getSpec().getSubject().getSelector().getMatchLabels();
        assertThat(selector).containsExactly(Map.entry(SINK_LABEL, "broker"));
        for (Service service : eventFunctions(manifests)) {
            assertThat(service.getMetadata().getLabels()).as("labels of %s", service.getMetadata().getName())
                    .containsAllEntriesOf(selector);
        }

        SinkBinding train = manifests.named(SinkBinding.class, "train-to-broker").orElseThrow();
        assertBrokerSink(train.getSpec().getSink().getRef(), "train-to-broker");
        assertThat(train.getSpec().getSubject().getKind()).isEqualTo("CronJob");
        assertThat(manifests.named(CronJob.class, train.getSpec().getSubject().getName())).isPresent();
    }

    @ParameterizedTest(name = "knative/overlays/{0}")
    @MethodSource("overlays")
    void theApiReportsTheHealthOfEveryOtherFunctionServiceAtItsClusterAddress(String overlay) {
        Manifests manifests = Manifests.of(overlay);
        Container api = manifests.named(Service.class, "api").orElseThrow().getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        String functions = env(api).get("TICKCAST_API_FUNCTIONS");
        assertThat(functions).as("TICKCAST_API_FUNCTIONS of the api").isNotNull();

        Map<String, String> expected = new java.util.TreeMap<>();
        for (Service service : manifests.all(Service.class)) {
            String name = service.getMetadata().getName();
            if (!name.equals("api")) {
                expected.put(name, "http://" + name + "." + service.getMetadata().getNamespace() + ".svc.cluster.local");
            }
        }
        Map<String, String> listed = new java.util.TreeMap<>();
        for (String entry : functions.split(",")) {
            String[] nameAndUrl = entry.strip().split("=", 2);
            assertThat(nameAndUrl).as("entry %s: name=url", entry).hasSize(2);
            assertThat(listed.put(nameAndUrl[0], nameAndUrl[1])).as("%s listed once", nameAndUrl[0]).isNull();
        }
        assertThat(listed).isEqualTo(expected);
    }

    @ParameterizedTest(name = "knative/overlays/{0}")
    @MethodSource("overlays")
    void theStreamerIsExactlyOneLongRunningReplica(String overlay) {
        Map<String, String> scaling = annotations(Manifests.of(overlay).named(Service.class, "ingest").orElseThrow());

        assertThat(scaling).containsEntry(MIN_SCALE, "1").containsEntry(MAX_SCALE, "1");
    }

    @ParameterizedTest(name = "knative/overlays/{0}")
    @MethodSource("overlays")
    void statelessFunctionsScaleToZeroOrderedOnesNoWiderThanThePartitions(String overlay) {
        Manifests manifests = Manifests.of(overlay);
        int partitions = Integer.parseInt(manifests.named(ConfigMap.class, "tickcast-broker-config").orElseThrow()
                .getData().get("default.topic.partitions"));
        for (Service service : eventFunctions(manifests)) {
            String name = service.getMetadata().getName();
            Map<String, String> scaling = annotations(service);
            if (FunctionCatalog.ORDERED.contains(name)) {
                // ordered delivery keeps one event in flight per partition: more replicas would idle
                assertThat(Integer.parseInt(scaling.get(MAX_SCALE))).as("max-scale of %s", name)
                        .isBetween(1, partitions);
            } else if (!"ingest".equals(name)) {
                assertThat(scaling).as("scaling of stateless %s", name).containsEntry(MIN_SCALE, "0");
            }
        }
    }

    @ParameterizedTest(name = "knative/overlays/{0}")
    @MethodSource("overlays")
    void newsPollingTicksReachIngestThroughTheBrokerWithTheirDomainType(String overlay) {
        Manifests manifests = Manifests.of(overlay);
        PingSource ping = manifests.named(PingSource.class, "news-poll").orElseThrow();
        assertThat(ping.getSpec().getSchedule()).isNotBlank();
        KReference pingSink = ping.getSpec().getSink().getRef();
        assertThat(pingSink.getKind()).isEqualTo("EventTransform");
        EventTransform transform = manifests.named(EventTransform.class, pingSink.getName()).orElseThrow();
        assertBrokerSink(transform.getSpec().getSink().getRef(), "EventTransform " + pingSink.getName());

        Matcher type = Pattern.compile("\"type\"\\s*:\\s*\"([^\"]+)\"").matcher(transform.getSpec().getJsonata().getExpression());
        assertThat(type.find()).as("the transform sets a literal type").isTrue();
        Trigger poll = manifests.named(Trigger.class, "ingest-on-news-poll").orElseThrow();
        assertThat(poll.getSpec().getFilter().getAttributes()).containsEntry("type", type.group(1));
    }

    @ParameterizedTest(name = "knative/overlays/{0}")
    @MethodSource("overlays")
    void trainingIsACronJobThatNeverOverlapsItself(String overlay) {
        CronJob train = Manifests.of(overlay).named(CronJob.class, "train").orElseThrow();

        assertThat(train.getSpec().getSchedule()).matches("\\S+( \\S+){4}");
        assertThat(train.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
        assertThat(train.getSpec().getJobTemplate().getSpec().getActiveDeadlineSeconds()).isPositive();
        assertThat(train.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .matches("(.+/)?tickcast/train(:[^/]+)?");
    }

    @ParameterizedTest(name = "knative/overlays/{0}")
    @MethodSource("overlays")
    void theMigrationsJobRunsTheMigrationsRunnerWithWhatItReads(String overlay) throws Exception {
        Job job = Manifests.of(overlay).named(Job.class, "migrations").orElseThrow();
        Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);

        String mainClass = container.getCommand().get(container.getCommand().size() - 1);
        Method main = Class.forName(mainClass).getMethod("main", String[].class);
        assertThat(Modifier.isStatic(main.getModifiers())).isTrue();
        assertThat(container.getCommand()).startsWith("java", "-cp");
        // Migrations.main reads exactly these
        assertThat(container.getEnv()).extracting(EnvVar::getName)
                .containsExactlyInAnyOrder("TICKCAST_DB_JDBC_URL", "TICKCAST_DB_USER", "TICKCAST_DB_PASSWORD");
    }

    @ParameterizedTest(name = "knative/overlays/{0}")
    @MethodSource("overlays")
    void credentialsComeFromSecretsAndNoSecretIsInTheRepository(String overlay) throws IOException {
        Manifests manifests = Manifests.of(overlay);
        assertThat(manifests.resources()).extracting(HasMetadata::getKind).doesNotContain("Secret");
        for (ConfigMap config : manifests.all(ConfigMap.class)) {
            assertThat(config.getData().keySet()).as("keys of ConfigMap %s", config.getMetadata().getName())
                    .noneMatch(key -> CREDENTIAL.matcher(key).matches());
        }
        Set<String> secretsRead = new TreeSet<>();
        Set<String> configMaps = manifests.all(ConfigMap.class).stream().map(c -> c.getMetadata().getName())
                .collect(Collectors.toSet());
        for (Container container : containers(manifests)) {
            for (EnvVar variable : container.getEnv()) {
                if (CREDENTIAL.matcher(variable.getName()).matches()) {
                    assertThat(variable.getValue()).as("%s of %s is a literal", variable.getName(), container.getName()).isNull();
                    assertThat(variable.getValueFrom().getSecretKeyRef()).as("%s of %s", variable.getName(), container.getName())
                            .isNotNull();
                }
                if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
                    secretsRead.add(variable.getValueFrom().getSecretKeyRef().getName());
                }
                if (variable.getValueFrom() != null && variable.getValueFrom().getConfigMapKeyRef() != null) {
                    assertThat(configMaps).contains(variable.getValueFrom().getConfigMapKeyRef().getName());
                }
            }
            for (EnvFromSource source : container.getEnvFrom()) {
                assertThat(source.getSecretRef()).as("envFrom of %s: whole Secrets are not mapped", container.getName()).isNull();
                assertThat(configMaps).contains(source.getConfigMapRef().getName());
            }
        }
        assertThat(secretsRead).isEqualTo(SECRETS).isEqualTo(secretsRead(manifests));
        String readme = Files.readString(Repository.knative().resolve("README.md"));
        assertThat(SECRETS).allSatisfy(secret -> assertThat(readme).as("knative/README.md").contains(secret));
    }

    private static void assertBrokerSink(KReference sink, String owner) {
        assertThat(sink).as("sink of %s", owner).isNotNull();
        assertThat(sink.getKind()).as("sink of %s", owner).isEqualTo("Broker");
        assertThat(sink.getName()).as("sink of %s", owner).isEqualTo("default");
    }

    private static List<Service> eventFunctions(Manifests manifests) {
        return manifests.all(Service.class).stream()
                .filter(service -> !FunctionCatalog.NOT_EVENT_TRIGGERED.contains(service.getMetadata().getName()))
                .toList();
    }

    private static Map<String, String> annotations(Service service) {
        return service.getSpec().getTemplate().getMetadata().getAnnotations();
    }

    private static Map<String, String> env(Container container) {
        return container.getEnv().stream().filter(variable -> variable.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    /** Names of the Secrets the overlay's workloads read by secretKeyRef. */
    static Set<String> secretsRead(Manifests manifests) {
        Set<String> secrets = new TreeSet<>();
        for (Container container : containers(manifests)) {
            for (EnvVar variable : container.getEnv()) {
                if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
                    secrets.add(variable.getValueFrom().getSecretKeyRef().getName());
                }
            }
        }
        return secrets;
    }

    private static List<Container> containers(Manifests manifests) {
        List<Container> containers = new ArrayList<>();
        manifests.all(Service.class).forEach(s -> containers.addAll(s.getSpec().getTemplate().getSpec().getContainers()));
        manifests.all(Job.class).forEach(j -> containers.addAll(j.getSpec().getTemplate().getSpec().getContainers()));
        manifests.all(CronJob.class).forEach(c -> containers.addAll(
                c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers()));
        return containers;
    }
}
