package dev.tickcast.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.market.Trade;
import dev.tickcast.marketdata.TradeBatches;
import dev.tickcast.marketdata.kraken.Backoff;
import dev.tickcast.marketdata.kraken.KrakenRestClient;
import dev.tickcast.marketdata.kraken.KrakenWire;
import dev.tickcast.marketdata.kraken.MockKrakenServer;

/** The resume logic of {@code ./tickcast backfill} against a local Kraken, with a sink that records what it is given. */
class BackfillTest {
    static final String DEFAULT_PAIR = "BTC/USD";
    static final Instant DEFAULT_UNTIL = Instant.parse("2026-11-20T12:00:00Z");
    static final Instant DEFAULT_FROM = DEFAULT_UNTIL.minus(Duration.ofDays(2));
    static final int DEFAULT_PAGE_SIZE = 1000;

    @TempDir
    Path cursors;
    MockKrakenServer kraken;
    KrakenRestClient rest;
    final List<List<Trade>> published = new ArrayList<>();

    @BeforeEach
    void startKraken() {
        kraken = MockKrakenServer.start();
        kraken.restPageSize(DEFAULT_PAGE_SIZE);
        rest = new KrakenRestClient(KrakenRestClient.Settings.defaults()
                .withBaseUri(kraken.restUri())
                .withRequestInterval(Duration.ZERO)
                .withBackoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(100))));
    }

    @AfterEach
    void stopKraken() {
        kraken.close();
    }

    /** 2,700 trades 70 s apart from 6 h before the window to 1.5 h before its end: some before it, most in it. */
    List<Trade> createHistory() {
        return kraken.trade(DEFAULT_PAIR, 2_700, DEFAULT_FROM.minus(Duration.ofHours(6)), Duration.ofSeconds(70));
    }

    static List<Trade> inWindow(List<Trade> trades) {
        return trades.stream().filter(t -> t.time().isAfter(DEFAULT_FROM)).toList();
    }

    Backfill createBackfill(Backfill.PageSink sink, PrintStream progress) {
        return new Backfill(rest, sink, cursors, progress);
    }

    Backfill.PageSink recording() {
        return (pair, trades) -> published.add(trades);
    }

    List<Trade> publishedTrades() {
        return published.stream().flatMap(List::stream).toList();
    }

    @Test
    void publishesTheWindowPageByPageShowingProgressAndKeepsTheCursor() throws Exception {
        List<Trade> expected = inWindow(createHistory());
        kraken.failNextRest("EAPI:Rate limit exceeded", 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        Backfill.Result result = createBackfill(recording(), new PrintStream(out, true, StandardCharsets.UTF_8))
                .run(DEFAULT_PAIR, DEFAULT_FROM, DEFAULT_UNTIL);

        assertThat(publishedTrades()).isEqualTo(expected);
        assertThat(published).allSatisfy(page -> assertThat(page).hasSizeLessThanOrEqualTo(DEFAULT_PAGE_SIZE));
        assertThat(result.trades()).isEqualTo(expected.size());
        assertThat(result.pages()).isEqualTo(4); // three with trades, then one with nothing newer
        assertThat(result.reached()).isEqualTo(expected.get(expected.size() - 1).time());
        assertThat(result.resumed()).isFalse();
        assertThat(kraken.restSince().get(0)).isEqualTo(KrakenWire.nanos(DEFAULT_FROM));

        BackfillCursor cursor = BackfillCursor.load(cursors.resolve("BTC-USD.cursor")).orElseThrow();
        Trade last = expected.get(expected.size() - 1);
        assertThat(cursor).isEqualTo(new BackfillCursor(DEFAULT_PAIR, KrakenWire.nanos(last.time()), last.id(), last.time()));
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("BTC/USD page 1: +1,000 trades (1,000 in all), event time ")
                .contains("BTC/USD page 3: +" + String.format("%,d", expected.size() - 2000) + " trades (" + String.format("%,d", expected.size()) + " in all)")
                .contains("% of the window)");
    }

    @Test
    void anInterruptedRunContinuesWhereItStopped() throws Exception {
        List<Trade> expected = inWindow(createHistory());
        AtomicInteger calls = new AtomicInteger();
        Backfill.PageSink interruptedOnPage2 = (pair, trades) -> {
            if (calls.incrementAndGet() == 2) {
                throw new InterruptedException("Ctrl-C");
            }
            published.add(trades);
        };
        assertThatThrownBy(() -> createBackfill(interruptedOnPage2, null).run(DEFAULT_PAIR, DEFAULT_FROM, DEFAULT_UNTIL))
                .isInstanceOf(InterruptedException.class);
        assertThat(publishedTrades()).isEqualTo(expected.subList(0, DEFAULT_PAGE_SIZE));
        int requestsBefore = kraken.restRequests();

        Backfill.Result result = createBackfill(recording(), null).run(DEFAULT_PAIR, DEFAULT_FROM, DEFAULT_UNTIL);

        assertThat(result.resumed()).isTrue();
        assertThat(result.trades()).isEqualTo(expected.size() - DEFAULT_PAGE_SIZE);
        assertThat(kraken.restSince().get(requestsBefore)).isEqualTo(KrakenWire.nanos(expected.get(DEFAULT_PAGE_SIZE - 1).time()));
        assertThat(publishedTrades()).extracting(Trade::id).doesNotHaveDuplicates();
        assertThat(publishedTrades()).isEqualTo(expected);
    }

    @Test
    void aPagePublishedButNotRecordedIsPublishedAgainAsTheSameEvents() throws Exception {
        createHistory();
        AtomicInteger calls = new AtomicInteger();
        Backfill.PageSink killedAfterPublishingPage2 = (pair, trades) -> {
            published.add(trades);
            if (calls.incrementAndGet() == 2) {
                throw new IllegalStateException("killed before the cursor was written");
            }
        };
        assertThatThrownBy(() -> createBackfill(killedAfterPublishingPage2, null).run(DEFAULT_PAIR, DEFAULT_FROM, DEFAULT_UNTIL))
                .hasMessageContaining("killed");
        List<Trade> page2 = published.get(1);
        published.clear();

        createBackfill(recording(), null).run(DEFAULT_PAIR, DEFAULT_FROM, DEFAULT_UNTIL);

        // same trades, so the same batches with the same event ids: consumers drop them as duplicates
        assertThat(published.get(0)).isEqualTo(page2);
        assertThat(eventIds(published.get(0))).isEqualTo(eventIds(page2)).doesNotHaveDuplicates();
    }

    @Test
    void runningAgainAddsNothingTwiceAndOnlyWhatIsNew() throws Exception {
        List<Trade> history = createHistory();
        createBackfill(recording(), null).run(DEFAULT_PAIR, DEFAULT_FROM, DEFAULT_UNTIL);
        int firstRun = publishedTrades().size();
        assertThat(firstRun).isEqualTo(inWindow(history).size());

        Backfill.Result again = createBackfill(recording(), null).run(DEFAULT_PAIR, DEFAULT_FROM, DEFAULT_UNTIL);
        assertThat(again.trades()).isZero();
        assertThat(again.resumed()).isTrue();
        assertThat(publishedTrades()).hasSize(firstRun);

        Instant afterLast = history.get(history.size() - 1).time().plusSeconds(30);
        List<Trade> newer = kraken.trade(DEFAULT_PAIR, 40, afterLast, Duration.ofSeconds(60));
        Backfill.Result third = createBackfill(recording(), null).run(DEFAULT_PAIR, DEFAULT_FROM, DEFAULT_UNTIL);
        assertThat(third.trades()).isEqualTo(40);
        assertThat(publishedTrades().subList(firstRun, firstRun + 40)).isEqualTo(newer);
        assertThat(publishedTrades()).extracting(Trade::id).doesNotHaveDuplicates();
    }

    @Test
    void aCursorOlderThanTheWindowIsNotFollowed() throws Exception {
        List<Trade> history = createHistory();
        Trade old = history.get(10);
        new BackfillCursor(DEFAULT_PAIR, KrakenWire.nanos(old.time()), old.id(), old.time()).save(cursors.resolve("BTC-USD.cursor"));

        Backfill.Result result = createBackfill(recording(), null).run(DEFAULT_PAIR, DEFAULT_FROM, DEFAULT_UNTIL);

        assertThat(result.resumed()).isFalse();
        assertThat(publishedTrades()).isEqualTo(inWindow(history));
    }

    private static List<String> eventIds(List<Trade> trades) {
        return TradeBatches.perMinute(trades).stream()
                .map(batch -> TradeBatches.event(DEFAULT_PAIR, BackfillCommand.SOURCE, batch))
                .map(CloudEventEnvelope::id)
                .toList();
    }
}
