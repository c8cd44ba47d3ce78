package io.vigil.classify.config;

import java.nio.file.Path;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;
import io.vigil.classify.Classifier;
import io.vigil.classify.ClassifierModel;
import io.vigil.classify.DataFiles;
import io.vigil.classify.LanguageDetector;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Builds the classifier once at start-up, so that a broken data file stops the service before it takes traffic. */
@ApplicationScoped
public class ClassifierProducer {

    private static final Logger LOG = Logger.getLogger(ClassifierProducer.class);

    @Produces
    @Singleton
    @Startup
    Classifier classifier(VigilConfig config) {
        DataFiles files = dataFiles(config);
        ClassifierModel model = ClassifierModel.load(files);
        LOG.infof("Classifier data loaded: %s", model.counts());
        return new Classifier(model, new LanguageDetector(config.classifier().lowAccuracyLanguageDetection()),
                config.classifier().minTopicScore());
    }

    /** Where the data files are read from, at start-up and on every reload. */
    public static DataFiles dataFiles(VigilConfig config) {
        return config.classifier().rulesDir().map(dir -> DataFiles.directory(Path.of(dir))).orElseGet(DataFiles::classpath);
    }
}
