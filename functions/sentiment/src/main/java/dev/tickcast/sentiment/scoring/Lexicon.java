package dev.tickcast.sentiment.scoring;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A valence word list (terms of one to three words, valence -5 … 5), read from a {@code term<TAB>valence} resource.
 * The default is afinn-165-financialmarketnews 3.0.0, generated from its npm package (see the resource's header).
 */
public final class Lexicon {
    public static final String AFINN_FINANCIAL_MARKET_NEWS = "afinn-165-financialmarketnews";
    private static final String RESOURCE = "/lexicon/afinn-165-financialmarketnews.tsv";

    private final String name;
    private final Map<String, Integer> valences;
    private final int longestTerm;

    public Lexicon(String name, Map<String, Integer> valences) {
        this.name = name;
        this.valences = Map.copyOf(valences);
        this.longestTerm = valences.keySet().stream().mapToInt(term -> term.split(" ").length).max().orElse(1);
    }

    public static Lexicon afinnFinancialMarketNews() {
        try (InputStream in = Lexicon.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return read(AFINN_FINANCIAL_MARKET_NEWS, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Lexicon read(String name, InputStream in) throws IOException {
        Map<String, Integer> valences = new HashMap<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int tab = line.lastIndexOf('\t');
            if (tab <= 0) {
                throw new IllegalStateException(name + " line " + number + ": expected term<TAB>valence, got " + line);
            }
            valences.put(line.substring(0, tab), Integer.parseInt(line.substring(tab + 1).trim()));
        }
        return new Lexicon(name, valences);
    }

    public String name() {
        return name;
    }

    public int size() {
        return valences.size();
    }

    public OptionalInt valence(String term) {
        Integer valence = valences.get(term);
        return valence == null ? OptionalInt.empty() : OptionalInt.of(valence);
    }

    int longestTerm() {
        return longestTerm;
    }
}
