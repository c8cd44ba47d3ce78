package io.vigil.classify;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The test-only classifier data under src/test/resources/engine-data. */
final class EngineData {

    private static ClassifierModel model;

    private EngineData() {
    }

    static DataFiles files() {
        try {
            return DataFiles.directory(Path.of(EngineData.class.getClassLoader().getResource("engine-data").toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static synchronized ClassifierModel model() {
        if (model == null) {
            model = ClassifierModel.load(files());
        }
        return model;
    }
}
