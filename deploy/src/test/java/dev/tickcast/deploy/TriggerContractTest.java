package dev.tickcast.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.tickcast.runtime.FunctionRoute;
import io.fabric8.knative.duck.v1.DeliverySpec;
import io.fabric8.knative.duck.v1.KReference;
import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.eventing.v1alpha1.KafkaSink;
import io.fabric8.knative.serving.v1.Service;

/**
 * The Triggers agree with the routes the functions declare with {@code @CloudEventMapping}: each Trigger filters
 * on exactly the type its subscriber declares, and every declared route has its Trigger. Built functions are
 * read from their code; planned ones from {@link FunctionCatalog#PLANNED}.
 */
class TriggerContractTest {
    static final String ORDER = "kafka.eventing.knative.dev/delivery.order";
    static final String DEAD_LETTER_TOPIC = "knative-broker-tickcast-default-dead-letter";

    static List<String> overlays() {
        return Manifests.overlays();
    }

    @ParameterizedTest(name = "knative/overlays/{0}")
    @MethodSource("overlays")
    void everyTriggerFiltersOnTheTypeItsSubscriberDeclares(String overlay) {
        Manifests manifests = Manifests.of(overlay);
        Map<String, List<FunctionRoute>> functions = FunctionCatalog.all();
        List<String> problems = new ArrayList<>();
        for (Trigger trigger : manifests.all(Trigger.class)) {
            String name = trigger.getMetadata().getName();
            KReference subscriber = trigger.getSpec().getSubscriber() == null ? null
                    : trigger.getSpec().getSubscriber().getRef();
            if (subscriber == null || !"serving.knative.dev/v1".equals(subscriber.getApiVersion())
                    || !"Service".equals(subscriber.getKind())) {
                problems.add(name + ": its subscriber is not a Knative Service reference");
                continue;
            }
            String function = subscriber.getName();
            if (manifests.named(Service.class, function).isEmpty()) {
                problems.add(name + ": subscriber " + function + " has no Knative Service in this overlay");
            }
            Map<String, String> filter = trigger.getSpec().getFilter() == null ? Map.of()
                    : trigger.getSpec().getFilter().getAttributes();
            if (filter == null || filter.keySet().size() != 1 || !filter.containsKey("type")) {
                problems.add(name + ": filters on " + filter + ", not on type alone");
                continue;
            }
            String type = filter.get("type");
            List<FunctionRoute> declared = functions.get(function);
            if (declared == null) {
                problems.add(name + ": subscriber " + function + " is neither a function on the test classpath "
                        + "nor in FunctionCatalog.PLANNED");
            } else if (declared.stream().noneMatch(route -> route.trigger().equals(type))) {
                problems.add(name + ": filters on " + type + " but " + function + " declares "
                        + declared.stream().map(FunctionRoute::trigger).toList()
                        + (FunctionCatalog.built().containsKey(function) ? " (its @CloudEventMapping)" : " (planned)"));
            } else if (!name.equals(FunctionCatalog.triggerName(function, type))) {
                problems.add(name + ": should be named " + FunctionCatalog.triggerName(function, type));
            }
        }

        assertThat(problems).as("Triggers of %s", overlay).isEmpty();
    }

    @ParameterizedTest(name = "knative/overlays/{0}")
    @MethodSource("overlays")
    void everyDeclaredRouteHasItsTrigger(String overlay) {
        List<Trigger> triggers = Manifests.of(overlay).all(Trigger.class);
        List<String> problems = new ArrayList<>();
        FunctionCatalog.all().forEach((function, routes) -> {
            for (FunctionRoute route : routes) {
                List<String> matching = triggers.stream()
                        .filter(trigger -> trigger.getSpec().getSubscriber() != null
                                && trigger.getSpec().getSubscriber().getRef() != null
                                && function.equals(trigger.getSpec().getSubscriber().getRef().getName())
                                && trigger.getSpec().getFilter() != null
                                && route.trigger().equals(trigger.getSpec().getFilter().getAttributes().get("type")))
                        .map(trigger -> trigger.getMetadata().getName()).toList();
                if (matching.size() != 1) {
                    problems.add(function + " declares " + route.trigger() + " (" + route.function() + ") but "
                            + matching.size() + " Triggers deliver it: " + matching + "; expected "
                            + FunctionCatalog.triggerName(function, route.trigger()));
                }
            }
        });

        assertThat(problems).as("routes without their Trigger in %s", overlay).isEmpty();
    }

