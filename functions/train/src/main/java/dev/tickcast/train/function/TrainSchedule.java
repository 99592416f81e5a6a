package dev.tickcast.train.function;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.tickcast.train.config.TrainConfig;
import dev.tickcast.train.domain.EventTimeSchedule;
import dev.tickcast.train.repository.FeatureClock;
import dev.tickcast.train.service.TrainJob;
import dev.tickcast.train.service.Trainer;
import io.quarkus.scheduler.Scheduled;

/**
 * The long-running train process's schedule, in event time ({@link EventTimeSchedule}): every
 * {@code tickcast.train.poll} of wall time it reads each pair's newest non-warm-up feature row time; the first
 * such row registers the persistence baseline as champion ({@link TrainJob#ensureChampion}), and a run starts
 * when the pair's event time is {@code tickcast.train.every} past the data end of its newest trained version in
 * the registry (at once if it has none), so a restart does not train again needlessly. Active only once
 * {@link TrainMain} starts it (not in one-off runs).
 */
@ApplicationScoped
public class TrainSchedule {
    private static final Logger LOG = Logger.getLogger(TrainSchedule.class);

    @Inject
    TrainJob job;

    @Inject
    FeatureClock clock;

    @Inject
    TrainConfig config;

    private volatile EventTimeSchedule schedule;
    /** The newest trained version's data end per pair, as last read from the registry. */
    private final Map<String, Instant> trainedUntil = new ConcurrentHashMap<>();
    /** The event time at which a pair's champion was last checked: looked at again only once new rows arrived. */
    private final Map<String, Instant> championCheckedAt = new ConcurrentHashMap<>();
    /** Event time before which a pair is not tried again (too few rows, or a failed run). */
    private final Map<String, Instant> notBefore = new ConcurrentHashMap<>();

    /** Starts polling; {@code schedule} is {@code tickcast.train.every}. */
    public void start(EventTimeSchedule schedule) {
        this.schedule = schedule;
    }

    @Scheduled(identity = "train-clock", every = "${tickcast.train.poll}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        if (schedule == null) {
            return;
        }
        for (String pair : config.pairs()) {
            try {
                tick(pair, schedule);
            } catch (RuntimeException e) {
                LOG.warnf("train %s: schedule check failed (next poll tries again): %s", pair, e.getMessage());
            }
        }
    }

    /** One look at a pair's event time: the persistence baseline if it has no champion, then a run if one is due. */
    Optional<TrainJob.Outcome> tick(String pair, EventTimeSchedule schedule) {
        Optional<Instant> now = clock.now(pair);
        if (now.isEmpty()) {
            return Optional.empty();
        }
        if (!now.get().equals(championCheckedAt.get(pair))) {
            job.ensureChampion(pair, LOG::info);
            championCheckedAt.put(pair, now.get());
        }
        Optional<Instant> wait = Optional.ofNullable(notBefore.get(pair));
        if (!schedule.due(now.get(), Optional.ofNullable(trainedUntil.get(pair)), wait)) {
            return Optional.empty();
        }
        // due by what this process knows: the registry may know a later run (a requested one, another process)
        Optional<Instant> last = job.lastTrainedUntil(pair);
        last.ifPresent(t -> trainedUntil.put(pair, t));
        if (!schedule.due(now.get(), last, wait)) {
            return Optional.empty();
        }
        LOG.infof("train %s: event time %s, last trained on data up to %s: training", pair, now.get(),
                last.map(Instant::toString).orElse("never"));
        try {
            TrainJob.Outcome outcome = job.train(pair, null, now.get(), LOG::info);
            trainedUntil.put(pair, now.get());
            notBefore.remove(pair);
            for (TrainJob.Candidate c : outcome.candidates()) {
                LOG.infof("train %s: %s %s %s — %s", pair, c.kind().label(), c.version(),
                        c.promoted() ? "promoted" : "not promoted", c.reason());
            }
            return Optional.of(outcome);
        } catch (TrainJob.TooFewRows e) {
            Instant retry = EventTimeSchedule.enoughRowsAt(now.get(), e.rows(), Trainer.MIN_ROWS);
            notBefore.put(pair, retry);
            LOG.infof("train %s: %s; trying again at event time %s", pair, e.getMessage(), retry);
        } catch (RuntimeException e) {
            // a failed run is retried a minute of event time later, not on every poll
            notBefore.put(pair, EventTimeSchedule.enoughRowsAt(now.get(), 0, 1));
            LOG.warnf(e, "train %s failed: %s", pair, e.getMessage());
        }
        return Optional.empty();
    }
}
