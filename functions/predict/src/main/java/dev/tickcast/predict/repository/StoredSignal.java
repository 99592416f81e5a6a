package dev.tickcast.predict.repository;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import dev.tickcast.contracts.model.SignalAction;
import dev.tickcast.contracts.model.TradingSignal;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A row of {@code signals} (V6__predictions.sql): the signal of the prediction with the same key. */
@Entity
@Table(name = "signals")
@IdClass(PairTimeId.class)
public class StoredSignal extends PanacheEntityBase {
    @Id
    public String pair;
    @Id
    public OffsetDateTime time;
    /** buy, sell or hold, as the table's check constraint spells them. */
    public String action;
    public BigDecimal price;
    @Column(name = "predicted_return")
    public double predictedReturn;
    public double threshold;
    @Column(name = "model_version")
    public String modelVersion;

    public static StoredSignal of(TradingSignal signal) {
        StoredSignal s = new StoredSignal();
        s.pair = signal.pair();
        s.time = OffsetDateTime.ofInstant(signal.time(), ZoneOffset.UTC);
        s.action = signal.action().name().toLowerCase(Locale.ROOT);
        s.price = signal.price();
        s.predictedReturn = signal.predictedReturn();
        s.threshold = signal.threshold();
        s.modelVersion = signal.modelVersion();
        return s;
    }

    public TradingSignal toSignal() {
        return new TradingSignal(pair, time.toInstant(), SignalAction.valueOf(action.toUpperCase(Locale.ROOT)), price,
                predictedReturn, threshold, modelVersion);
    }
}
