package dev.tickcast.ingest.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;

import dev.tickcast.contracts.cloudevents.EventIds;
import dev.tickcast.ingest.service.NewsCandidate;

/**
 * An RSS 2.0 or Atom feed, read with ROME. Conditional requests: the ETag and Last-Modified of the last answer
 * go back as If-None-Match and If-Modified-Since, and a 304 means nothing new.
 */
public final class FeedClient implements NewsSource {
    /** An answer: {@code notModified}, or the entries with the validators to send next time. */
    public record Fetch(boolean notModified, List<NewsCandidate> items, String etag, String lastModified) {
    }

    private final String name;
    private final URI url;
    private final HttpClient http;
    private final Duration timeout;

    public FeedClient(String name, URI url, HttpClient http, Duration timeout) {
        this.name = Objects.requireNonNull(name, "name");
        this.url = Objects.requireNonNull(url, "url");
        this.http = http;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return name;
    }

    public URI url() {
        return url;
    }

    public Fetch fetch(String etag, String lastModified) throws IOException, InterruptedException, SourceFailure {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout).GET()
                .header("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.1")
                .header("User-Agent", HttpSupport.USER_AGENT);
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        if (lastModified != null) {
            request.header("If-Modified-Since", lastModified);
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 304) {
            return new Fetch(true, List.of(), etag, lastModified);
        }
        if (response.statusCode() != 200) {
            throw HttpSupport.failure(name, response);
        }
        SyndFeed feed;
        try {
            SyndFeedInput input = new SyndFeedInput();
            input.setAllowDoctypes(false); // no external entities from a feed
            feed = input.build(new XmlReader(new ByteArrayInputStream(response.body())));
        } catch (FeedException | IllegalArgumentException e) {
            throw new SourceFailure(name + ": not an RSS or Atom feed at " + url + ": " + e.getMessage(), e);
        }
        List<NewsCandidate> items = new ArrayList<>();
        for (SyndEntry entry : feed.getEntries()) {
            items.add(candidate(entry));
        }
        return new Fetch(false, items, response.headers().firstValue("ETag").orElse(null),
                response.headers().firstValue("Last-Modified").orElse(null));
    }

    private NewsCandidate candidate(SyndEntry entry) {
        String link = blankToNull(entry.getLink());
        String guid = blankToNull(entry.getUri());
        // the feed's own id (RSS guid, Atom id) when it has one, else the URL: stable across polls either way
        String newsId = "feed-" + (guid != null ? EventIds.derive(name, "guid", guid)
                : link != null ? EventIds.derive("url", link)
                        : EventIds.derive(name, "entry", String.valueOf(entry.getTitle()), String.valueOf(entry.getPublishedDate())));
        Date published = entry.getPublishedDate() != null ? entry.getPublishedDate() : entry.getUpdatedDate();
        List<String> currencies = new ArrayList<>();
        return NewsCandidate.of(newsId, name, link, plain(entry.getTitle()), summary(entry),
                published == null ? null : published.toInstant().toString(), currencies);
    }

    private static String summary(SyndEntry entry) {
        SyndContent description = entry.getDescription();
        if (description != null && description.getValue() != null) {
            return plain(description.getValue());
        }
        if (!entry.getContents().isEmpty() && entry.getContents().get(0).getValue() != null) {
            return plain(entry.getContents().get(0).getValue());
        }
        return null;
    }

    /** Feed text is often HTML: tags dropped, common entities decoded, whitespace collapsed. */
    static String plain(String html) {
        if (html == null) {
            return null;
        }
        String text = html.replaceAll("(?s)<!\\[CDATA\\[|]]>", "").replaceAll("(?s)<[^>]*>", " ")
                .replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
        text = text.replaceAll("\\s+", " ").replaceAll(" ([.,;:!?])", "$1").strip();
        return text.isEmpty() ? null : text;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
