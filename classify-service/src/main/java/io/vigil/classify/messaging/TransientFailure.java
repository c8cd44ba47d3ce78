package io.vigil.classify.messaging;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.common.errors.RetriableException;
import org.hibernate.exception.JDBCConnectionException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Tells a failure of the infrastructure (the database unreachable, restarting, overloaded, or a transaction that lost
 * a serialization race; the broker not taking the classified events), after which the same records will succeed,
 * from a failure caused by the records themselves. Records that failed for the first kind are good: they are
 * retried, never dead-lettered.
 */
final class TransientFailure {

    static final String CONNECTION = "connection";
    static final String INSUFFICIENT_RESOURCES = "resources";
    static final String SERVER_SHUTDOWN = "shutdown";
    static final String SERIALIZATION = "serialization";
    static final String DEADLOCK = "deadlock";
    static final String TRANSIENT = "transient";
    static final String BROKER = "broker";

    private TransientFailure() {
    }

    /** The reason when {@code failure} or one of its causes is transient; empty when none is. */
    static Optional<String> reasonOf(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            Optional<String> reason = reasonOfOne(t);
            if (reason.isPresent()) {
                return reason;
            }
            if (t instanceof SQLException sql) {
                // The driver chains batch failures here rather than as causes
                for (SQLException next = sql.getNextException(); next != null && seen.add(next);
                     next = next.getNextException()) {
                    reason = reasonOfOne(next);
                    if (reason.isPresent()) {
                        return reason;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> reasonOfOne(Throwable t) {
        if (t instanceof RetriableException) {
            // The producer gave up within delivery.timeout.ms on an error Kafka itself calls retriable (no leader,
            // too few in-sync replicas, a timeout): the same events go through once the broker takes them again
            return Optional.of(BROKER);
        }
        if (t instanceof JDBCConnectionException) {
            return Optional.of(CONNECTION);
        }
        if (t instanceof SQLRecoverableException) {
            return Optional.of(CONNECTION);
        }
        if (t instanceof SQLException sql) {
            Optional<String> byState = reasonOfState(sql.getSQLState());
            if (byState.isPresent()) {
                return byState;
            }
            if (sql.getSQLState() == null && sql.getMessage() != null
                    && sql.getMessage().contains("acquisition timeout")) {
                // Agroal: no connection came free (or could be opened) within the acquisition timeout
                return Optional.of(INSUFFICIENT_RESOURCES);
            }
            if (isFatalServerError(sql)) {
                return Optional.of(CONNECTION);
            }
        }
        if (t instanceof SQLTransientException) {
            return Optional.of(TRANSIENT);
        }
        return Optional.empty();
    }

    /** SQLSTATE classes and codes of PostgreSQL (Appendix A) that say nothing about the data. */
    static Optional<String> reasonOfState(String sqlState) {
        if (sqlState == null || sqlState.length() != 5) {
            return Optional.empty();
        }
        return switch (sqlState.substring(0, 2)) {
            case "08" -> Optional.of(CONNECTION);
            case "53" -> Optional.of(INSUFFICIENT_RESOURCES);
            case "57" -> switch (sqlState) {
                // admin_shutdown, crash_shutdown, cannot_connect_now; not 57014 (query_canceled)
                case "57P01", "57P02", "57P03" -> Optional.of(SERVER_SHUTDOWN);
                default -> Optional.empty();
            };
            case "40" -> switch (sqlState) {
                case "40001" -> Optional.of(SERIALIZATION);
                case "40P01" -> Optional.of(DEADLOCK);
                default -> Optional.empty();
            };
            default -> Optional.empty();
        };
    }

    /**
     * PostgreSQL reports FATAL only for errors that end or refuse the session, such as "database is not currently
     * accepting connections" (55000) while the server refuses connections to the database: never a fault of the data.
     */
    private static boolean isFatalServerError(SQLException sql) {
        if (!(sql instanceof PSQLException psql)) {
            return false;
        }
        ServerErrorMessage server = psql.getServerErrorMessage();
        return server != null && ("FATAL".equals(server.getSeverity()) || "PANIC".equals(server.getSeverity()));
    }
}
