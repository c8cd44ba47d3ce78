package io.vigil.launcher;

/** The three Vigil services and where their packaged application lives in the repository. */
public enum Service {
    INGEST("ingest-service"),
    CLASSIFY("classify-service"),
    ALERT("alert-service");

    private final String moduleName;

    Service(String moduleName) {
        this.moduleName = moduleName;
    }

    public String moduleName() {
        return moduleName;
    }

    /** The port configuration key (`VIGIL_INGEST_PORT` …). */
    String portVariable() {
        return "VIGIL_" + name() + "_PORT";
    }
}
