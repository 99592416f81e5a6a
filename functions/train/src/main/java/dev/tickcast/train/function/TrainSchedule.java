package dev.tickcast.train.function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.tickcast.train.config.TrainConfig;
import dev.tickcast.train.service.TrainJob;
import io.quarkus.scheduler.Scheduled;

/** Periodic training on the embedded stack ({@code tickcast.train.every}, e.g. {@code 1h}; {@code off} disables it). */
@ApplicationScoped
public class TrainSchedule {
    private static final Logger LOG = Logger.getLogger(TrainSchedule.class);

    @Inject
    TrainJob job;

    @Inject
    TrainConfig config;

    @Scheduled(identity = "train", every = "${tickcast.train.every}", delayed = "${tickcast.train.first-run-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void trainAll() {
        for (String pair : config.pairs()) {
            try {
                TrainJob.Outcome outcome = job.train(pair, null, null, LOG::info);
                LOG.infof("train %s: %s %s — %s", pair, outcome.promoted() ? "promoted" : "rejected", outcome.version(),
                        outcome.reason());
            } catch (RuntimeException e) {
                LOG.warnf("train %s failed: %s", pair, e.getMessage());
            }
        }
    }
}
