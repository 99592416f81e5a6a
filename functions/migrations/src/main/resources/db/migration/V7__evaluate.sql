-- evaluate's bookkeeping. An evaluation is scored once, from the first close of its target minute; the event that
-- created it is kept so that only a redelivery of that same event re-emits it (a crash between commit and reply),
-- while the other trigger (candle or prediction, whichever came first) emits nothing a second time.
ALTER TABLE evaluations ADD COLUMN source_event_id VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE evaluations ADD COLUMN candle_revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE evaluations ALTER COLUMN source_event_id DROP DEFAULT;
CREATE INDEX evaluations_by_model ON evaluations (pair, model_version, target_time);

-- Rolling quality per pair and model over its last N evaluations, refreshed with each new evaluation.
CREATE TABLE evaluation_rolling (
    pair               VARCHAR(21)      NOT NULL,
    model_version      VARCHAR(64)      NOT NULL,
    window_size        INTEGER          NOT NULL,  -- N, the configured window
    evaluations        INTEGER          NOT NULL,  -- how many are in it (< N at the start)
    mae                NUMERIC          NOT NULL,
    persistence_mae    NUMERIC          NOT NULL,
    skill              DOUBLE PRECISION,           -- 1 - mae / persistence_mae; null when persistence_mae = 0
    direction_accuracy DOUBLE PRECISION NOT NULL,
    last_target_time   TIMESTAMPTZ      NOT NULL,
    updated_at         TIMESTAMPTZ      NOT NULL DEFAULT now(),
    PRIMARY KEY (pair, model_version)
);

-- Drift: population stability index of key features per event-time hour against the distribution the model was
-- trained on (bins recorded in its metadata.json).
CREATE TABLE feature_drift (
    pair          VARCHAR(21)      NOT NULL,
    model_version VARCHAR(64)      NOT NULL,
    hour          TIMESTAMPTZ      NOT NULL,
    feature       VARCHAR(64)      NOT NULL,
    rows          INTEGER          NOT NULL,
    psi           DOUBLE PRECISION NOT NULL,
    computed_at   TIMESTAMPTZ      NOT NULL DEFAULT now(),
    PRIMARY KEY (pair, model_version, hour, feature)
);
