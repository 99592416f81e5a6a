package dev.tickcast.predict.repository;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import dev.tickcast.contracts.model.Prediction;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A row of {@code predictions} (V6__predictions.sql). */
@Entity
@Table(name = "predictions")
@IdClass(PairTimeId.class)
public class StoredPrediction extends PanacheEntityBase {
    @Id
    public String pair;
    @Id
    @Column(name = "features_time")
    public OffsetDateTime time;
    @Column(name = "target_time")
    public OffsetDateTime targetTime;
    @Column(name = "horizon_minutes")
    public int horizonMinutes;
    @Column(name = "base_price")
    public BigDecimal basePrice;
    @Column(name = "predicted_price")
    public BigDecimal predictedPrice;
    @Column(name = "predicted_log_return")
    public double predictedLogReturn;
    @Column(name = "model_version")
    public String modelVersion;

    public static StoredPrediction of(Prediction p) {
        StoredPrediction s = new StoredPrediction();
        s.pair = p.pair();
        s.time = OffsetDateTime.ofInstant(p.featuresTime(), ZoneOffset.UTC);
        s.targetTime = OffsetDateTime.ofInstant(p.targetTime(), ZoneOffset.UTC);
        s.horizonMinutes = p.horizonMinutes();
        s.basePrice = p.basePrice();
        s.predictedPrice = p.predictedPrice();
        s.predictedLogReturn = p.predictedLogReturn();
        s.modelVersion = p.modelVersion();
        return s;
    }

    public Prediction toPrediction() {
        return new Prediction(pair, time.toInstant(), targetTime.toInstant(), horizonMinutes, basePrice, predictedPrice,
                predictedLogReturn, modelVersion);
    }
}
