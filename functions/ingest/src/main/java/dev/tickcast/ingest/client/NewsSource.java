package dev.tickcast.ingest.client;

/** A configured news source; its name is the {@code source} of its items and the key of its poll state. */
public interface NewsSource {
    String name();
}
