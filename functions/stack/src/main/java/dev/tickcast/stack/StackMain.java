package dev.tickcast.stack;

import java.util.concurrent.CountDownLatch;

/**
 * Starts a stack from {@link StackConfig#fromEnvironment()} ({@code TICKCAST_HOME} keeps its data), logs its
 * endpoints and environment, and runs until the JVM is stopped (Ctrl-C stops the stack cleanly).
 */
public final class StackMain {
    private static final System.Logger LOG = System.getLogger(StackMain.class.getName());

    private StackMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        StackConfig config = StackConfig.fromEnvironment();
        LOG.log(System.Logger.Level.INFO, "starting {0}", config);
        EmbeddedStack stack = EmbeddedStack.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "tickcast-stack-main-shutdown"));
        StringBuilder text = new StringBuilder("Tickcast stack running (Ctrl-C stops it)");
        text.append("\n  Kafka      ").append(stack.kafkaBootstrapServers());
        text.append("\n  PostgreSQL ").append(stack.jdbcUrl()).append(" (user ").append(stack.dbUser()).append(')');
        text.append("\n  S3         ").append(stack.s3Endpoint()).append(" (bucket ").append(stack.modelBucket())
                .append(", region ").append(stack.s3Region()).append(')');
        text.append("\n  data       ").append(stack.config().dataDir() == null ? "temporary" : stack.home());
        text.append("\nenvironment for functions:");
        stack.environment().forEach((k, v) -> text.append("\n  ").append(k).append('=').append(v));
        LOG.log(System.Logger.Level.INFO, text.toString());
        stopped.await();
    }
}
