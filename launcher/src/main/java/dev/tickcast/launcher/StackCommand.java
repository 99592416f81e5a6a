package dev.tickcast.launcher;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import dev.tickcast.stack.EmbeddedStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ./tickcast stack}: only the embedded Kafka, PostgreSQL and S3, e.g. to run one function in dev mode against. */
@Command(name = "stack", mixinStandardHelpOptions = true,
        description = "Start only the embedded stack (Kafka, PostgreSQL, S3) and print how to reach it. Ctrl-C stops it.")
class StackCommand implements Callable<Integer> {
    @Mixin
    StackOptions options;

    @Override
    public Integer call() throws Exception {
        EmbeddedStack stack = EmbeddedStack.start(options.config());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "tickcast-stack-stop"));
        System.out.println("embedded stack is up; environment for a function:");
        stack.environment().forEach((name, value) -> System.out.println("  " + name + "=" + value));
        stopped.await();
        return 0;
    }
}
