-- predict's store: one prediction per pair and feature row. A redelivered features.v1 finds its row and
-- re-emits what is stored, so a model swapped in between cannot make a second prediction for the same row.
CREATE TABLE predictions (
    pair                 VARCHAR(21)      NOT NULL,
    features_time        TIMESTAMPTZ      NOT NULL,  -- t: the time of the feature row (a candle's end)
    target_time          TIMESTAMPTZ      NOT NULL,  -- t + horizon
    horizon_minutes      INTEGER          NOT NULL,
    base_price           NUMERIC          NOT NULL,  -- the close at t
    predicted_price      NUMERIC          NOT NULL,
    predicted_log_return DOUBLE PRECISION NOT NULL,
    model_version        VARCHAR(64)      NOT NULL,
    created_at           TIMESTAMPTZ      NOT NULL DEFAULT now(),
    PRIMARY KEY (pair, features_time)
);
CREATE INDEX predictions_by_target ON predictions (pair, target_time);

-- The trading signal derived from each prediction (buy / sell / hold after fees).
CREATE TABLE signals (
    pair             VARCHAR(21)      NOT NULL,
    time             TIMESTAMPTZ      NOT NULL,  -- the prediction's features_time
    action           VARCHAR(4)       NOT NULL CHECK (action IN ('buy', 'sell', 'hold')),
    price            NUMERIC          NOT NULL,
    predicted_return DOUBLE PRECISION NOT NULL,
    threshold        DOUBLE PRECISION NOT NULL,
    model_version    VARCHAR(64)      NOT NULL,
    created_at       TIMESTAMPTZ      NOT NULL DEFAULT now(),
    PRIMARY KEY (pair, time)
);

-- evaluate's store: how each prediction fared once its target minute closed.
CREATE TABLE evaluations (
    pair                       VARCHAR(21)      NOT NULL,
    features_time              TIMESTAMPTZ      NOT NULL,
    target_time                TIMESTAMPTZ      NOT NULL,
    model_version              VARCHAR(64)      NOT NULL,
    base_price                 NUMERIC          NOT NULL,
    predicted_price            NUMERIC          NOT NULL,
    actual_price               NUMERIC          NOT NULL,
    absolute_error             NUMERIC          NOT NULL,
    percentage_error           DOUBLE PRECISION NOT NULL,
    persistence_absolute_error NUMERIC          NOT NULL,
    direction_hit              BOOLEAN          NOT NULL,
    evaluated_at               TIMESTAMPTZ      NOT NULL DEFAULT now(),
    PRIMARY KEY (pair, features_time)
);
CREATE INDEX evaluations_by_target ON evaluations (pair, target_time);
