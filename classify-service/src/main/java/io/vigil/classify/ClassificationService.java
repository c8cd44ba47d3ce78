package io.vigil.classify;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vigil.classify.config.ClassifierProducer;
import io.vigil.classify.config.VigilConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** Classifies articles and reloads the classifier data, counting both. */
@ApplicationScoped
public class ClassificationService {

    private static final Logger LOG = Logger.getLogger(ClassificationService.class);

    private final Classifier classifier;
    private final VigilConfig config;
    private final MeterRegistry registry;
    private final Timer classifyTimer;

    public ClassificationService(Classifier classifier, VigilConfig config, MeterRegistry registry) {
        this.classifier = classifier;
        this.config = config;
        this.registry = registry;
        this.classifyTimer = Timer.builder("vigil.classify").description("Time to classify one article")
                .register(registry);
    }

    public Classification classify(String title, String text, String langHint) {
        Classification result = classifyTimer.record(() -> classifier.classify(title, text, langHint));
        registry.counter("vigil.articles.classified", "lang", String.valueOf(result.lang())).increment();
        result.topics().forEach(topic -> registry.counter("vigil.topic.tags", "topic", topic.id()).increment());
        return result;
    }

    /**
     * Reloads the data files; on a {@link ClassifierDataException} the previous model stays in use.
     */
    public ClassifierModel.Counts reload() {
        try {
            ClassifierModel.Counts counts = classifier.reload(ClassifierProducer.dataFiles(config));
            registry.counter("vigil.classifier.reloads", "outcome", "success").increment();
            LOG.infof("Classifier data reloaded: %s", counts);
            return counts;
        } catch (ClassifierDataException e) {
            registry.counter("vigil.classifier.reloads", "outcome", "failure").increment();
            LOG.warnf("Classifier data reload refused, previous data kept: %s", e.getMessage());
            throw e;
        }
    }

    public ClassifierModel model() {
        return classifier.model();
    }
}