    @Test
    void everyFunctionDeclaresARouteUnlessNoEventTriggersIt() {
        assertThat(FunctionCatalog.built()).as("function modules on deploy's test classpath").isNotEmpty();
        FunctionCatalog.built().forEach((function, routes) -> {
            if (FunctionCatalog.NOT_EVENT_TRIGGERED.contains(function)) {
                assertThat(routes).as("routes of %s, which has no Trigger", function).isEmpty();
            } else if (!FunctionCatalog.PLANNED.containsKey(function)) {
                assertThat(routes).as("@Funq @CloudEventMapping routes of %s", function).isNotEmpty();
            }
        });
    }

    @Test
    void theBuiltFunctionsAreReadFromTheirCode() {
        // aggregate is the first step; its declaration, as the code states it, must be what the catalog found
        assertThat(FunctionCatalog.built().get("aggregate"))
                .containsExactly(new FunctionRoute("aggregate", "dev.tickcast.trades.v1", "dev.tickcast.candle.v1"));
    }

    @Test
    void plannedRoutesAreNotDeclaredYet() {
        FunctionCatalog.PLANNED.forEach((function, planned) -> {
            List<String> declared = FunctionCatalog.built().getOrDefault(function, List.of()).stream()
                    .map(FunctionRoute::trigger).toList();
            for (FunctionRoute route : planned) {
                assertThat(declared).as("%s declares %s in its code now: remove it from FunctionCatalog.PLANNED",
                        function, route.trigger()).doesNotContain(route.trigger());
            }
        });
    }

    @ParameterizedTest(name = "knative/overlays/{0}")
    @MethodSource("overlays")
    void everyFunctionModuleOfTheBuildIsOnTheClasspath(String overlay) {
        Manifests manifests = Manifests.of(overlay);
        List<String> workloads = new ArrayList<>();
        manifests.all(Service.class).forEach(service -> workloads.add(service.getMetadata().getName()));
        manifests.all(io.fabric8.kubernetes.api.model.batch.v1.CronJob.class)
                .forEach(job -> workloads.add(job.getMetadata().getName()));
        for (String function : workloads) {
            if (Repository.hasFunctionModule(function) && !FunctionCatalog.SCHEDULED_JOBS.contains(function)) {
                assertThat(FunctionCatalog.built()).as("functions/%s is a module: add dev.tickcast:%s as a test "
                        + "dependency of deploy/pom.xml so that its Triggers are checked against its code", function,
                        function).containsKey(function);
            }
        }
    }

    @ParameterizedTest(name = "knative/overlays/{0}")
    @MethodSource("overlays")
    void statefulStepsGetOrderedDeliveryTheOthersUnordered(String overlay) {
        List<String> problems = new ArrayList<>();
        for (Trigger trigger : Manifests.of(overlay).all(Trigger.class)) {
            String function = trigger.getSpec().getSubscriber().getRef().getName();
            String expected = FunctionCatalog.ORDERED.contains(function) ? "ordered" : "unordered";
            Map<String, String> annotations = Optional.ofNullable(trigger.getMetadata().getAnnotations()).orElse(Map.of());
            if (!expected.equals(annotations.get(ORDER))) {
                problems.add(trigger.getMetadata().getName() + ": " + ORDER + " is " + annotations.get(ORDER)
                        + ", expected " + expected + (expected.equals("ordered") ? " (" + function + " is stateful)" : ""));
            }
        }

        assertThat(problems).as("delivery order in %s", overlay).isEmpty();
    }

