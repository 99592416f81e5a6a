package dev.tickcast.train.function;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import jakarta.inject.Inject;

import dev.tickcast.contracts.Pairs;
import dev.tickcast.train.config.TrainConfig;
import dev.tickcast.train.domain.EventTimeSchedule;
import dev.tickcast.train.service.TrainJob;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.quarkus.runtime.configuration.DurationConverter;

/**
 * The entry point, run as a command: {@code train [--pair P] [--from T] [--to T]}, {@code train --pair P
 * --rollback-to VERSION}. Without arguments it stays up and trains every configured pair on the event-time
 * schedule {@code tickcast.train.every} ({@link TrainSchedule}; the embedded stack, where {@code ./tickcast up}
 * starts it like a function), or, with that {@code off}, trains them once and exits (the cluster's CronJob).
 */
@QuarkusMain
public class TrainMain implements QuarkusApplication {
    static final String USAGE = "usage: train [--pair P] [--from T] [--to T] | train --pair P --rollback-to VERSION"
            + "  (T: ISO-8601 instant 2013-11-25T12:00:00Z or date 2013-11-25)";

    @Inject
    TrainJob job;

    @Inject
    TrainConfig config;

    @Inject
    TrainRequests requests;

    @Inject
    TrainSchedule schedule;

    @Override
    public int run(String... args) {
        String pair = null;
        Instant from = null;
        Instant to = null;
        String rollbackTo = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (option.equals("--help") || option.equals("-h")) {
                    System.out.println(USAGE);
                    return 0;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(option + ": needs a value; " + USAGE);
                }
                String value = args[++i];
                switch (option) {
                    case "--pair" -> pair = value.contains("-") ? Pairs.fromUrl(value) : value;
                    case "--from" -> from = instant("--from", value);
                    case "--to" -> to = instant("--to", value);
                    case "--rollback-to" -> rollbackTo = value;
                    default -> throw new IllegalArgumentException(option + ": unknown option; " + USAGE);
                }
            }
            if (rollbackTo != null) {
                if (pair == null) {
                    throw new IllegalArgumentException("--pair: required with --rollback-to");
                }
                job.rollback(pair, rollbackTo, System.out::println);
                return 0;
            }
            if (args.length == 0 && !"off".equals(config.every())) {
                EventTimeSchedule every = schedule(config.every());
                System.out.println("train: " + config.pairs() + " every " + config.every() + " of event time (each "
                        + "pair's newest feature row, read every " + config.poll().toSeconds() + " s), the persistence "
                        + "baseline as soon as a pair has rows, and on request (train.requested.v1)");
                schedule.start(every);
                requests.start(TrainRequests.GROUP);
                Quarkus.waitForExit();
                return 0;
            }
            int failed = 0;
            for (String p : pair != null ? java.util.List.of(pair) : config.pairs()) {
                try {
                    TrainJob.Outcome outcome = job.train(p, from, to, System.out::println);
                    for (TrainJob.Candidate c : outcome.candidates()) {
                        System.out.println("train " + p + ": " + c.kind().label() + " " + (c.promoted() ? "PROMOTED "
                                : "NOT PROMOTED ") + c.version() + " — " + c.reason() + " — report: " + c.location()
                                + "report.html");
                    }
                } catch (IllegalArgumentException e) {
                    System.err.println("train " + p + ": " + e.getMessage());
                    failed++;
                }
            }
            return failed == 0 ? 0 : 1;
        } catch (IllegalArgumentException e) {
            System.err.println("train: " + e.getMessage());
            return 2;
        }
    }

    static EventTimeSchedule schedule(String every) {
        try {
            return new EventTimeSchedule(DurationConverter.parseDuration(every));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tickcast.train.every: must be an event-time duration (6h, 30m, 1d) or "
                    + "off, got '" + every + "'", e);
        }
    }

    static Instant instant(String option, String value) {
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + ": must be an ISO-8601 instant (2013-11-25T12:00:00Z) or date "
                    + "(2013-11-25), got '" + value + "'");
        }
    }
}
