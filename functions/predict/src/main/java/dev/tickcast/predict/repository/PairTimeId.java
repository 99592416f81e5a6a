package dev.tickcast.predict.repository;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;

/** The key of both tables, (pair, the feature row's time): one prediction and one signal per row. */
public class PairTimeId implements Serializable {
    public String pair;
    public OffsetDateTime time;

    public PairTimeId() {
    }

    public PairTimeId(String pair, OffsetDateTime time) {
        this.pair = pair;
        this.time = time;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PairTimeId other && pair.equals(other.pair) && time.toInstant().equals(other.time.toInstant());
    }

    @Override
    public int hashCode() {
        return Objects.hash(pair, time.toInstant());
    }
}
