package dev.tickcast.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.Topics;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.ingest.FeedDocuments;
import dev.tickcast.ingest.MockNewsResource;
import dev.tickcast.ingest.MockNewsServer;
import dev.tickcast.ingest.client.CryptoPanicClient;
import dev.tickcast.ingest.client.FeedClient;
import dev.tickcast.ingest.client.NewsSource;
import dev.tickcast.ingest.repository.NewsLedger;
import dev.tickcast.ingest.repository.NewsSourceStates;
import dev.tickcast.runtime.testing.BrokerClient;
import dev.tickcast.runtime.testing.StackTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The poller against a local news site, on the real broker and database. Each test uses its own sources (named
 * after the test and the run) so their state and events are theirs alone; a "restart" is a new poller over the
 * same database.
 */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MockNewsResource.class, scope = TestResourceScope.GLOBAL)
class NewsPollerTest {
    private static final Instant T0 = Instant.parse("2026-11-21T09:00:00Z");
    private static final AtomicInteger RUN = new AtomicInteger();

    MockNewsServer news;

    @Inject
    NewsLedger ledger;

    @Inject
    NewsSourceStates states;

    @Inject
    NewsPublisher publisher;

    private final HttpClient http = HttpClient.newHttpClient();
    private final MutableClock clock = new MutableClock(Instant.now());

    @Test
    void pagingFollowsNextAndAnItemSeenInAnEarlierPollIsNotEmittedAgain() throws Exception {
        String site = site("paging");
        for (int i = 1; i <= 5; i++) { // 5 posts: pages of 2, 2 and 1
            news.post(site, MockNewsServer.createPost(id(site, i), "Headline " + i, "https://example.org/" + site + "/" + i,
                    T0.plusSeconds(60L * i), "BTC"));
        }
        NewsPoller poller = poller(10, cryptopanic(site));

        assertThat(poller.poll(null)).singleElement().satisfies(report -> {
            assertThat(report.pages()).isEqualTo(3);
            assertThat(report.emitted()).isEqualTo(5);
        });
        news.post(site, MockNewsServer.createPost(id(site, 6), "Headline 6", "https://example.org/" + site + "/6",
                T0.plusSeconds(360), "ETH"));
        int before = news.requests(site).size();
        assertThat(poller.poll(null)).singleElement().satisfies(report -> {
            assertThat(report.pages()).as("the first page reaches what the last walk saw").isEqualTo(1);
            assertThat(report.newItems()).isEqualTo(1);
        });

        List<ConsumerRecord<String, byte[]>> events = events(site, 6);
        assertThat(events).extracting(r -> json(r).get("id").asText())
                .containsExactlyInAnyOrder(ids(site, 1, 2, 3, 4, 5, 6));
        assertThat(news.requests(site).subList(before, news.requests(site).size()))
                .extracting(MockNewsServer.Request::pathAndQuery).singleElement().asString().doesNotContain("page=");
        JsonNode newest = json(events.stream().filter(r -> json(r).get("id").asText().equals("cp-" + id(site, 6))).findFirst().orElseThrow());
        assertThat(newest.get("title").asText()).isEqualTo("Headline 6");
        assertThat(newest.get("publishedAt").asText()).isEqualTo("2026-11-21T09:06:00Z");
        assertThat(newest.get("currencies")).extracting(JsonNode::asText).containsExactly("ETH");
        assertThat(newest.get("source").asText()).isEqualTo(site);
    }

    @Test
    void aRestartedPollerResumesTheWalkFromThePersistedCursor() throws Exception {
        String site = site("resume");
        for (int i = 1; i <= 5; i++) {
            news.post(site, MockNewsServer.createPost(id(site, i), "Story " + i, "https://example.org/" + site + "/" + i,
                    T0.plusSeconds(60L * i)));
        }
        assertThat(poller(1, cryptopanic(site)).poll(null)).singleElement()
                .satisfies(report -> assertThat(report.emitted()).isEqualTo(2));
        NewsSourceStates.SourceState cut = states.read(site).orElseThrow();
        assertThat(cut.nextPage()).as("the cursor is the next page, its token not stored")
                .isEqualTo(news.postsUrl(site) + "?public=true&page=2");

        NewsPoller restarted = poller(1, cryptopanic(site)); // a new process: only the database remembers
        int before = news.requests(site).size();
        restarted.poll(null);
        restarted.poll(null);

        assertThat(news.requests(site).subList(before, news.requests(site).size()))
                .extracting(MockNewsServer.Request::pathAndQuery)
                .containsExactly(news.postsUrl(site).getPath() + "?public=true&page=2&auth_token=" + MockNewsServer.TOKEN,
                        news.postsUrl(site).getPath() + "?public=true&page=3&auth_token=" + MockNewsServer.TOKEN);
        assertThat(events(site, 5)).extracting(r -> json(r).get("id").asText())
                .containsExactlyInAnyOrder(ids(site, 1, 2, 3, 4, 5));
        NewsSourceStates.SourceState done = states.read(site).orElseThrow();
        assertThat(done.nextPage()).as("walk complete").isNull();
        assertThat(done.newestSeen()).isEqualTo(T0.plusSeconds(300));
    }

