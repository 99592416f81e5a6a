-- Sentiment of news items towards coins, as the sentiment function scored them: one row per (news item, coin,
-- scorer). Redelivering a news item changes nothing: the function answers it from these rows.
CREATE TABLE sentiment_events (
    news_id      VARCHAR(200)     NOT NULL,
    coin         VARCHAR(10)      NOT NULL,            -- BTC, ETH, … (the base of a pair: BTC/USD -> BTC)
    scorer       VARCHAR(100)     NOT NULL,            -- lexicon:afinn-165-financialmarketnews, llm:openai:<model>, …
    position     SMALLINT         NOT NULL,            -- the coin's place in the event's scores
    published_at TIMESTAMPTZ      NOT NULL,            -- the news item's time: from then on the item is known
    score        DOUBLE PRECISION NOT NULL CHECK (score BETWEEN -1 AND 1),
    confidence   DOUBLE PRECISION NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    fallback     BOOLEAN          NOT NULL,            -- the configured LLM failed; the lexicon scored it
    reasoning    VARCHAR(500),
    scored_at    TIMESTAMPTZ      NOT NULL DEFAULT now(),
    PRIMARY KEY (news_id, coin, scorer)
);
CREATE INDEX sentiment_events_coin_time ON sentiment_events (coin, published_at);

-- Sentiment features of one coin, as of each instant in p_times (a training set's label times, or now()):
-- computed on read from the events with published_at <= t only, so they can never look ahead.
--   sentiment_1h, sentiment_6h: sum over news items of score * confidence * 0.5 ^ (age / half-life), half-lives
--     1 h and 6 h; items older than 48 h are left out (their 6 h weight is below 0.4 %)
--   news_count_1h, news_count_6h: news items with t - 1 h < published_at <= t (resp. 6 h)
-- A news item counts once per coin: if several scorers rated it, a non-fallback score wins, then the first scored.
-- Rows come back in the order of p_times; an instant with no news gets zeros.
CREATE FUNCTION sentiment_features_at(p_coin VARCHAR, p_times TIMESTAMPTZ[])
RETURNS TABLE (at TIMESTAMPTZ, sentiment_1h DOUBLE PRECISION, sentiment_6h DOUBLE PRECISION,
               news_count_1h BIGINT, news_count_6h BIGINT)
LANGUAGE sql STABLE AS $$
    SELECT t.at,
           coalesce(sum(e.weighted * power(0.5, extract(epoch FROM t.at - e.published_at) / 3600.0)), 0)::double precision,
           coalesce(sum(e.weighted * power(0.5, extract(epoch FROM t.at - e.published_at) / 21600.0)), 0)::double precision,
           count(e.published_at) FILTER (WHERE e.published_at > t.at - INTERVAL '1 hour'),
           count(e.published_at) FILTER (WHERE e.published_at > t.at - INTERVAL '6 hours')
    FROM unnest(p_times) WITH ORDINALITY AS t(at, n)
    LEFT JOIN LATERAL (
        SELECT DISTINCT ON (s.news_id) s.published_at, s.score * s.confidence AS weighted
        FROM sentiment_events s
        WHERE s.coin = p_coin AND s.published_at <= t.at AND s.published_at > t.at - INTERVAL '48 hours'
        ORDER BY s.news_id, s.fallback, s.scored_at, s.scorer
    ) e ON true
    GROUP BY t.at, t.n
    ORDER BY t.n
$$;
