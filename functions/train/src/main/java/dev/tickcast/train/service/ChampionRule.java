package dev.tickcast.train.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which of a run's candidates becomes champion. Each goes through the {@link PromotionGate} in turn on the same
 * holdout rows, against the best so far: the current champion (the persistence baseline until a model has beaten
 * it), then every earlier candidate that passed. The champion after the run is the last that passed (so the best
 * that passed), or the current one if none did. A candidate that passed but was bettered by a later one keeps its
 * pass (it may be rolled back to) and says which beat it.
 */
public final class ChampionRule {
    private ChampionRule() {
    }

    /** A candidate: its version, a name for messages ("XGBoost"), its holdout metrics and Diebold–Mariano statistic. */
    public record Contender(String version, String name, ForecastMetrics holdout, double dieboldMariano) {
    }

    /** The gate's decision for each contender (same order), and the version to switch the champion to, if any. */
    public record Verdict(List<PromotionGate.Decision> decisions, Optional<String> winner) {
    }

    public static Verdict judge(Optional<PromotionGate.ChampionScore> champion, List<Contender> contenders) {
        Optional<PromotionGate.ChampionScore> bar = champion;
        List<PromotionGate.Decision> decisions = new ArrayList<>();
        int winner = -1;
        for (int i = 0; i < contenders.size(); i++) {
            Contender c = contenders.get(i);
            PromotionGate.Decision d = PromotionGate.decide(c.holdout(), c.dieboldMariano(), bar);
            if (d.promote()) {
                if (winner >= 0) {
                    PromotionGate.Decision beaten = decisions.get(winner);
                    decisions.set(winner, new PromotionGate.Decision(true, beaten.reason() + "; not champion: "
                            + c.name() + " " + c.version() + " did better on the same holdout"));
                }
                winner = i;
                bar = Optional.of(PromotionGate.ChampionScore.scored(c.version(), c.holdout()));
            }
            decisions.add(d);
        }
        return new Verdict(decisions, winner < 0 ? Optional.empty() : Optional.of(contenders.get(winner).version()));
    }
}
