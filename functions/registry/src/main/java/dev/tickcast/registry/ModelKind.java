package dev.tickcast.registry;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a registry version is, recorded as {@code kind} in its {@code metadata.json} and in {@code champion.json}.
 * Every kind is an XGBoost model file that DJL's XGBoost engine loads the same way; they differ in how they were
 * made and in whether they expire.
 */
public enum ModelKind {
    /** The price stays: a model that predicts a log return of exactly 0. Needs no training data, never expires. */
    PERSISTENCE,
    /** A robust linear model of the recent log returns (XGBoost gblinear, pseudo-Huber loss). */
    LINEAR,
    /** Gradient-boosted trees on every feature. */
    XGBOOST;

    /** The name written in metadata.json and champion.json: {@code persistence}, {@code linear}, {@code xgboost}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether predict may serve it only for a while after its training data ends (trained kinds do). */
    public boolean expires() {
        return this != PERSISTENCE;
    }

    public static ModelKind of(String label) {
        for (ModelKind kind : values()) {
            if (kind.label().equals(label)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("kind: must be one of persistence, linear, xgboost, got '" + label + "'");
    }

    /** The {@code kind} of a metadata.json or champion.json; versions written before kinds existed are XGBoost. */
    public static ModelKind of(JsonNode document) {
        JsonNode kind = document.path("kind");
        return kind.isMissingNode() || kind.isNull() ? XGBOOST : of(kind.asText());
    }
}
