package dev.tickcast.train.service;

import java.util.Optional;

/**
 * Whether a new model may become champion: it must beat persistence on the holdout by more than luck, and the
 * current champion on the same holdout rows.
 */
public final class PromotionGate {
    /** One-sided 5 % for the Diebold–Mariano statistic. */
    public static final double MIN_DIEBOLD_MARIANO = 1.645;

    private PromotionGate() {
    }

    /** The champion scored on the candidate's holdout, or why it could not be. */
    public record ChampionScore(String version, ForecastMetrics metrics, String notComparable) {
        public static ChampionScore scored(String version, ForecastMetrics metrics) {
            return new ChampionScore(version, metrics, null);
        }

        public static ChampionScore notComparable(String version, String why) {
            return new ChampionScore(version, null, why);
        }
    }

    public record Decision(boolean promote, String reason) {
    }

    public static Decision decide(ForecastMetrics candidate, double dieboldMariano, Optional<ChampionScore> champion) {
        if (!(candidate.mae() < candidate.maePersistence())) {
            return new Decision(false, String.format("does not beat persistence on the holdout: MAE %.6f ≥ %.6f "
                    + "(skill %+.4f over %d rows)", candidate.mae(), candidate.maePersistence(), candidate.skill(),
                    candidate.rows()));
        }
        if (!(dieboldMariano >= MIN_DIEBOLD_MARIANO)) {
            return new Decision(false, String.format("beats persistence on the holdout by too little to tell from "
                    + "luck: skill %+.4f over %d rows, Diebold–Mariano %.2f < %.3f", candidate.skill(),
                    candidate.rows(), dieboldMariano, MIN_DIEBOLD_MARIANO));
        }
        String beatsPersistence = String.format("beats persistence (skill %+.4f, Diebold–Mariano %.2f)",
                candidate.skill(), dieboldMariano);
        if (champion.isEmpty()) {
            return new Decision(true, beatsPersistence + "; no champion yet");
        }
        ChampionScore current = champion.get();
        if (current.metrics() == null) {
            return new Decision(true, beatsPersistence + "; champion " + current.version()
                    + " not comparable on this holdout (" + current.notComparable() + ")");
        }
        if (!(candidate.mae() < current.metrics().mae())) {
            return new Decision(false, String.format("does not beat champion %s on the same holdout: MAE %.6f ≥ %.6f",
                    current.version(), candidate.mae(), current.metrics().mae()));
        }
        return new Decision(true, String.format("%s and champion %s on the same holdout (MAE %.6f < %.6f)",
                beatsPersistence, current.version(), candidate.mae(), current.metrics().mae()));
    }
}
