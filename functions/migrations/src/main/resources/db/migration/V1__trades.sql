-- Trades as the exchanges reported them, one row per (pair, trade id): re-ingesting the same trade is a no-op.
-- Prices and quantities are exact decimals, never floating point. A quantity may be 0: the real Bitstamp
-- file has 18 trades whose amount rounds to 0 at 12 decimals; they still print a price.
CREATE TABLE trades (
    pair        VARCHAR(21)     NOT NULL,
    trade_id    VARCHAR(64)     NOT NULL,
    traded_at   TIMESTAMPTZ     NOT NULL,
    price       NUMERIC NOT NULL CHECK (price > 0),
    quantity    NUMERIC NOT NULL CHECK (quantity >= 0),
    side        VARCHAR(4)      CHECK (side IN ('buy', 'sell')),
    source      VARCHAR(64)     NOT NULL,
    received_at TIMESTAMPTZ     NOT NULL DEFAULT now(),
    PRIMARY KEY (pair, trade_id)
);

CREATE INDEX trades_pair_time ON trades (pair, traded_at);
