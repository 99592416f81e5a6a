-- The feature store: one row per pair and candle close, offline history and online latest in one table.
-- A row at time t is known from t on; as-of reads take the latest row at or before t, never after.
CREATE TABLE features (
    pair            VARCHAR(21) NOT NULL,
    time            TIMESTAMPTZ NOT NULL,  -- the candle's end
    close           NUMERIC     NOT NULL,
    feature_set     VARCHAR(64) NOT NULL,  -- name and version of the feature definitions
    warmup          BOOLEAN     NOT NULL,
    candle_revision INTEGER     NOT NULL,
    feature_values  JSONB       NOT NULL,  -- feature name -> number or null
    computed_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (pair, time)
);

-- The online view: the newest row of each pair.
CREATE VIEW latest_features AS
    SELECT DISTINCT ON (pair) * FROM features ORDER BY pair, time DESC;

-- featurize's history: the candles it has been given, the latest revision of each minute. Its indicators
-- are computed from this window, so featurize depends on candle.v1 events only, not on aggregate's tables.
CREATE TABLE feature_candles (
    pair        VARCHAR(21) NOT NULL,
    start_time  TIMESTAMPTZ NOT NULL,
    end_time    TIMESTAMPTZ NOT NULL,
    open        NUMERIC     NOT NULL,
    high        NUMERIC     NOT NULL,
    low         NUMERIC     NOT NULL,
    close       NUMERIC     NOT NULL,
    volume      NUMERIC     NOT NULL,
    vwap        NUMERIC     NOT NULL,
    trade_count INTEGER     NOT NULL,
    carried_forward BOOLEAN NOT NULL,
    revision    INTEGER     NOT NULL,
    PRIMARY KEY (pair, start_time)
);
