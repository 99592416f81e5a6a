package dev.tickcast.ingest.service;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import dev.tickcast.ingest.client.CryptoPanicClient;
import dev.tickcast.ingest.client.FeedClient;
import dev.tickcast.ingest.client.NewsSource;
import dev.tickcast.ingest.client.SourceFailure;
import dev.tickcast.ingest.repository.NewsLedger;
import dev.tickcast.ingest.repository.NewsSourceStates;
import dev.tickcast.ingest.repository.NewsSourceStates.SourceState;

/**
 * One poll of every configured source, on each news.poll.v1 tick.
 * <ul>
 * <li>A paged source (CryptoPanic-style) is read newest first, following {@code next} until a page reaches what
 * an earlier walk saw, the last page, or {@code maxPages}; the cursor ({@code next}) is stored after every page,
 * so a walk cut short (page budget, error, restart) resumes where it stopped.</li>
 * <li>A feed (RSS/Atom) is fetched with its ETag and Last-Modified; a 304 costs nothing.</li>
 * <li>Every item is recorded by id and URL before it is sent; only new ones go out, valid ones as news.v1,
 * invalid ones to the dead-letter destination with their violation. Items not yet acknowledged are re-sent
 * first at the next poll (same event id), so none is lost and none is emitted twice by the poller.</li>
 * <li>A source that fails (HTTP 429, 5xx, IO, unreadable body) rests for an exponential, jittered back-off kept
 * in the database, so it holds across polls and restarts; the other sources are polled as usual.</li>
 * </ul>
 * Blocking: runs on a worker thread.
 */
public class NewsPoller {
    private static final Logger LOG = Logger.getLogger(NewsPoller.class);

    /** What one poll did with one source. */
    public record SourceReport(String source, String outcome, int pages, int newItems, int emitted, int deadLettered) {
    }

    private final List<NewsSource> sources;
    private final NewsLedger ledger;
    private final NewsSourceStates states;
    private final NewsPublisher publisher;
    private final BackOff backOff;
    private final Clock clock;
    private final int maxPages;
    private final Duration lease;
    private final AtomicBoolean saidNoSources = new AtomicBoolean();

    public NewsPoller(List<NewsSource> sources, NewsLedger ledger, NewsSourceStates states, NewsPublisher publisher,
            BackOff backOff, Clock clock, int maxPages, Duration lease) {
        if (maxPages < 1) {
            throw new IllegalArgumentException("tickcast.ingest.news.max-pages: must be at least 1, got " + maxPages);
        }
        this.sources = List.copyOf(sources);
        this.ledger = ledger;
        this.states = states;
        this.publisher = publisher;
        this.backOff = backOff;
        this.clock = clock;
        this.maxPages = maxPages;
        this.lease = lease;
    }

    public List<NewsSource> sources() {
        return sources;
    }

    /** Polls every source once; {@code traceparent} (of the tick) goes on the events. */
    public List<SourceReport> poll(String traceparent) {
        if (sources.isEmpty()) {
            if (saidNoSources.compareAndSet(false, true)) {
                LOG.info("news polling: no sources configured (CRYPTOPANIC_TOKEN, TICKCAST_INGEST_NEWS_FEEDS): polls do nothing");
            }
            return List.of();
        }
        List<SourceReport> reports = new ArrayList<>();
        RuntimeException internal = null;
        for (NewsSource source : sources) {
            try {
                reports.add(poll(source, traceparent));
            } catch (RuntimeException e) {
                // our side failed (database, broker): the items stay unemitted in the ledger for the next poll
                LOG.errorf(e, "news polling of %s failed", source.name());
                internal = internal == null ? e : internal;
            }
        }
        if (internal != null) {
            throw internal;
        }
        return reports;
    }

