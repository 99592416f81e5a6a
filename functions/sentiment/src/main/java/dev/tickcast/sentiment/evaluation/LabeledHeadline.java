package dev.tickcast.sentiment.evaluation;

import java.util.OptionalDouble;

/** One row of a golden set: a headline, the coin it is rated for, its label and (optionally) a reference score. */
public record LabeledHeadline(int line, String headline, String coin, Label label, OptionalDouble score) {
}
