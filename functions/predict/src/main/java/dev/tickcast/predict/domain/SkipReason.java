package dev.tickcast.predict.domain;

/** Why a feature row got no prediction (README: the rules). Each is logged and counted. */
public enum SkipReason {
    /** The row is flagged warm-up: its indicators lack the history the model was trained with. */
    WARMUP("warm-up"),
    /** The row is more than tickcast.predict.max-lag older than the newest row predicted for its pair. */
    STALE("stale"),
    /** The pair has no champion, or its champion could not be served. */
    NO_MODEL("no-model"),
    /** The row is more than tickcast.predict.model-max-age after the end of the model's training data. */
    EXPIRED("expired"),
    /** The row's feature schema hash differs from the one the model was trained on. */
    SCHEMA_MISMATCH("schema-mismatch");

    private final String label;

    SkipReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
