package dev.tickcast.contracts.news;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code dev.tickcast.news.poll.v1}: a tick of the news-poll schedule. It carries no work: every tick polls
 * every configured source from where it stopped, so a missed or doubled tick only moves one poll.
 *
 * @param requestedAt when the scheduler fired; absent from a Knative PingSource tick (its data is {@code {}},
 *                    its time is the event's {@code time} attribute)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NewsPoll(Instant requestedAt) {
}