    private SourceReport poll(NewsSource source, String traceparent) {
        Instant now = clock.instant();
        Optional<SourceState> claimed = states.claim(source.name(), now, now.plus(lease));
        if (claimed.isEmpty()) {
            SourceState state = states.read(source.name()).orElseThrow();
            String why = state.retryAfter() != null && state.retryAfter().isAfter(now)
                    ? "backing off until " + state.retryAfter() + " after " + state.failures() + " failure(s): " + state.lastError()
                    : "held by another poller until " + state.leaseUntil();
            LOG.debugf("news source %s skipped: %s", source.name(), why);
            return new SourceReport(source.name(), "skipped: " + why, 0, 0, 0, 0);
        }
        SourceState state = claimed.get();
        Tally tally = new Tally();
        try {
            flush(source.name(), traceparent, tally); // left over from a poll that could not finish sending
            if (source instanceof CryptoPanicClient paged) {
                pollPages(paged, state, traceparent, tally, now);
            } else if (source instanceof FeedClient feed) {
                FeedClient.Fetch fetch = feed.fetch(state.etag(), state.lastModified());
                tally.pages = 1;
                take(fetch.items(), tally);
                flush(source.name(), traceparent, tally);
                states.succeeded(source.name(), true, null, fetch.etag(), fetch.lastModified(), now);
                if (fetch.notModified()) {
                    return tally.report(source.name(), "not modified");
                }
            } else {
                throw new IllegalStateException("unknown kind of news source: " + source.getClass().getName());
            }
            return tally.report(source.name(), "ok");
        } catch (SourceFailure | IOException e) {
            int failures = state.failures() + 1;
            Duration wait = backOff.after(failures, e instanceof SourceFailure f ? f.retryAfter() : Optional.empty());
            String error = e instanceof SourceFailure ? e.getMessage()
                    : source.name() + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            states.failed(source.name(), failures, now.plus(wait), error);
            LOG.warnf("news source %s failed (%d in a row), next try in %s: %s", source.name(), failures, wait, error);
            return tally.report(source.name(), "failed: " + error);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            states.failed(source.name(), state.failures(), null, "interrupted");
            return tally.report(source.name(), "interrupted");
        } catch (RuntimeException e) {
            states.failed(source.name(), state.failures(), null, e.toString());
            throw e;
        }
    }

    private void pollPages(CryptoPanicClient source, SourceState state, String traceparent, Tally tally, Instant now)
            throws IOException, InterruptedException, SourceFailure {
        boolean resuming = state.nextPage() != null;
        String cursor = resuming ? state.nextPage() : source.firstPage();
        Instant walkNewest = resuming ? state.walkNewest() : null;
        boolean complete = false;
        while (tally.pages < maxPages) {
            CryptoPanicClient.Page page = source.page(cursor);
            tally.pages++;
            int fresh = take(page.items(), tally);
            flush(source.name(), traceparent, tally);
            boolean reachedKnown = false;
            for (NewsCandidate item : page.items()) {
                Instant published = item.publishedAt();
                if (published != null) {
                    walkNewest = walkNewest == null || published.isAfter(walkNewest) ? published : walkNewest;
                    reachedKnown |= state.newestSeen() != null && !published.isAfter(state.newestSeen());
                }
            }
            if (page.next() == null || page.items().isEmpty() || fresh == 0 || reachedKnown) {
                complete = true;
                break;
            }
            cursor = page.next();
            states.pageDone(source.name(), cursor, walkNewest);
        }
        Instant newestSeen = !complete ? null
                : state.newestSeen() == null || (walkNewest != null && walkNewest.isAfter(state.newestSeen())) ? walkNewest
                        : state.newestSeen();
        states.succeeded(source.name(), complete, newestSeen, null, null, now);
        if (!complete) {
            LOG.infof("news source %s: %d page(s) read, the walk goes on at the next poll", source.name(), tally.pages);
        }
    }

    /** Records the items; returns how many were new (not known by id or URL). */
    private int take(List<NewsCandidate> items, Tally tally) {
        int fresh = 0;
        for (NewsCandidate item : items) {
            if (ledger.record(item)) {
                fresh++;
            }
        }
        tally.newItems += fresh;
        return fresh;
    }

    /** Sends every recorded item of the source not acknowledged yet, oldest first. */
    private void flush(String source, String traceparent, Tally tally) {
        for (NewsLedger.Unemitted item : ledger.unemitted(source)) {
            if (publisher.publish(item, traceparent)) {
                tally.emitted++;
            } else {
                tally.deadLettered++;
            }
            ledger.markEmitted(item.newsId());
        }
    }

    private static final class Tally {
        int pages;
        int newItems;
        int emitted;
        int deadLettered;

        SourceReport report(String source, String outcome) {
            return new SourceReport(source, outcome, pages, newItems, emitted, deadLettered);
        }
    }
}
