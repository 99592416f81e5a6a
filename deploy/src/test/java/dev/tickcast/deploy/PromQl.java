package dev.tickcast.deploy;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names and label names a PromQL expression (or a Grafana variable query) refers to. Not a full parser —
 * promtool checks the syntax — but a tokenizer that knows what is not a metric: strings, durations and numbers,
 * label matchers, range selectors, function calls, aggregation operators, grouping and matching modifiers
 * ({@code by}, {@code without}, {@code on}, {@code ignoring}, {@code group_left}, {@code group_right}), set and
 * comparison keywords, Grafana's {@code $variables}. Whatever identifier is left is a metric name.
 */
record PromQl(Set<String> metrics, Set<String> labels) {

    /** Aggregation operators and keywords: never a metric, with or without a following parenthesis. */
    static final Set<String> KEYWORDS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar", "count",
            "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio", "and", "or", "unless", "bool",
            "offset", "atan2", "inf", "nan");
    /** Modifiers whose parenthesised list names labels. */
    static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Pattern LABEL_VALUES = Pattern.compile(
            "^\\s*label_values\\(\\s*(?:(.*),\\s*)?([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)\\s*$", Pattern.DOTALL);

    /** A Grafana template variable query: {@code label_values(selector, label)}, or a PromQL expression. */
    static PromQl ofVariableQuery(String query) {
        Matcher labelValues = LABEL_VALUES.matcher(query);
        if (!labelValues.matches()) {
            return of(query);
        }
        PromQl selector = labelValues.group(1) == null ? new PromQl(Set.of(), Set.of()) : of(labelValues.group(1));
        Set<String> labels = new LinkedHashSet<>(selector.labels);
        labels.add(labelValues.group(2));
        return new PromQl(selector.metrics, labels);
    }

    static PromQl of(String expr) {
        Set<String> metrics = new LinkedHashSet<>();
        Set<String> labels = new LinkedHashSet<>();
        int i = 0;
        int n = expr.length();
        while (i < n) {
            char c = expr.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#') {
                while (i < n && expr.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '"' || c == '\'' || c == '`') {
                i = skipString(expr, i);
            } else if (c == '{') {
                i = matchers(expr, i + 1, metrics, labels);
            } else if (c == '[') {
                i = expr.indexOf(']', i) < 0 ? n : expr.indexOf(']', i) + 1;
            } else if (c == '$') {
                // a Grafana variable: $name or ${name} or ${name:format}
                i++;
                if (i < n && expr.charAt(i) == '{') {
                    i = expr.indexOf('}', i) < 0 ? n : expr.indexOf('}', i) + 1;
                } else {
                    while (i < n && isIdentifierPart(expr.charAt(i))) {
                        i++;
                    }
                }
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(expr.charAt(i + 1)))) {
                // numbers and durations: 1.25, 1e3, 0x1f, 10m, 1h30m
                while (i < n && (isIdentifierPart(expr.charAt(i)) || expr.charAt(i) == '.')) {
                    i++;
                }
            } else if (isIdentifierStart(c)) {
                int start = i;
                while (i < n && isIdentifierPart(expr.charAt(i))) {
                    i++;
                }
                String word = expr.substring(start, i);
                int next = skipSpace(expr, i);
                boolean call = next < n && expr.charAt(next) == '(';
                if (LABEL_LISTS.contains(word)) {
                    if (call) {
                        int close = expr.indexOf(')', next);
                        for (String label : expr.substring(next + 1, close < 0 ? n : close).split(",")) {
                            if (!label.isBlank()) {
                                labels.add(label.strip());
                            }
                        }
                        i = close < 0 ? n : close + 1;
                    }
                } else if (!call && !KEYWORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
                    metrics.add(word);
                }
            } else {
                i++;
            }
        }
        return new PromQl(metrics, labels);
    }

    /** Reads {@code name op "value", ...} up to the closing brace; {@code __name__="x"} names a metric. */
    private static int matchers(String expr, int i, Set<String> metrics, Set<String> labels) {
        int n = expr.length();
        String lastLabel = null;
        while (i < n && expr.charAt(i) != '}') {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                int end = skipString(expr, i);
                if ("__name__".equals(lastLabel)) {
                    metrics.add(expr.substring(i + 1, end - 1));
                }
                i = end;
            } else if (isIdentifierStart(c)) {
                int start = i;
                while (i < n && isIdentifierPart(expr.charAt(i))) {
                    i++;
                }
                lastLabel = expr.substring(start, i);
                if (!lastLabel.equals("__name__")) {
                    labels.add(lastLabel);
                }
            } else {
                i++;
            }
        }
        return i + 1;
    }

    private static int skipString(String expr, int i) {
        char quote = expr.charAt(i);
        i++;
        while (i < expr.length() && expr.charAt(i) != quote) {
            i += expr.charAt(i) == '\\' && quote != '`' ? 2 : 1;
        }
        return Math.min(i + 1, expr.length());
    }

    private static int skipSpace(String expr, int i) {
        while (i < expr.length() && Character.isWhitespace(expr.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_' || c == ':';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == ':';
    }
}