    @Test
    void rssAndAtomEntriesAreEmittedOnceAndAnUnchangedFeedCostsA304() throws Exception {
        String rss = site("rss");
        String atom = site("atom");
        String shared = "https://example.org/" + rss + "/shared-story";
        news.feed(rss, FeedDocuments.rss("RSS", FeedDocuments.rssItem(rss + "-g1", "Bitcoin &amp; the Fed",
                "https://example.org/" + rss + "/fed", "Sat, 21 Nov 2026 09:15:00 GMT", "<p>Rates <b>hold</b>.</p>"),
                FeedDocuments.rssItem(null, "Shared story", shared, "Sat, 21 Nov 2026 09:20:00 +0000", null)));
        news.feed(atom, FeedDocuments.atom("Atom", FeedDocuments.atomEntry("urn:" + atom + ":1", "Solana outage",
                "https://example.org/" + atom + "/sol", "2026-11-21T09:30:00Z", "2026-11-21T09:31:00Z", "Validators halted."),
                FeedDocuments.atomEntry("urn:" + atom + ":2", "Shared story again", shared, null, "2026-11-21T09:40:00Z", null)));
        NewsPoller poller = poller(5, feed(rss), feed(atom));

        poller.poll(null);
        List<NewsPoller.SourceReport> second = poller.poll(null);

        assertThat(second).extracting(NewsPoller.SourceReport::outcome).containsExactly("not modified", "not modified");
        assertThat(news.requests(rss).get(1).ifNoneMatch()).as("the ETag went back").isNotNull();
        List<ConsumerRecord<String, byte[]>> rssEvents = events(rss, 2);
        List<ConsumerRecord<String, byte[]>> atomEvents = events(atom, 1);
        assertThat(rssEvents).extracting(r -> json(r).get("title").asText())
                .containsExactlyInAnyOrder("Bitcoin & the Fed", "Shared story");
        assertThat(atomEvents).as("the story whose URL the RSS feed brought already is not emitted again")
                .extracting(r -> json(r).get("title").asText()).containsExactly("Solana outage");
        JsonNode fed = rssEvents.stream().map(NewsPollerTest::json).filter(n -> n.get("title").asText().startsWith("Bitcoin"))
                .findFirst().orElseThrow();
        assertThat(fed.get("summary").asText()).isEqualTo("Rates hold.");
        assertThat(fed.get("publishedAt").asText()).isEqualTo("2026-11-21T09:15:00Z");
        assertThat(fed.get("url").asText()).isEqualTo("https://example.org/" + rss + "/fed");
        assertThat(json(atomEvents.get(0)).get("publishedAt").asText()).isEqualTo("2026-11-21T09:30:00Z");
        Map<String, String> headers = BrokerClient.headers(atomEvents.get(0));
        assertThat(headers).containsEntry("ce_type", EventTypes.NEWS).doesNotContainKey("ce_partitionkey");
        assertThat(java.time.OffsetDateTime.parse(headers.get("ce_time")).toInstant()).as("time = publication time")
                .isEqualTo(Instant.parse("2026-11-21T09:30:00Z"));
    }

    @Test
    void aRateLimitedSourceBacksOffAcrossPollsThenRecovers() throws Exception {
        String site = site("limited");
        news.post(site, MockNewsServer.createPost(id(site, 1), "After the limit", "https://example.org/" + site + "/1", T0));
        news.fail(site, 429, "120", 1);
        NewsPoller poller = poller(5, cryptopanic(site));

        assertThat(poller.poll(null)).singleElement().satisfies(r -> assertThat(r.outcome()).startsWith("failed: ")
                .contains("HTTP 429").doesNotContain(MockNewsServer.TOKEN));
        NewsSourceStates.SourceState limited = states.read(site).orElseThrow();
        assertThat(limited.failures()).isEqualTo(1);
        assertThat(limited.retryAfter()).as("the server's Retry-After (120 s) beats the 1 s back-off")
                .isBetween(clock.instant().plusSeconds(119), clock.instant().plusSeconds(121));

        clock.advance(Duration.ofSeconds(60));
        NewsPoller restarted = poller(5, cryptopanic(site));
        assertThat(restarted.poll(null)).singleElement().satisfies(r -> assertThat(r.outcome()).startsWith("skipped: backing off"));
        assertThat(news.requests(site)).as("no request while backing off").hasSize(1);

        clock.advance(Duration.ofSeconds(61));
        assertThat(restarted.poll(null)).singleElement().satisfies(r -> assertThat(r.emitted()).isEqualTo(1));
        assertThat(states.read(site).orElseThrow().failures()).isZero();
        assertThat(events(site, 1)).hasSize(1);
    }

