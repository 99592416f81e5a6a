package dev.tickcast.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** One overlay of knative/ as kubectl builds it, every document parsed into fabric8's typed model. */
record Manifests(String overlay, List<Document> documents) {

    /** One rendered resource: its YAML and what fabric8 made of it. */
    record Document(String yaml, KubernetesResource parsed) {
        String describe() {
            return parsed instanceof HasMetadata resource
                    ? resource.getApiVersion() + " " + resource.getKind() + " " + resource.getMetadata().getName()
                    : yaml.lines().limit(3).toList().toString();
        }
    }

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Map<String, Manifests> BUILT = new ConcurrentHashMap<>();

    /** The overlays under knative/overlays, by directory name. */
    static List<String> overlays() {
        Path dir = Repository.knative().resolve("overlays");
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(child -> Files.isRegularFile(child.resolve("kustomization.yaml")))
                    .map(child -> child.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir, e);
        }
    }

    /** Builds {@code knative/overlays/<overlay>} once per test JVM. */
    static Manifests of(String overlay) {
        return BUILT.computeIfAbsent(overlay,
                name -> parse(name, Kubectl.kustomize(Repository.knative().resolve("overlays").resolve(name))));
    }

    static Manifests parse(String overlay, String multiDocumentYaml) {
        List<Document> documents = new ArrayList<>();
        for (String yaml : multiDocumentYaml.split("(?m)^---\\s*$")) {
            if (!yaml.isBlank()) {
                documents.add(new Document(yaml, SERIALIZATION.unmarshal(yaml)));
            }
        }
        return new Manifests(overlay, List.copyOf(documents));
    }

    List<HasMetadata> resources() {
        return documents.stream().map(Document::parsed).filter(HasMetadata.class::isInstance)
                .map(HasMetadata.class::cast).toList();
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources().stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
        return all(type).stream().filter(resource -> Objects.equals(resource.getMetadata().getName(), name))
                .findFirst();
    }

    @Override
    public String toString() {
        return "knative/overlays/" + overlay;
    }
}
