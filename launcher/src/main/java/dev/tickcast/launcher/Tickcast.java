package dev.tickcast.launcher;

import java.nio.file.Path;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./tickcast}: the command line of the whole system. */
@Command(name = "tickcast", mixinStandardHelpOptions = true, version = "tickcast 0.1.0",
        description = "Real-time crypto price prediction, 5 minutes ahead, as functions wired by CloudEvents.",
        subcommands = { UpCommand.class, StackCommand.class, ReplayCommand.class, BackfillCommand.class, EvalSentimentCommand.class,
                TrainCommand.class, DeadLettersCommand.class, CommandLine.HelpCommand.class })
public class Tickcast {

    /** The project root (where {@code ./tickcast} lives); state goes under {@code .tickcast/} there. */
    static Path root() {
        return Path.of(System.getProperty("tickcast.root", ".")).toAbsolutePath().normalize();
    }

    public static void main(String[] args) {
        // one line per message from the stack's java.util.logging loggers
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %3$s: %5$s%6$s%n");
        int exit = new CommandLine(new Tickcast())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args);
        System.exit(exit);
    }
}
