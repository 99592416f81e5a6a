package dev.tickcast.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/** Idempotent topic creation through an AdminClient, for the embedded broker and external clusters alike. */
final class KafkaTopics {
    private static final System.Logger LOG = System.getLogger(KafkaTopics.class.getName());
    private static final long TIMEOUT_SECONDS = 30;

    private KafkaTopics() {
    }

    /**
     * Creates each missing topic with the given partition count and the cluster's default replication factor
     * (1 on the embedded broker). Existing topics are left alone; a different partition count is logged.
     */
    static void ensure(String bootstrapServers, Map<String, Integer> partitionsByTopic) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "tickcast-stack-admin");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        try (Admin admin = Admin.create(props)) {
            List<NewTopic> topics = new ArrayList<>();
            partitionsByTopic.forEach((name, partitions) -> {
                if (partitions < 1) {
                    throw new IllegalArgumentException(name + ": partitions must be ≥ 1, not " + partitions);
                }
                topics.add(new NewTopic(name, Optional.of(partitions), Optional.empty()));
            });
            admin.createTopics(topics).values().forEach((name, future) -> {
                try {
                    future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    LOG.log(System.Logger.Level.DEBUG, "created topic {0} ({1} partitions)", name,
                            partitionsByTopic.get(name));
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("creating topic " + name + " on " + bootstrapServers
                                + " failed: " + e.getCause(), e.getCause());
                    }
                } catch (TimeoutException e) {
                    throw new IllegalStateException("creating topic " + name + " on " + bootstrapServers
                            + " timed out", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            });
            Map<String, TopicDescription> described = admin.describeTopics(partitionsByTopic.keySet())
                    .allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            described.forEach((name, description) -> {
                int expected = partitionsByTopic.get(name);
                if (description.partitions().size() != expected) {
                    LOG.log(System.Logger.Level.WARNING, "topic {0} has {1} partitions, not {2}", name,
                            description.partitions().size(), expected);
                }
            });
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("describing topics on " + bootstrapServers + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
