package dev.tickcast.launcher;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A duration as options take it: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d} or ISO-8601 ({@code PT5M}). */
final class ShortDuration {
    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private ShortDuration() {
    }

    static Optional<Duration> parse(String value) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        Matcher match = SHORT.matcher(text);
        if (match.matches()) {
            long amount = Long.parseLong(match.group(1));
            return Optional.of(switch (match.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
        }
        try {
            return Optional.of(Duration.parse(text.toUpperCase(Locale.ROOT)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A positive duration option. */
    static final class Converter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return parse(value).filter(d -> !d.isNegative() && !d.isZero()).orElseThrow(() -> new TypeConversionException(
                    "must be a positive duration like 500ms, 30s, 5m, 2h, 7d or PT5M, got '" + value + "'"));
        }
    }
}
