package dev.tickcast.train.service;

/**
 * What XGBoost minimizes on the log return. The gate judges the mean absolute price error, so the squared error
 * (a model of the conditional mean, pulled by the few large moves) is not what it rewards; the absolute error
 * models the conditional median, and the pseudo-Huber loss is quadratic within {@code slope} of the target and
 * absolute beyond it, the slope set on the scale of the returns (their median absolute value in the rows fitted).
 */
public enum Objective {
    SQUARED_ERROR("reg:squarederror"),
    ABSOLUTE_ERROR("reg:absoluteerror"),
    PSEUDO_HUBER("reg:pseudohubererror");

    private final String xgboostName;

    Objective(String xgboostName) {
        this.xgboostName = xgboostName;
    }

    /** The name of XGBoost's {@code objective} parameter. */
    public String xgboostName() {
        return xgboostName;
    }

    /** {@code absolute-error} etc.: the form a configuration value or a command-line option takes. */
    public String option() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public static Objective ofOption(String option) {
        for (Objective o : values()) {
            if (o.option().equals(option)) {
                return o;
            }
        }
        throw new IllegalArgumentException("objective: must be one of squared-error, absolute-error, pseudo-huber, got '"
                + option + "'");
    }
}
