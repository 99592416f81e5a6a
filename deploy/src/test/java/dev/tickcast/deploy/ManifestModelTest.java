package dev.tickcast.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.eventing.v1alpha1.EventTransform;
import io.fabric8.knative.eventing.v1alpha1.KafkaSink;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.sources.v1.PingSource;
import io.fabric8.knative.sources.v1.SinkBinding;

/** Every overlay builds with kubectl, and every resource it renders is one fabric8's typed model knows, field by field. */
class ManifestModelTest {

    /** The kinds Tickcast deploys and the fabric8 classes they must parse into. */
    static final Map<String, Class<? extends HasMetadata>> TYPED = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "batch/v1/Job", Job.class,
            "batch/v1/CronJob", CronJob.class,
            "serving.knative.dev/v1/Service", Service.class,
            "eventing.knative.dev/v1/Broker", Broker.class,
            "eventing.knative.dev/v1/Trigger", Trigger.class,
            "eventing.knative.dev/v1alpha1/KafkaSink", KafkaSink.class,
            "eventing.knative.dev/v1alpha1/EventTransform", EventTransform.class,
            "sources.knative.dev/v1/PingSource", PingSource.class,
            "sources.knative.dev/v1/SinkBinding", SinkBinding.class);

    static List<String> overlays() {
        return Manifests.overlays();
    }

    @Test
    void thereIsADevAndAProdOverlay() {
        assertThat(Manifests.overlays()).contains("dev", "prod");
    }

    @ParameterizedTest(name = "knative/overlays/{0}")
    @MethodSource("overlays")
    void everyOverlayBuildsWithKubectl(String overlay) {
        Manifests manifests = Manifests.of(overlay);

        assertThat(manifests.documents()).as("resources rendered by kubectl kustomize %s", manifests).hasSizeGreaterThan(10);
    }

    @ParameterizedTest(name = "knative/overlays/{0}")
    @MethodSource("overlays")
    void everyResourceParsesIntoItsTypedModel(String overlay) {
        List<String> problems = new ArrayList<>();
        for (Manifests.Document document : Manifests.of(overlay).documents()) {
            if (!(document.parsed() instanceof HasMetadata resource) || document.parsed() instanceof GenericKubernetesResource) {
                problems.add("not a kind fabric8 models: " + document.describe());
                continue;
            }
            Class<? extends HasMetadata> expected = TYPED.get(resource.getApiVersion() + "/" + resource.getKind());
            if (expected == null) {
                problems.add("a kind this test does not expect (add it to TYPED if it is meant): " + document.describe());
            } else if (!expected.isInstance(resource)) {
                problems.add(document.describe() + " parsed into " + resource.getClass().getName() + ", not " + expected.getName());
            }
        }

        assertThat(problems).as("resources of %s", overlay).isEmpty();
    }

    @ParameterizedTest(name = "knative/overlays/{0}")
    @MethodSource("overlays")
    void noResourceHasAFieldTheModelDoesNotKnow(String overlay) {
        List<String> problems = new ArrayList<>();
        for (Manifests.Document document : Manifests.of(overlay).documents()) {
            UnknownFields.in(document.parsed()).forEach(problem -> problems.add(document.describe() + ": " + problem));
        }

        assertThat(problems).as("misspelt or unsupported fields in %s", overlay).isEmpty();
    }

    @ParameterizedTest(name = "knative/overlays/{0}")
    @MethodSource("overlays")
    void everyResourceLivesInTheTickcastNamespace(String overlay) {
        for (HasMetadata resource : Manifests.of(overlay).resources()) {
            assertThat(resource.getMetadata().getNamespace())
                    .as("namespace of %s %s", resource.getKind(), resource.getMetadata().getName()).isEqualTo("tickcast");
        }
    }

    @Test
    void aMisspeltFieldIsFound() {
        // the walk above must see through the typed model: a Trigger with a typo in its delivery spec
        Manifests manifests = Manifests.parse("inline", """
                apiVersion: eventing.knative.dev/v1
                kind: Trigger
                metadata:
                  name: aggregate-on-trades
                spec:
                  broker: default
                  delivery:
                    backofDelay: PT1S
                """);

        assertThat(manifests.all(Trigger.class)).hasSize(1);
        assertThat(UnknownFields.in(manifests.documents().get(0).parsed()))
                .containsExactly(".spec.delivery has fields the model does not know: [backofDelay]");
    }
}