    @ParameterizedTest(name = "knative/overlays/{0}")
    @MethodSource("overlays")
    void everyTriggerRetriesWithBackOffThenDeadLetters(String overlay) {
        Manifests manifests = Manifests.of(overlay);
        assertThat(manifests.all(Trigger.class)).isNotEmpty();
        for (Trigger trigger : manifests.all(Trigger.class)) {
            String name = trigger.getMetadata().getName();
            assertThat(trigger.getSpec().getBroker()).as("broker of %s", name).isEqualTo("default");
            assertThat(trigger.getSpec().getDelivery()).as("delivery of %s", name).isNotNull();
            assertRetriesThenDeadLetters(manifests, "Trigger " + name, trigger.getSpec().getDelivery());
        }
    }

    @ParameterizedTest(name = "knative/overlays/{0}")
    @MethodSource("overlays")
    void theBrokerIsKafkaClassWithItsConfigAndDeadLetterSink(String overlay) {
        Manifests manifests = Manifests.of(overlay);
        Broker broker = manifests.named(Broker.class, "default").orElseThrow(() -> new AssertionError("no Broker default"));

        assertThat(broker.getMetadata().getAnnotations()).containsEntry("eventing.knative.dev/broker.class", "Kafka");
        KReference config = broker.getSpec().getConfig();
        assertThat(config.getKind()).isEqualTo("ConfigMap");
        assertThat(config.getNamespace()).isEqualTo("tickcast");
        Map<String, String> data = manifests.named(io.fabric8.kubernetes.api.model.ConfigMap.class, config.getName())
                .orElseThrow(() -> new AssertionError("the Broker's ConfigMap " + config.getName() + " is missing"))
                .getData();
        assertThat(data).containsKeys("bootstrap.servers", "default.topic.partitions", "default.topic.replication.factor");
        assertRetriesThenDeadLetters(manifests, "Broker default", broker.getSpec().getDelivery());

        KafkaSink deadLetters = manifests.all(KafkaSink.class).get(0);
        assertThat(deadLetters.getSpec().getBootstrapServers()).as("dead-letter sink's Kafka")
                .containsExactly(data.get("bootstrap.servers"));
        assertThat(deadLetters.getSpec().getReplicationFactor()).as("dead-letter topic replication")
                .isEqualTo(Integer.parseInt(data.get("default.topic.replication.factor")));
    }

    private static void assertRetriesThenDeadLetters(Manifests manifests, String owner, DeliverySpec delivery) {
        assertThat(delivery.getRetry()).as("retries of %s", owner).isBetween(3, 10);
        assertThat(delivery.getBackoffPolicy()).as("back-off policy of %s", owner).isEqualTo("exponential");
        assertThat(delivery.getBackoffDelay()).as("back-off delay of %s", owner).isNotNull();
        assertThat(Duration.parse(delivery.getBackoffDelay())).as("back-off delay of %s", owner)
                .isBetween(Duration.ofMillis(100), Duration.ofSeconds(5));
        KReference sink = Optional.ofNullable(delivery.getDeadLetterSink()).map(d -> d.getRef()).orElse(null);
        assertThat(sink).as("dead-letter sink of %s", owner).isNotNull();
        assertThat(sink.getKind()).as("dead-letter sink kind of %s", owner).isEqualTo("KafkaSink");
        KafkaSink target = manifests.named(KafkaSink.class, sink.getName())
                .orElseThrow(() -> new AssertionError(owner + " dead-letters to KafkaSink " + sink.getName() + ", which is missing"));
        // the topic the functions' Kafka binding dead-letters to on the local stack: one place to read them from
        assertThat(target.getSpec().getTopic()).isEqualTo(DEAD_LETTER_TOPIC);
        assertThat(target.getSpec().getContentMode()).isEqualTo("binary");
        assertThat(Objects.requireNonNull(target.getSpec().getBootstrapServers())).isNotEmpty();
    }

    @Test
    void triggerNamesFollowFunctionOnEvent() {
        assertThat(FunctionCatalog.triggerName("aggregate", "dev.tickcast.trades.v1")).isEqualTo("aggregate-on-trades");
        assertThat(FunctionCatalog.triggerName("predict", "dev.tickcast.model.promoted.v1"))
                .isEqualTo("predict-on-model-promoted");
        assertThat(FunctionCatalog.triggerName("featurize", "dev.tickcast.candle.v2")).isEqualTo("featurize-on-candle-v2");
    }
}
