package io.vigil.classify;

/** One classifier per test JVM: Lingua's models are loaded once and shared by the plain tests. */
final class TestClassifiers {

    private static LanguageDetector detector;
    private static Classifier shipped;

    private TestClassifiers() {
    }

    static synchronized LanguageDetector detector() {
        if (detector == null) {
            detector = new LanguageDetector(true);
        }
        return detector;
    }

    /** The classifier with the data files shipped on the classpath. */
    static synchronized Classifier shipped() {
        if (shipped == null) {
            shipped = new Classifier(ClassifierModel.load(DataFiles.classpath()), detector(), 0.5);
        }
        return shipped;
    }
}