    @Test
    void anInvalidItemIsDeadLetteredWithItsViolationOnceAndTheOthersAreEmitted() throws Exception {
        String site = site("invalid");
        news.post(site, MockNewsServer.createPost(id(site, 1), "Valid before", "https://example.org/" + site + "/1", T0));
        news.post(site, MockNewsServer.createPost(id(site, 2), null, "https://example.org/" + site + "/2", T0.plusSeconds(60)));
        news.post(site, MockNewsServer.createPost(id(site, 3), "Valid after", "https://example.org/" + site + "/3", T0.plusSeconds(120)));
        NewsPoller poller = poller(5, cryptopanic(site));

        assertThat(poller.poll(null)).singleElement().satisfies(r -> {
            assertThat(r.emitted()).isEqualTo(2);
            assertThat(r.deadLettered()).isEqualTo(1);
        });
        news.post(site, MockNewsServer.createPost(id(site, 4), "Later", "https://example.org/" + site + "/4", T0.plusSeconds(180)));
        poller.poll(null);

        assertThat(events(site, 3)).extracting(r -> json(r).get("id").asText()).containsExactlyInAnyOrder(ids(site, 1, 3, 4));
        List<ConsumerRecord<String, byte[]>> dead;
        try (BrokerClient broker = new BrokerClient()) {
            dead = broker.findAll(Topics.DEAD_LETTER, BrokerClient.header("ce_source", "/tickcast/ingest/news/" + site),
                    Integer.MAX_VALUE, Duration.ofSeconds(3));
        }
        assertThat(dead).as("dead-lettered once, not at every poll").hasSize(1);
        Map<String, String> headers = BrokerClient.headers(dead.get(0));
        assertThat(headers.get("dead-letter-reason")).isEqualTo("invalid dev.tickcast.news.v1: title [required]: "
                + "required property 'title' not found");
        assertThat(headers).containsEntry("ce_knativeerrorcode", "400").containsEntry("dead-letter-attempts", "0")
                .containsEntry("dead-letter-function", "ingest/poll-news").containsEntry("ce_type", EventTypes.NEWS)
                .containsKey("ce_knativeerrordata");
        assertThat(json(dead.get(0)).get("id").asText()).isEqualTo("cp-" + id(site, 2));
        assertThat(json(dead.get(0)).has("title")).isFalse();
    }

    private NewsPoller poller(int maxPages, NewsSource... sources) {
        return new NewsPoller(List.of(sources), ledger, states, publisher,
                new BackOff(Duration.ofSeconds(1), Duration.ofSeconds(5)), clock, maxPages, Duration.ofMinutes(1));
    }

    private CryptoPanicClient cryptopanic(String site) {
        return new CryptoPanicClient(site, news.postsUrl(site), MockNewsServer.TOKEN, http, Duration.ofSeconds(5));
    }

    private FeedClient feed(String site) {
        return new FeedClient(site, news.feedUrl(site), http, Duration.ofSeconds(5));
    }

    /** Every news.v1 event of a source on the broker topic, waiting until there are {@code expected} and a little more. */
    private static List<ConsumerRecord<String, byte[]>> events(String site, int expected) {
        try (BrokerClient broker = new BrokerClient()) {
            List<ConsumerRecord<String, byte[]>> records = broker.findAll(Topics.BROKER,
                    BrokerClient.header("ce_source", "/tickcast/ingest/news/" + site), Integer.MAX_VALUE, Duration.ofSeconds(3));
            assertThat(records).as("news.v1 events of %s", site).hasSize(expected);
            return records;
        }
    }

    private static JsonNode json(ConsumerRecord<String, byte[]> record) {
        try {
            return Json.mapper().readTree(new String(record.value(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String site(String test) {
        return test + "-" + ProcessHandle.current().pid() + "-" + System.currentTimeMillis() % 100_000 + "-" + RUN.incrementAndGet();
    }

    /** Post ids unique to a site, so sites never share ids in the ledger. */
    private static long id(String site, int n) {
        return (Math.abs((long) site.hashCode()) % 1_000_000) * 100 + n;
    }

    private static String[] ids(String site, int... ns) {
        String[] ids = new String[ns.length];
        for (int i = 0; i < ns.length; i++) {
            ids[i] = "cp-" + id(site, ns[i]);
        }
        return ids;
    }

    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
