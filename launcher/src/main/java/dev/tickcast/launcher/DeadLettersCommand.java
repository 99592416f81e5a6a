package dev.tickcast.launcher;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

import dev.tickcast.contracts.cloudevents.Topics;
import dev.tickcast.stack.DeadLetterTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code ./tickcast dead-letters list|redrive}: what the functions gave up on, and putting it back on the broker topic. */
@Command(name = "dead-letters", mixinStandardHelpOptions = true,
        description = { "List the dead letters (topic " + Topics.DEAD_LETTER + ") or redrive them to the broker topic; "
                + "redriving is safe to repeat (handlers are idempotent by event id).",
                "Works on the local stack and, with --bootstrap, on the cluster's Kafka." },
        subcommands = { DeadLettersCommand.ListCommand.class, DeadLettersCommand.RedriveCommand.class })
class DeadLettersCommand {

    /** Which dead letters, on which Kafka. */
    static class Selection {
        @Option(names = "--function", description = "only those this function gave up on: aggregate, or aggregate/aggregate")
        String function;

        @Option(names = "--since", converter = Since.class,
                description = "only those dead-lettered at or after this: an instant (2026-12-02T18:00:00Z) or a duration ago (2h, 30m, 7d)")
        Instant since;

        @Option(names = "--offsets", split = ",", description = "only these offsets of the dead-letter topic (as list shows them), comma-separated")
        List<String> offsets;

        @Option(names = "--bootstrap", description = "Kafka bootstrap servers (default: TICKCAST_KAFKA_BOOTSTRAP or the local stack's localhost:"
                + UpCommand.DEFAULT_KAFKA_PORT + ")")
        String bootstrap;

        String servers() {
            return bootstrap != null ? bootstrap
                    : System.getenv().getOrDefault("TICKCAST_KAFKA_BOOTSTRAP", "localhost:" + UpCommand.DEFAULT_KAFKA_PORT);
        }

        List<DeadLetterTopic.Letter> read(CommandSpec spec) {
            DeadLetterTopic.Filter filter;
            try {
                filter = new DeadLetterTopic.Filter(Optional.ofNullable(function), Optional.ofNullable(since),
                        offsets == null ? Set.of() : Set.copyOf(offsets));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--" + e.getMessage());
            }
            return new DeadLetterTopic(servers()).read(filter);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Print the dead letters: offset, time dead-lettered, function, ce_type, ce_id, subject and the reason.")
    static class ListCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Selection selection;

        @Override
        public Integer call() {
            List<DeadLetterTopic.Letter> letters = selection.read(spec);
            print(letters, System.out);
            System.out.println(letters.size() + " dead letter" + (letters.size() == 1 ? "" : "s"));
            return 0;
        }
    }

    @Command(name = "redrive", mixinStandardHelpOptions = true,
            description = { "Put the selected dead letters back on the broker topic " + Topics.BROKER + " with the same key, "
                    + "value bytes and CloudEvents headers, without the dead-letter-* headers and ce_knativeerror* extensions "
                    + "the dead-lettering added. Their functions then handle them again.",
                    "Safe to repeat: every handler is idempotent by event id, so an event redriven twice, or one that was "
                    + "handled after all, changes nothing. Fix the cause first, or the letters come back." })
    static class RedriveCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Selection selection;

        @Option(names = "--dry-run", description = "print what would be redriven, send nothing")
        boolean dryRun;

        @Override
        public Integer call() {
            List<DeadLetterTopic.Letter> letters = selection.read(spec);
            print(letters, System.out);
            if (dryRun) {
                System.out.println("dry run: would redrive " + letters.size() + " dead letter" + (letters.size() == 1 ? "" : "s")
                        + " to " + Topics.BROKER);
                return 0;
            }
            new DeadLetterTopic(selection.servers()).redrive(letters);
            System.out.println("redrove " + letters.size() + " dead letter" + (letters.size() == 1 ? "" : "s") + " to "
                    + Topics.BROKER);
            return 0;
        }
    }

    static void print(List<DeadLetterTopic.Letter> letters, PrintStream out) {
        if (letters.isEmpty()) {
            return;
        }
        out.printf("%-7s %-24s %-22s %-28s %-36s %-9s %s%n", "OFFSET", "TIME", "FUNCTION", "CE_TYPE", "CE_ID", "SUBJECT", "REASON");
        for (DeadLetterTopic.Letter letter : letters) {
            out.printf("%-7s %-24s %-22s %-28s %-36s %-9s %s%n", letter.position(), letter.time(), letter.function(),
                    orDash(letter.type()), orDash(letter.id()), orDash(letter.subject()), letter.reason());
        }
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }

    /** {@code --since}: an RFC 3339 instant, or a duration back from now. */
    static final class Since implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Instant.parse(value.strip());
            } catch (DateTimeParseException notAnInstant) {
                Optional<Duration> ago = ShortDuration.parse(value).filter(d -> !d.isNegative());
                if (ago.isPresent()) {
                    return Instant.now().minus(ago.get());
                }
                throw new TypeConversionException("must be an instant like 2026-12-02T18:00:00Z or a duration ago like 2h, got '"
                        + value + "'");
            }
        }
    }
}
