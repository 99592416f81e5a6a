-- Arrival order of trades: the tie-breaker for open and close between trades of the same instant (the Bitstamp
-- file has whole seconds). A redelivered trade keeps the seq of its first arrival, since it is never re-inserted.
ALTER TABLE trades ADD COLUMN seq BIGSERIAL NOT NULL;
CREATE INDEX trades_pair_time_seq ON trades (pair, traded_at, seq);

-- Closed 1-minute candles, the latest revision of each minute. Exact decimals throughout.
CREATE TABLE candles (
    pair            VARCHAR(21) NOT NULL,
    start_time      TIMESTAMPTZ NOT NULL,
    end_time        TIMESTAMPTZ NOT NULL,
    open            NUMERIC     NOT NULL,
    high            NUMERIC     NOT NULL,
    low             NUMERIC     NOT NULL,
    close           NUMERIC     NOT NULL,
    volume          NUMERIC     NOT NULL,
    vwap            NUMERIC     NOT NULL,
    trade_count     INTEGER     NOT NULL,
    carried_forward BOOLEAN     NOT NULL,
    revision        INTEGER     NOT NULL DEFAULT 0,
    -- false until the candle.v1 event of this revision is acknowledged by the broker (transactional outbox)
    published       BOOLEAN     NOT NULL DEFAULT false,
    closed_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (pair, start_time),
    CHECK (end_time = start_time + INTERVAL '1 minute'),
    CHECK (low <= open AND low <= close AND open <= high AND close <= high)
);
CREATE INDEX candles_unpublished ON candles (pair, start_time) WHERE NOT published;

-- Per pair: how far event time has gone and which minutes are closed.
CREATE TABLE aggregate_progress (
    pair         VARCHAR(21) PRIMARY KEY,
    watermark    TIMESTAMPTZ NOT NULL,           -- the latest trade time seen
    closed_until TIMESTAMPTZ,                    -- end of the last closed minute; null before the first
    late_trades  BIGINT      NOT NULL DEFAULT 0, -- trades that arrived for minutes already closed
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
