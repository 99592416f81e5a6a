package dev.tickcast.contracts.model;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code dev.tickcast.train.requested.v1}: an operator asked for a training run of a pair now, besides the
 * schedule (the api's admin action). The run is an ordinary one: the gate decides whether it is promoted.
 *
 * @param from        start of the training data; absent: the configured lookback before {@code to}
 * @param to          end of the training data; absent: the time of the run
 * @param requestedBy who asked (the authenticated principal), for the log
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainRequested(String pair, Instant from, Instant to, Instant requestedAt, String requestedBy) {
}
