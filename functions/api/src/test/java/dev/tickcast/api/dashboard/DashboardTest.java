package dev.tickcast.api.dashboard;

import static dev.tickcast.api.StoreFixtures.DEFAULT_T0;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tickcast.contracts.json.Json;
import dev.tickcast.registry.ModelRegistry;
import org.junit.jupiter.api.Test;

import dev.tickcast.api.StoreFixtures;
import dev.tickcast.runtime.testing.StackTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The dashboard in a real browser: Debian's headless Chromium loads the page, which loads Chart.js from the
 * webjar and candles and predictions over REST, renders them and writes its state into the DOM.
 */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, scope = TestResourceScope.GLOBAL)
class DashboardTest {
    private static final String PAIR = "DASH/USD";
    private static final int CANDLES = 60;
    private static final int PREDICTIONS = 40;
    private static final String PERSISTENCE = "20131125T100000000Z";
    /** Overridable for machines where it lives elsewhere: -Dtickcast.chromium=/path/to/chromium. */
    private static final String CHROMIUM = System.getProperty("tickcast.chromium", "/usr/bin/chromium");
    private static final Pattern MAIN = Pattern.compile("<main id=\"dashboard\"([^>]*)>");
    private static final Pattern ATTRIBUTE = Pattern.compile("data-([a-z-]+)=\"([^\"]*)\"");

    @TestHTTPResource("/")
    URL page;

    @Inject
    Pool pool;

    @Inject
    ModelRegistry registry;

    private final Map<Instant, BigDecimal> closes = new HashMap<>();
    private final Map<Instant, BigDecimal> predicted = new HashMap<>();

    /**
     * 60 candles from 10:00 (ends 10:01 … 11:00) and 40 predictions made at the ends of candles 20 … 59, targets
     * 5 minutes later: the last five targets (11:01 … 11:05) have no candle yet.
     */
    @BeforeEach
    void storeCandlesAndPredictions() {
        StoreFixtures.deletePair(pool, PAIR);
        for (int i = 0; i < CANDLES; i++) {
            BigDecimal close = new BigDecimal("900").add(BigDecimal.valueOf(Math.round(40 * Math.sin(i / 6.0) * 100), 2));
            StoreFixtures.createCandle(pool, PAIR, DEFAULT_T0.plusSeconds(60L * i), close);
            closes.put(DEFAULT_T0.plusSeconds(60L * (i + 1)), close);
        }
        for (int i = CANDLES - PREDICTIONS; i < CANDLES; i++) {
            Instant t = DEFAULT_T0.plusSeconds(60L * (i + 1));
            BigDecimal base = closes.get(t);
            BigDecimal guess = base.add(BigDecimal.valueOf((i % 7) - 3));
            StoreFixtures.createPrediction(pool, PAIR, t, base, guess, StoreFixtures.DEFAULT_VERSION);
            predicted.put(t.plusSeconds(300), guess);
        }
        // the persistence baseline serves the pair (as train registers it before any model has beaten it)
        if (registry.champion(PAIR).isEmpty()) {
            ObjectNode metadata = Json.mapper().createObjectNode().put("kind", "persistence");
            registry.writeVersion(PAIR, PERSISTENCE, "{}".getBytes(StandardCharsets.UTF_8), new byte[0], metadata);
            registry.switchChampion(PAIR, Json.mapper().createObjectNode().put("version", PERSISTENCE)
                    .put("kind", "persistence").put("switchedAt", "2013-11-25T10:00:00Z"), Optional.empty());
        }
    }

