package dev.tickcast.contracts.model;

/**
 * The one definition of a direction hit and of direction accuracy, for train's holdout and evaluate's live
 * scores alike ({@link Evaluation#directionHit()}): a forecast hits when the sign of its predicted move from the
 * base price equals the sign of the move that came true, −1, 0 or +1. Every row counts; a flat outcome is a hit
 * only for a flat forecast, so a model is not rewarded for quiet minutes it did not call, and persistence (which
 * always predicts no move) hits exactly the flat rows.
 * <p>
 * Accuracy alone says little: the base rate beside it is the accuracy of the better constant call, "always up"
 * or "always down", i.e. the share of the majority direction. A model's accuracy is worth something only above it.
 */
public final class DirectionHits {
    private final int rows;
    private final int hits;
    private final int up;
    private final int down;

    private DirectionHits(int rows, int hits, int up, int down) {
        this.rows = rows;
        this.hits = hits;
        this.up = up;
        this.down = down;
    }

    public static DirectionHits none() {
        return new DirectionHits(0, 0, 0, 0);
    }

    /** Whether a forecast of {@code predictedSign} hits an outcome of {@code actualSign} (signs as compareTo gives). */
    public static boolean hit(int predictedSign, int actualSign) {
        return Integer.signum(predictedSign) == Integer.signum(actualSign);
    }

    /** One more row: the signs of the predicted and of the actual move (any int; only its sign counts). */
    public DirectionHits add(int predictedSign, int actualSign) {
        int actual = Integer.signum(actualSign);
        return new DirectionHits(rows + 1, hits + (hit(predictedSign, actual) ? 1 : 0), up + (actual > 0 ? 1 : 0),
                down + (actual < 0 ? 1 : 0));
    }

    /** {@link #add(int, int)} of the signs of two doubles (e.g. a predicted and an actual log return). */
    public DirectionHits add(double predictedMove, double actualMove) {
        return add((int) Math.signum(predictedMove), (int) Math.signum(actualMove));
    }

    public int rows() {
        return rows;
    }

    public int hits() {
        return hits;
    }

    /** Hits / rows; 0 without rows. */
    public double accuracy() {
        return rows == 0 ? 0 : (double) hits / rows;
    }

    /** The accuracy of "always up" or "always down", whichever is higher: max(up, down) / rows; 0 without rows. */
    public double baseRate() {
        return rows == 0 ? 0 : (double) Math.max(up, down) / rows;
    }
}
