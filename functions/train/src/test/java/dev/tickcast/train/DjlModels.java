package dev.tickcast.train;

import java.nio.file.Files;
import java.nio.file.Path;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;

/** A registry model file served as predict serves it: DJL's XGBoost engine, model name "model". */
public final class DjlModels {
    private DjlModels() {
    }

    /** The model's output for each row (NaN = missing). */
    public static float[] predict(byte[] modelJson, float[][] rows) throws Exception {
        Path dir = Files.createTempDirectory("djl-model-");
        Files.write(dir.resolve("model.json"), modelJson);
        try (Model model = Model.newInstance("model", "XGBoost")) {
            model.load(dir, "model");
            try (Predictor<float[][], float[]> predictor = model.newPredictor(new Translator<>() {
                @Override
                public NDList processInput(TranslatorContext ctx, float[][] in) {
                    return new NDList(ctx.getNDManager().create(in));
                }

                @Override
                public float[] processOutput(TranslatorContext ctx, NDList list) {
                    return list.singletonOrThrow().toFloatArray();
                }

                @Override
                public Batchifier getBatchifier() {
                    return null;
                }
            })) {
                return predictor.predict(rows);
            }
        } finally {
            Files.deleteIfExists(dir.resolve("model.json"));
            Files.deleteIfExists(dir);
        }
    }
}
