-- The direction base rate beside direction accuracy in the rolling quality: the share of the majority direction of
-- the actual moves over the same evaluations (contracts' DirectionHits.baseRate(): the accuracy of "always up" or
-- "always down"; a flat outcome is neither). Direction accuracy is worth something only above it. Null in rows
-- written before this column existed, until their pair and model's next evaluation refreshes them.
ALTER TABLE evaluation_rolling ADD COLUMN direction_base_rate DOUBLE PRECISION;
