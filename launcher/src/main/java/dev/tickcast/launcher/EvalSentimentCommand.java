package dev.tickcast.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./tickcast eval-sentiment}: accuracy, macro-F1 and score MAE of each sentiment scorer on the golden set or a
 * CSV of the same shape. The evaluation runs inside the sentiment function's own app (its {@code eval-sentiment}
 * mode), so the LLM is evaluated through exactly the client the function uses: same prompt, validation, timeouts and
 * retries. The launcher only starts it, with no broker and no HTTP port, and passes the provider settings on.
 */
@Command(name = "eval-sentiment", mixinStandardHelpOptions = true,
        description = { "Evaluate the sentiment scorers on labelled headlines: accuracy, macro-F1, score MAE, confusion.",
                "The offline lexicon scorer always; the LLM too when a provider is set (--provider or",
                "TICKCAST_SENTIMENT_LLM_PROVIDER; the API key only from TICKCAST_SENTIMENT_LLM_API_KEY).",
                "CSV shape: header headline,coin,label[,score]; label positive|negative|neutral; score in [-1, 1]." })
class EvalSentimentCommand implements Callable<Integer> {
    static final String APP = "functions/sentiment/target/quarkus-app/quarkus-run.jar";

    @Spec
    CommandSpec spec;

    @Option(names = "--file", description = "a CSV of labelled headlines (default: the bundled golden set)")
    Path file;

    @Option(names = "--provider", description = "LLM provider to evaluate too: openai (any OpenAI-compatible endpoint) or ollama")
    String provider;

    @Option(names = "--model", description = "the provider's model (default gpt-4o-mini / llama3.2)")
    String model;

    @Option(names = "--base-url", description = "the provider's base URL (default https://api.openai.com/v1/ / http://localhost:11434)")
    String baseUrl;

    @Override
    public Integer call() throws Exception {
        Path app = Tickcast.root().resolve(APP);
        if (!Files.isRegularFile(app)) {
            throw new ParameterException(spec.commandLine(), "the sentiment function is not built (" + app
                    + " is missing): run ./tickcast build, or ./mvnw -B -DskipTests install -pl functions/sentiment -am");
        }
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-Dtickcast.kafka-binding.enabled=false", "-Dquarkus.http.host-enabled=false",
                "-Dquarkus.banner.enabled=false", "-Dquarkus.log.level=ERROR",
                // the evaluation never touches the database, but the app's pool wants a URL to start (it connects lazily)
                "-Dquarkus.datasource.reactive.url=postgresql://127.0.0.1:1/unused"));
        if (provider != null) {
            String p = provider.toLowerCase(Locale.ROOT);
            if (!p.equals("openai") && !p.equals("ollama") && !p.equals("none")) {
                throw new ParameterException(spec.commandLine(), "--provider: openai, ollama or none, got " + provider);
            }
            command.add("-Dtickcast.sentiment.llm.provider=" + p);
        }
        if (model != null) {
            command.add("-Dtickcast.sentiment.llm.model=" + model);
        }
        if (baseUrl != null) {
            command.add("-Dtickcast.sentiment.llm.base-url=" + baseUrl);
        }
        command.addAll(List.of("-jar", app.toString(), "eval-sentiment"));
        if (file != null) {
            Path csv = file.toAbsolutePath();
            if (!Files.isReadable(csv)) {
                throw new ParameterException(spec.commandLine(), "--file: cannot read " + csv);
            }
            command.addAll(List.of("--file", csv.toString()));
        }
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }
}
