package io.vigil.alert.messaging;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;

import org.hibernate.exception.JDBCConnectionException;

/**
 * Tells a failure of the infrastructure (the database is down, restarting, out of connections, or chose this
 * transaction as a deadlock victim) from a failure of the records themselves. Only the latter may send a record
 * to the dead-letter topic: the former says nothing about the records, and the same work succeeds once the
 * database is back.
 */
final class TransientFailures {

    /** How Hibernate reports that the pool gave no connection, whatever the server said while refusing it. */
    private static final String HIBERNATE_ACQUISITION_FAILURE = "Unable to acquire JDBC Connection";
    /** Agroal's message when no connection became free within the acquisition timeout. */
    private static final String AGROAL_ACQUISITION_TIMEOUT = "Acquisition timeout";

    private TransientFailures() {
    }

    /**
     * @return the reason, a short label fit for a metric tag ({@code connection}, {@code resources},
     *         {@code shutdown}, {@code serialization}, {@code deadlock}, {@code transient}), when some exception
     *         of the cause chain is transient; empty when the failure may come from the records
     */
    static Optional<String> reason(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
            Optional<String> reason = reasonOf(cause);
            if (reason.isPresent()) {
                return reason;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> reasonOf(Throwable cause) {
        if (cause instanceof JDBCConnectionException) {
            return Optional.of("connection");
        }
        String message = cause.getMessage() == null ? "" : cause.getMessage();
        if (cause instanceof org.hibernate.JDBCException && message.startsWith(HIBERNATE_ACQUISITION_FAILURE)) {
            return Optional.of("connection");
        }
        if (!(cause instanceof SQLException sql)) {
            return Optional.empty();
        }
        Optional<String> bySqlState = reasonOfSqlState(sql.getSQLState());
        if (bySqlState.isPresent()) {
            return bySqlState;
        }
        if (message.startsWith(AGROAL_ACQUISITION_TIMEOUT)) {
            return Optional.of("resources");
        }
        if (cause instanceof SQLRecoverableException || cause instanceof SQLTransientConnectionException) {
            return Optional.of("connection");
        }
        if (cause instanceof SQLTransientException) {
            return Optional.of("transient");
        }
        return Optional.empty();
    }

    private static Optional<String> reasonOfSqlState(String state) {
        if (state == null || state.length() != 5) {
            return Optional.empty();
        }
        return switch (state) {
            case "57P01", "57P02", "57P03" -> Optional.of("shutdown");
            case "40001" -> Optional.of("serialization");
            case "40P01" -> Optional.of("deadlock");
            default -> switch (state.substring(0, 2)) {
                case "08" -> Optional.of("connection");
                case "53" -> Optional.of("resources");
                default -> Optional.empty();
            };
        };
    }
}
