package dev.tickcast.ingest.service;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.market.Trade;
import dev.tickcast.ingest.config.IngestConfig;
import dev.tickcast.ingest.repository.LastTrades;
import dev.tickcast.marketdata.TradeBatches;
import dev.tickcast.marketdata.kraken.KrakenRestClient;
import dev.tickcast.marketdata.kraken.KrakenTradeStream;
import dev.tickcast.runtime.EventSink;
import dev.tickcast.runtime.telemetry.FunctionTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The live source: Kraken's WebSocket v2 trade channel for the configured pairs, published as trades.v1 batches
 * to the broker. A restart resumes after the last trade stored, filling the gap from REST, so no trade id goes
 * missing. Each batch is acknowledged by the broker before the stream goes on; a failed send makes the stream
 * reconnect and deliver those trades again (same trade ids, same batch ids: downstream drops the duplicate).
 */
@ApplicationScoped
public class LiveTrades {
    static final String SOURCE = "kraken-ws";
    private static final Logger LOG = Logger.getLogger(LiveTrades.class);

    @Inject
    IngestConfig config;

    @Inject
    EventSink sink;

    @Inject
    LastTrades lastTrades;

    @Inject
    FunctionTelemetry telemetry;

    private KrakenTradeStream stream;

    void start(@Observes StartupEvent startup) {
        if (!config.live()) {
            LOG.info("live Kraken trades off (tickcast.ingest.live=false)");
            return;
        }
        KrakenRestClient rest = new KrakenRestClient(KrakenRestClient.Settings.defaults()
                .withBaseUri(config.kraken().restUrl()).withRequestInterval(config.kraken().restInterval()));
        KrakenTradeStream.Builder builder = KrakenTradeStream.builder().uri(config.kraken().websocketUrl()).rest(rest)
                .staleAfter(config.kraken().staleAfter());
        for (String pair : config.pairs()) {
            var last = lastTrades.of(pair);
            if (last.isPresent()) {
                LOG.infof("%s: resuming after trade %s of %s", pair, last.get().id(), last.get().time());
                builder.pair(pair, last.get().id(), last.get().time(), trades -> publish(pair, trades));
            } else {
                builder.pair(pair, trades -> publish(pair, trades));
            }
        }
        stream = builder.build().start();
        LOG.infof("streaming live Kraken trades of %s from %s", config.pairs(), config.kraken().websocketUrl());
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (stream != null) {
            stream.close();
        }
    }

    /**
     * Called on the stream's thread: blocks until the broker has every batch, so the stream keeps order. Each batch
     * starts a trace: its producer span's traceparent goes on the event, and every function downstream continues it.
     */
    void publish(String pair, List<Trade> trades) {
        for (List<Trade> batch : TradeBatches.perMinute(trades)) {
            CloudEventEnvelope event = TradeBatches.event(pair, SOURCE, batch);
            Span span = telemetry.startProducer(EventTypes.TRADES, pair);
            span.setAttribute("cloudevents.event_id", event.id());
            try (Scope scope = span.makeCurrent()) {
                sink.send(event).await().atMost(Duration.ofSeconds(30));
            } catch (RuntimeException e) {
                span.setStatus(StatusCode.ERROR, e.getMessage());
                throw e;
            } finally {
                span.end();
            }
        }
    }
}
