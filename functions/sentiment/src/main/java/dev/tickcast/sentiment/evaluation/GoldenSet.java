package dev.tickcast.sentiment.evaluation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * A labelled headline set in CSV (RFC 4180: comma-separated, double quotes around fields that hold commas or
 * quotes, a doubled quote inside): header {@code headline,coin,label} and an optional fourth column {@code score}
 * in [-1, 1]. Lines starting with {@code #} before the header are comments. Any broken row is rejected with its
 * line number, the column and the rule.
 */
public final class GoldenSet {
    public static final String RESOURCE = "/golden/crypto-headlines.csv";

    private GoldenSet() {
    }

    /** The project's own golden set (see docs/sentiment.md for its provenance). */
    public static List<LabeledHeadline> bundled() {
        try (InputStream in = GoldenSet.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<LabeledHeadline> read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    public static List<LabeledHeadline> parse(String csv, String origin) {
        List<LabeledHeadline> rows = new ArrayList<>();
        String[] lines = csv.replace("\r\n", "\n").split("\n", -1);
        boolean header = false;
        boolean withScore = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int number = i + 1;
            if (line.isBlank() || (!header && line.startsWith("#"))) {
                continue;
            }
            List<String> fields = fields(line, origin, number);
            if (!header) {
                List<String> names = fields.stream().map(f -> f.trim().toLowerCase(Locale.ROOT)).toList();
                withScore = names.equals(List.of("headline", "coin", "label", "score"));
                if (!withScore && !names.equals(List.of("headline", "coin", "label"))) {
                    throw invalid(origin, number, "header", "headline,coin,label[,score]", "got " + line);
                }
                header = true;
                continue;
            }
            if (fields.size() != (withScore ? 4 : 3)) {
                throw invalid(origin, number, "row", (withScore ? 4 : 3) + " columns", "got " + fields.size() + ": " + line);
            }
            String headline = fields.get(0).trim();
            if (headline.isEmpty()) {
                throw invalid(origin, number, "headline", "not empty", "the headline is empty");
            }
            String coin = fields.get(1).trim().toUpperCase(Locale.ROOT);
            if (!coin.matches("[A-Z0-9]{2,10}")) {
                throw invalid(origin, number, "coin", "^[A-Z0-9]{2,10}$", "got \"" + fields.get(1) + "\"");
            }
            Label label;
            try {
                label = Label.parse(fields.get(2));
            } catch (IllegalArgumentException e) {
                throw invalid(origin, number, "label", "positive|negative|neutral", "got \"" + fields.get(2) + "\"");
            }
            OptionalDouble score = OptionalDouble.empty();
            if (withScore && !fields.get(3).isBlank()) {
                double value;
                try {
                    value = Double.parseDouble(fields.get(3).trim());
                } catch (NumberFormatException e) {
                    throw invalid(origin, number, "score", "number in [-1, 1]", "got \"" + fields.get(3) + "\"");
                }
                if (!(value >= -1 && value <= 1)) {
                    throw invalid(origin, number, "score", "number in [-1, 1]", "got " + value);
                }
                score = OptionalDouble.of(value);
            }
            rows.add(new LabeledHeadline(number, headline, coin, label, score));
        }
        if (!header) {
            throw invalid(origin, 1, "header", "headline,coin,label[,score]", "the file has no header");
        }
        return rows;
    }

    private static List<String> fields(String line, String origin, int number) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw invalid(origin, number, "row", "closed quotes", "a quoted field is not closed: " + line);
        }
        fields.add(field.toString());
        return fields;
    }

    private static IllegalArgumentException invalid(String origin, int line, String field, String rule, String message) {
        return new IllegalArgumentException(origin + " line " + line + ": " + field + " [" + rule + "]: " + message);
    }
}
