package dev.tickcast.idempotence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes the embedded stack's PostgreSQL away and brings it back, as PLATFORM-NOTES "Fault injection" describes: a
 * fast shutdown (SIGINT to the postmaster: open sessions are terminated, new connections refused), then the same
 * server started again on the same data directory and port from the command line it recorded in
 * {@code postmaster.opts}. Like zonky, it runs under {@code unshare -U}: PostgreSQL refuses to run as root, which the
 * build machines are, and in a new user namespace it runs as an unmapped user that also owns the data directory.
 * zonky's own stop at the end of the test stops the restarted server like the first.
 */
final class PostgresOutage {
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

    private final Path dataDir;
    private final Path log;

    PostgresOutage(Path dataDir, Path log) {
        this.dataDir = dataDir;
        this.log = log;
    }

    /** Stops the server (fast shutdown) and waits until the postmaster is gone. */
    void stop() throws IOException, InterruptedException {
        long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
        ProcessHandle postmaster = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException("no postmaster " + pid + " in " + dataDir));
        // kill(1): ProcessHandle.destroy() would send SIGTERM, PostgreSQL's "smart" shutdown, which waits for sessions
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start();
        if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -INT " + pid + " failed");
        }
        try {
            postmaster.onExit().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("PostgreSQL " + pid + " did not stop", e);
        }
    }

    /** Starts the same server again in the background; the caller waits until it accepts connections. */
    void start() throws IOException {
        // /…/bin/postgres "-D" "/…/data" "-p" "5432" … : the binary unquoted, then each argument quoted
        String opts = Files.readString(dataDir.resolve("postmaster.opts"), StandardCharsets.UTF_8).trim();
        List<String> command = new ArrayList<>(List.of("unshare", "-U", opts.substring(0, opts.indexOf(' '))));
        Matcher argument = QUOTED.matcher(opts.substring(opts.indexOf(' ')));
        while (argument.find()) {
            command.add(argument.group(1));
        }
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }
}
