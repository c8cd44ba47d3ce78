package io.vigil.classify.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "vigil")
public interface VigilConfig {

    /** Bearer key for the write endpoints of the API ({@code VIGIL_ADMIN_API_KEY}). */
    String adminApiKey();

    ClassifierSettings classifier();

    ConsumerSettings consumer();

    interface ClassifierSettings {

        /** Directory with countries/, suffixes/, topics/ and frameworks.tsv; the files on the classpath when absent. */
        Optional<String> rulesDir();

        /** A topic is reported from this score on (0.5 = exactly at the topic's threshold). */
        @WithDefault("0.5")
        double minTopicScore();

        /** Lingua's low-accuracy mode: ~10 MiB instead of ~245 MiB of heap. */
        @WithDefault("true")
        boolean lowAccuracyLanguageDetection();
    }

    interface ConsumerSettings {

        /** How a batch that failed on the database (unreachable, restarting, overloaded) is retried. */
        Retry retry();

        interface Retry {

            /** The wait before the first retry; it doubles with each further attempt up to {@link #max()}. */
            @WithDefault("PT1S")
            Duration initial();

            @WithDefault("PT30S")
            Duration max();
        }
    }
}
