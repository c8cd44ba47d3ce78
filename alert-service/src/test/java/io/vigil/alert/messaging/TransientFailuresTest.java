package io.vigil.alert.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.util.Optional;

import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.GenericJDBCException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import jakarta.persistence.PersistenceException;

class TransientFailuresTest {

    @Test
    void connectionFailuresAreTransientWhereverTheyAreInTheCauseChain() {
        assertEquals(Optional.of("connection"), TransientFailures.reason(
                new PSQLException("Connection refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT)));
        assertEquals(Optional.of("connection"), TransientFailures.reason(new PersistenceException("commit failed",
                new RuntimeException("wrapped", new SQLException("I/O error", "08006")))));
        assertEquals(Optional.of("connection"), TransientFailures.reason(
                new JDBCConnectionException("could not execute statement", new SQLException("gone"))));
        assertEquals(Optional.of("connection"), TransientFailures.reason(new SQLRecoverableException("socket closed")));
        assertEquals(Optional.of("transient"), TransientFailures.reason(new SQLTimeoutException("query timeout")));
        assertEquals(Optional.of("connection"), TransientFailures.reason(new SQLTransientConnectionException("no route")));
    }

    @Test
    void aConnectionThePoolCouldNotOpenIsTransientWhateverTheServerAnswered() {
        // ALTER DATABASE ... ALLOW_CONNECTIONS false: PostgreSQL refuses with 55000, Hibernate reports the acquisition.
        SQLException refused = new SQLException("FATAL: database \"vigil\" is not currently accepting connections", "55000");
        assertEquals(Optional.of("connection"), TransientFailures.reason(new PersistenceException(
                new GenericJDBCException("Unable to acquire JDBC Connection [FATAL: not accepting] [n/a]", refused))));
        assertEquals(Optional.of("resources"), TransientFailures.reason(
                new SQLException("Acquisition timeout while waiting for new connection")));
    }

    @Test
    void serverStatesOfOutagesOverloadAndConcurrencyAreTransient() {
        assertEquals(Optional.of("shutdown"), reasonOfState("57P01"));
        assertEquals(Optional.of("shutdown"), reasonOfState("57P02"));
        assertEquals(Optional.of("shutdown"), reasonOfState("57P03"));
        assertEquals(Optional.of("resources"), reasonOfState("53300"));
        assertEquals(Optional.of("resources"), reasonOfState("53100"));
        assertEquals(Optional.of("serialization"), reasonOfState("40001"));
        assertEquals(Optional.of("deadlock"), reasonOfState("40P01"));
        assertEquals(Optional.of("connection"), reasonOfState("08001"));
    }

    @Test
    void failuresThatMayComeFromTheRecordsAreNotTransient() {
        assertEquals(Optional.empty(), reasonOfState("22021")); // NUL in a text value
        assertEquals(Optional.empty(), reasonOfState("23505"));
        assertEquals(Optional.empty(), reasonOfState("57014")); // query cancelled: not in 57P01-57P03
        assertEquals(Optional.empty(), reasonOfState("55000")); // outside an acquisition, a plain statement error
        assertEquals(Optional.empty(), reasonOfState(null));
        assertEquals(Optional.empty(), TransientFailures.reason(new ConstraintViolationException("duplicate",
                new SQLException("duplicate key", "23505"), "alert_pkey")));
        assertEquals(Optional.empty(), TransientFailures.reason(new InvalidEventException("missing required field id")));
        assertEquals(Optional.empty(), TransientFailures.reason(new IllegalStateException((String) null)));
    }

    @Test
    void aCauseChainWithACycleEnds() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);
        assertEquals(Optional.empty(), TransientFailures.reason(first));
    }

    private static Optional<String> reasonOfState(String sqlState) {
        return TransientFailures.reason(new PersistenceException(new SQLException("server says no", sqlState)));
    }
}
