package dev.tickcast.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.Indexer;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.runtime.FunctionRoute;

/**
 * Which functions exist and what each declares, the side of the contract the manifests must agree with.
 * <ul>
 * <li><b>Built</b>: every Quarkus function module on this test classpath (a test dependency of deploy), found by
 * its {@code quarkus.application.name} (= Knative Service name), its {@code @Funq} classes indexed with Jandex
 * and their routes read by {@link FunctionRoute#declaredIn}, the same declaration both bindings use.</li>
 * <li><b>Planned</b>: routes no code declares yet, of functions not written yet or not complete yet, checked
 * against {@link #PLANNED}. When the code declares one, the tests fail until it leaves that table.</li>
 * </ul>
 */
final class FunctionCatalog {
    private static final DotName FUNQ = DotName.createSimple("io.quarkus.funqy.Funq");

    /** Routes that no function declares yet, as the design plans them. */
    static final Map<String, List<FunctionRoute>> PLANNED = Map.of();

    /** Steps that keep state per pair and so need the Kafka broker's ordered delivery (per partition = pair). */
    static final Set<String> ORDERED = Set.of("aggregate", "featurize", "predict", "evaluate");

    /** Knative Services that no event triggers. */
    static final Set<String> NOT_EVENT_TRIGGERED = Set.of("api");

    /** Modules that run as scheduled Jobs (a CronJob, see WorkloadContractTest), not as Knative Services. */
    static final Set<String> SCHEDULED_JOBS = Set.of("train");

    private static volatile Map<String, List<FunctionRoute>> built;

    private FunctionCatalog() {
    }

    /** Built functions by Knative Service name, with the routes their code declares (possibly none). */
    static Map<String, List<FunctionRoute>> built() {
        if (built == null) {
            built = Collections.unmodifiableMap(discover());
        }
        return built;
    }

    /** Built and planned routes together, by function: every route that must have its Trigger. */
    static Map<String, List<FunctionRoute>> all() {
        Map<String, List<FunctionRoute>> all = new TreeMap<>();
        built().forEach((function, routes) -> all.put(function, new ArrayList<>(routes)));
        PLANNED.forEach((function, routes) -> all.computeIfAbsent(function, f -> new ArrayList<>()).addAll(routes));
        return all;
    }

    private static Map<String, List<FunctionRoute>> discover() {
        Map<String, List<FunctionRoute>> functions = new TreeMap<>();
        try {
            Enumeration<URL> configs = FunctionCatalog.class.getClassLoader().getResources("application.properties");
            for (URL config : Collections.list(configs)) {
                Properties properties = new Properties();
                try (InputStream in = config.openStream()) {
                    properties.load(in);
                }
                String name = properties.getProperty("quarkus.application.name");
                if (name != null && !SCHEDULED_JOBS.contains(name)) {
                    functions.put(name, FunctionRoute.declaredIn(funqClasses(config)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return functions;
    }

    /** The classes with {@code @Funq} methods in the jar or directory that holds {@code config}. */
    private static Class<?>[] funqClasses(URL config) throws IOException {
        Indexer indexer = new Indexer();
        if ("jar".equals(config.getProtocol())) {
            JarURLConnection connection = (JarURLConnection) config.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                for (JarEntry entry : Collections.list(jar.entries())) {
                    if (entry.getName().endsWith(".class")) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            indexer.index(in);
                        }
                    }
                }
            }
        } else {
            Path root;
            try {
                root = Path.of(config.toURI()).getParent();
            } catch (URISyntaxException e) {
                throw new IOException(e);
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    try (InputStream in = Files.newInputStream(file)) {
                        indexer.index(in);
                    }
                }
            }
        }
        Index index = indexer.complete();
        Set<String> classNames = new LinkedHashSet<>();
        for (AnnotationInstance funq : index.getAnnotations(FUNQ)) {
            classNames.add(funq.target().asMethod().declaringClass().name().toString());
        }
        List<Class<?>> classes = new ArrayList<>();
        for (String className : classNames) {
            try {
                classes.add(Class.forName(className, false, FunctionCatalog.class.getClassLoader()));
            } catch (ClassNotFoundException e) {
                throw new IOException("indexed " + className + " but cannot load it", e);
            }
        }
        return classes.toArray(Class<?>[]::new);
    }

    /**
     * The Trigger name for a function and an event type: {@code <function>-on-<event>}, the event being the noun
     * of {@code dev.tickcast.<noun>.v<N>} with dots as dashes, and {@code -v<N>} from version 2 on.
     */
    static String triggerName(String function, String eventType) {
        if (!eventType.startsWith(EventTypes.PREFIX)) {
            throw new IllegalArgumentException("not a Tickcast event type: " + eventType);
        }
        String rest = eventType.substring(EventTypes.PREFIX.length());
        int version = rest.lastIndexOf(".v");
        String noun = rest.substring(0, version).replace('.', '-');
        String number = rest.substring(version + 2);
        return function + "-on-" + noun + ("1".equals(number) ? "" : "-v" + number);
    }
}
