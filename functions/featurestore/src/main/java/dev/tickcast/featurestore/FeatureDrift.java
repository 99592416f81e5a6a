package dev.tickcast.featurestore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Drift of key features: the training distribution that train records in a model's {@code metadata.json}
 * ({@code features.distribution}) and the population stability index (PSI) of newer values against it.
 * <p>
 * Bins are the training deciles: {@code edges} are the 9 inner cut points (fewer when values repeat), bin i holds
 * values v with edges[i-1] &lt; v ≤ edges[i], the first bin everything ≤ edges[0], the last everything above the last
 * edge. PSI = Σ (a − e) · ln(a / e) over bins, with the expected (training) share e and the actual share a each
 * floored at {@value #FLOOR} so an empty bin counts as rare rather than infinite. NaN values (missing) are left out
 * of both. Rule of thumb: below 0.1 stable, 0.1–0.25 moderate shift, above 0.25 significant shift.
 */
public final class FeatureDrift {
    /**
     * Scale-free features (in market-v1 and market-v2 alike) whose distribution a model relies on; price levels
     * drift by design.
     */
    public static final List<String> KEY_FEATURES = List.of("log_return_1", "log_return_5", "log_return_15",
            "rsi_14", "realized_vol_60", "volume_zscore_60", "bb_percent_b", "stoch_rsi_14");
    public static final int BINS = 10;
    static final double FLOOR = 1e-4;

    private FeatureDrift() {
    }

    /** The training distribution of one feature. */
    public record Bins(double[] edges, double[] proportions, int rows) {
        public JsonNode toJson() {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            ArrayNode e = node.putArray("edges");
            Arrays.stream(edges).forEach(e::add);
            ArrayNode p = node.putArray("proportions");
            Arrays.stream(proportions).forEach(p::add);
            node.put("rows", rows);
            return node;
        }

        public static Bins fromJson(JsonNode node) {
            double[] edges = new double[node.path("edges").size()];
            for (int i = 0; i < edges.length; i++) {
                edges[i] = node.path("edges").get(i).asDouble();
            }
            double[] proportions = new double[node.path("proportions").size()];
            for (int i = 0; i < proportions.length; i++) {
                proportions[i] = node.path("proportions").get(i).asDouble();
            }
            if (proportions.length != edges.length + 1) {
                throw new IllegalArgumentException("features.distribution: " + proportions.length
                        + " proportions for " + edges.length + " edges; want edges + 1");
            }
            return new Bins(edges, proportions, node.path("rows").asInt());
        }
    }

    /** Decile bins of the non-missing values; empty when there are none. */
    public static java.util.Optional<Bins> fit(double[] values) {
        double[] present = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (present.length == 0) {
            return java.util.Optional.empty();
        }
        List<Double> edges = new ArrayList<>();
        for (int q = 1; q < BINS; q++) {
            double edge = present[(int) Math.floor((double) q * (present.length - 1) / BINS)];
            if (edges.isEmpty() || edge > edges.get(edges.size() - 1)) {
                edges.add(edge);
            }
        }
        double[] cut = edges.stream().mapToDouble(Double::doubleValue).toArray();
        return java.util.Optional.of(new Bins(cut, shares(cut, present), present.length));
    }

    /** PSI of {@code values} against the training bins; NaN when no value is present. */
    public static double psi(Bins expected, double[] values) {
        double[] present = Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
        if (present.length == 0) {
            return Double.NaN;
        }
        double[] actual = shares(expected.edges(), present);
        double psi = 0;
        for (int i = 0; i < actual.length; i++) {
            double a = Math.max(actual[i], FLOOR);
            double e = Math.max(expected.proportions()[i], FLOOR);
            psi += (a - e) * Math.log(a / e);
        }
        return psi;
    }

    /** Per key feature present in {@code names}: its bins over the rows ({@code rows[i][j]} = feature j of row i). */
    public static Map<String, Bins> fitKeyFeatures(List<String> names, List<double[]> rows) {
        Map<String, Bins> result = new LinkedHashMap<>();
        for (String feature : KEY_FEATURES) {
            int column = names.indexOf(feature);
            if (column >= 0) {
                fit(rows.stream().mapToDouble(r -> r[column]).toArray()).ifPresent(b -> result.put(feature, b));
            }
        }
        return result;
    }

    private static double[] shares(double[] edges, double[] values) {
        double[] counts = new double[edges.length + 1];
        for (double v : values) {
            int bin = Arrays.binarySearch(edges, v);
            // an exact edge belongs to the bin it closes; otherwise the insertion point is the bin
            counts[bin >= 0 ? bin : -bin - 1]++;
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] /= values.length;
        }
        return counts;
    }
}
