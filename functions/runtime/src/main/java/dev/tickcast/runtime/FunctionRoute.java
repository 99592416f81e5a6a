package dev.tickcast.runtime;

import java.lang.reflect.Method;

import io.quarkus.funqy.knative.events.CloudEventMapping;

/**
 * What one function declares once, on its {@code @Funq} method with {@code @CloudEventMapping}: the event
 * type that triggers it and the type of its reply. Both bindings and the Knative Trigger manifests use it.
 *
 * @param function     the function's name (its {@code @Funq} name, by default the method name)
 * @param trigger      the CloudEvents type it consumes
 * @param responseType the CloudEvents type of its reply; empty when it replies nothing
 */
public record FunctionRoute(String function, String trigger, String responseType) {

    /** The route a method declares, or {@code null} when it has no {@code @CloudEventMapping} with a trigger. */
    public static FunctionRoute declaredBy(String function, Method method) {
        CloudEventMapping mapping = method.getAnnotation(CloudEventMapping.class);
        if (mapping == null || mapping.trigger().isEmpty()) {
            return null;
        }
        return new FunctionRoute(function, mapping.trigger(), mapping.responseType());
    }

    /** Every route declared by the {@code @Funq} methods of the given classes (no Quarkus needed). */
    public static java.util.List<FunctionRoute> declaredIn(Class<?>... functionClasses) {
        java.util.List<FunctionRoute> routes = new java.util.ArrayList<>();
        for (Class<?> type : functionClasses) {
            for (Method method : type.getMethods()) {
                io.quarkus.funqy.Funq funq = method.getAnnotation(io.quarkus.funqy.Funq.class);
                if (funq != null) {
                    FunctionRoute route = declaredBy(funq.value().isEmpty() ? method.getName() : funq.value(), method);
                    if (route != null) {
                        routes.add(route);
                    }
                }
            }
        }
        routes.sort(java.util.Comparator.comparing(FunctionRoute::trigger));
        return routes;
    }
}
