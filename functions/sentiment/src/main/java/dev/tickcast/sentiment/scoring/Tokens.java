package dev.tickcast.sentiment.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Lower-case word tokens of a headline: letters, digits, inner apostrophes and hyphens, and a leading {@code $}. */
final class Tokens {
    private static final Pattern WORD = Pattern.compile("\\$?[\\p{L}\\p{N}]+(?:['’\\-][\\p{L}\\p{N}]+)*");

    private Tokens() {
    }

    static List<String> of(String text) {
        List<String> tokens = new ArrayList<>();
        if (text == null) {
            return tokens;
        }
        Matcher matcher = WORD.matcher(text.toLowerCase(Locale.ROOT).replace('’', '\''));
        while (matcher.find()) {
            tokens.add(matcher.group());
        }
        return tokens;
    }
}
