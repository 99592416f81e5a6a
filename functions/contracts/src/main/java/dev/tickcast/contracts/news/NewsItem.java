package dev.tickcast.contracts.news;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code dev.tickcast.news.v1}: one news item as polled from a source.
 *
 * @param id         stable id: the source's, or derived from the URL
 * @param currencies currency codes the source tagged the item with; may be empty
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NewsItem(
        String id,
        String source,
        String url,
        String title,
        String summary,
        Instant publishedAt,
        List<String> currencies) {
    public NewsItem {
        currencies = currencies == null ? List.of() : List.copyOf(currencies);
    }
}