    @Test
    void theChartRendersTheSeededCandlesAndPredictionsWithTheRunningError() throws Exception {
        given().get("/webjars/chart.js/4.4.7/dist/chart.umd.js").then().statusCode(200).body(containsString("Chart"));

        String dom = chromium("--dump-dom", page + "?pair=DASH-USD");

        Matcher main = MAIN.matcher(dom);
        assertThat(main.find()).as("<main id=dashboard> in the DOM:%n%s", dom).isTrue();
        Map<String, String> state = new HashMap<>();
        Matcher attribute = ATTRIBUTE.matcher(main.group(1));
        while (attribute.find()) {
            state.put(attribute.group(1), attribute.group(2));
        }
        assertThat(state).as("the page's state").containsEntry("state", "rendered")
                .containsEntry("candles", String.valueOf(CANDLES))
                .containsEntry("predictions", String.valueOf(PREDICTIONS))
                .containsEntry("points", String.valueOf(CANDLES + PREDICTIONS));
        // the running error: predictions whose target candle is known, against its close
        List<Double> errors = new ArrayList<>();
        predicted.forEach((target, guess) -> {
            if (closes.containsKey(target)) {
                errors.add(guess.subtract(closes.get(target)).abs().doubleValue());
            }
        });
        assertThat(errors).hasSize(PREDICTIONS - 5);
        assertThat(state).containsEntry("matched", String.valueOf(errors.size()));
        double mae = errors.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertThat(Double.parseDouble(state.get("mae"))).isCloseTo(mae, org.assertj.core.data.Offset.offset(1e-6));
        // the figures above the chart: the newest close and when
        String lastClose = closes.get(DEFAULT_T0.plusSeconds(60L * CANDLES)).setScale(2, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString();
        assertThat(dom).contains("<span id=\"last-close\">" + lastClose + " at 11:00</span>");
        // which model serves, in plain words while it is the persistence baseline
        assertThat(state).containsEntry("model-kind", "persistence").containsEntry("model-version", PERSISTENCE);
        assertThat(dom).contains("persistence baseline " + PERSISTENCE)
                .contains("serving the persistence baseline: no model has beaten it yet");
    }

    @Test
    void aScreenshotOfTheChartIsKeptAsABuildArtifact() throws Exception {
        Path png = Path.of("target", "dashboard.png").toAbsolutePath();
        Files.deleteIfExists(png);

        chromium("--screenshot=" + png, "--window-size=1280,800", page + "?pair=DASH-USD");

        assertThat(png).exists();
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1280);
        assertThat(image.getHeight()).isEqualTo(800);
        // the chart drew: the close line (#1f77b4) and the predicted points (#ff7f0e) are on it
        Set<Integer> colours = new HashSet<>();
        int blue = 0;
        int orange = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                blue += near(rgb, 0x1f77b4) ? 1 : 0;
                orange += near(rgb, 0xff7f0e) ? 1 : 0;
            }
        }
        assertThat(colours.size()).as("distinct colours").isGreaterThan(50);
        assertThat(blue).as("pixels of the close line").isGreaterThan(500);
        assertThat(orange).as("pixels of the predicted points").isGreaterThan(200);
    }

    private static boolean near(int rgb, int target) {
        return Math.abs(((rgb >> 16) & 0xff) - ((target >> 16) & 0xff)) < 24
                && Math.abs(((rgb >> 8) & 0xff) - ((target >> 8) & 0xff)) < 24
                && Math.abs((rgb & 0xff) - (target & 0xff)) < 24;
    }

    /**
     * Runs headless Chromium on the page and returns what it printed. The virtual time budget lets the page's
     * fetches and scripts finish before the DOM is dumped or the screenshot taken, without waiting in real time.
     */
    private static String chromium(String... args) throws IOException, InterruptedException {
        assertThat(Path.of(CHROMIUM)).as("Debian's chromium (apt-get install chromium), or -Dtickcast.chromium").exists();
        Path profile = Files.createTempDirectory("tickcast-chromium-");
        List<String> command = new ArrayList<>(List.of(CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + profile,
                "--virtual-time-budget=15000"));
        command.addAll(List.of(args));
        Path log = Files.createTempFile("tickcast-chromium-", ".log");
        Path out = Files.createTempFile("tickcast-chromium-", ".out");
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).redirectOutput(out.toFile()).start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish: " + command);
        }
        assertThat(process.exitValue()).as("chromium's exit code; its log:%n%s", Files.readString(log)).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
