package io.vigil.classify.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.CompletionException;

import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;

import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;

import io.quarkus.narayana.jta.QuarkusTransactionException;
import jakarta.transaction.RollbackException;

class TransientFailureTest {

    @ParameterizedTest
    @CsvSource({
            "08006, connection",                // connection_failure
            "08001, connection",                // sqlclient_unable_to_establish_sqlconnection
            "53300, resources",    // too_many_connections
            "53100, resources",    // disk_full
            "57P01, shutdown",           // admin_shutdown (pg_terminate_backend)
            "57P02, shutdown",           // crash_shutdown
            "57P03, shutdown",           // cannot_connect_now (starting up)
            "40001, serialization",             // serialization_failure
            "40P01, deadlock"})                 // deadlock_detected
    void infrastructureSqlStatesAreTransient(String sqlState, String reason) {
        assertThat(TransientFailure.reasonOf(new SQLException("failed", sqlState))).contains(reason);
    }

    @ParameterizedTest
    @CsvSource({
            "23505",    // unique_violation
            "23502",    // not_null_violation
            "22001",    // string_data_right_truncation
            "22P02",    // invalid_text_representation
            "57014",    // query_canceled (statement timeout): the same statement would time out again
            "42P01",    // undefined_table
            "40002",    // transaction_integrity_constraint_violation
            "55000"})   // object_not_in_prerequisite_state, reported as ERROR
    void dataAndProgrammingErrorsAreNotTransient(String sqlState) {
        assertThat(TransientFailure.reasonOf(new SQLException("failed", sqlState))).isEmpty();
        assertThat(TransientFailure.reasonOf(
                new PSQLException(new ServerErrorMessage("SERROR\0C" + sqlState + "\0Mfailed\0")))).isEmpty();
    }

    @Test
    void theCauseChainIsWalkedThroughTheTransactionWrappers() {
        PSQLException terminated = new PSQLException(
                new ServerErrorMessage("SFATAL\0C57P01\0Mterminating connection due to administrator command\0"));
        RuntimeException failure = new QuarkusTransactionException(new RollbackException("ARJUNA016053"));
        failure.getCause().initCause(new JDBCConnectionException("could not execute statement", terminated));

        assertThat(TransientFailure.reasonOf(failure)).contains(TransientFailure.CONNECTION);
        assertThat(TransientFailure.reasonOf(new RuntimeException(new RuntimeException(terminated))))
                .contains(TransientFailure.SERVER_SHUTDOWN);
    }

    @Test
    void aConstraintViolationDeepInTheChainIsNotTransient() {
        SQLException unique = new SQLException("duplicate key value violates unique constraint", "23505");
        RuntimeException failure = new QuarkusTransactionException(
                new ConstraintViolationException("could not execute batch", unique, "processed_event_pkey"));

        assertThat(TransientFailure.reasonOf(failure)).isEmpty();
    }

    @Test
    void aRefusedConnectionReportedAsFatalIsTransient() {
        // ALTER DATABASE ... ALLOW_CONNECTIONS false: the server refuses new sessions with 55000 and severity FATAL
        PSQLException refused = new PSQLException(new ServerErrorMessage(
                "SFATAL\0C55000\0Mdatabase \"vigil\" is not currently accepting connections\0RInitPostgres\0"));
        SQLException agroal = new SQLException("Exception while creating new connection", refused);

        assertThat(TransientFailure.reasonOf(agroal)).contains(TransientFailure.CONNECTION);
    }

    @Test
    void theDriversConnectionErrorsAreTransient() {
        assertThat(TransientFailure.reasonOf(new PSQLException("Connection to 127.0.0.1:5432 refused",
                PSQLState.CONNECTION_UNABLE_TO_CONNECT))).contains(TransientFailure.CONNECTION);
        assertThat(TransientFailure.reasonOf(new PSQLException("An I/O error occurred while sending to the backend",
                PSQLState.CONNECTION_FAILURE))).contains(TransientFailure.CONNECTION);
    }

    @Test
    void thePoolsAcquisitionTimeoutIsTransient() {
        assertThat(TransientFailure.reasonOf(new SQLException("Sorry, acquisition timeout!")))
                .contains(TransientFailure.INSUFFICIENT_RESOURCES);
        assertThat(TransientFailure.reasonOf(new SQLException("Sorry, something else"))).isEmpty();
    }

    @Test
    void theJdbcTransientAndRecoverableExceptionsAreTransient() {
        assertThat(TransientFailure.reasonOf(new SQLTransientConnectionException("no route")))
                .contains(TransientFailure.TRANSIENT);
        assertThat(TransientFailure.reasonOf(new SQLRecoverableException("connection reset")))
                .contains(TransientFailure.CONNECTION);
    }

    @Test
    void aBatchUpdatesNextExceptionIsLookedAt() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 was aborted", "08006", new int[0]);
        assertThat(TransientFailure.reasonOf(batch)).contains(TransientFailure.CONNECTION);

        BatchUpdateException aborted = new BatchUpdateException("Batch entry 0 was aborted", null, new int[0]);
        aborted.setNextException(new SQLException("deadlock detected", "40P01"));
        assertThat(TransientFailure.reasonOf(new RuntimeException(aborted))).contains(TransientFailure.DEADLOCK);
    }

    @Test
    void theBrokerRefusingEventsForARetriableReasonIsTransient() {
        // What MutinyEmitter.sendMessage(...).join() throws when the producer's delivery timeout ran out
        CompletionException timedOut = new CompletionException(new TimeoutException(
                "Expiring 12 record(s) for articles.classified-0: 3001 ms has passed since batch creation"));
        assertThat(TransientFailure.reasonOf(timedOut)).contains(TransientFailure.BROKER);
        assertThat(TransientFailure.reasonOf(new CompletionException(new NotEnoughReplicasException(
                "Messages are rejected since there are fewer in-sync replicas than required."))))
                .contains(TransientFailure.BROKER);
    }

    @Test
    void anEventTheBrokerCanNeverTakeIsNotTransient() {
        assertThat(TransientFailure.reasonOf(new CompletionException(new RecordTooLargeException(
                "The message is 2097152 bytes when serialized which is larger than 1048576")))).isEmpty();
    }

    @Test
    void otherFailuresAreNotTransient() {
        assertThat(TransientFailure.reasonOf(new IllegalStateException("bug"))).isEmpty();
        assertThat(TransientFailure.reasonOf(new InvalidEventException("no ce_id header"))).isEmpty();
        assertThat(TransientFailure.reasonOf(new SQLException("no state"))).isEmpty();
    }

    @Test
    void aCyclicCauseChainEnds() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);

        assertThat(TransientFailure.reasonOf(first)).isEmpty();
    }

    @Test
    void theBackoffDoublesUpToItsMaximum() {
        Duration initial = Duration.ofSeconds(1);
        Duration max = Duration.ofSeconds(30);

        assertThat(java.util.stream.IntStream.rangeClosed(1, 8)
                .mapToObj(attempt -> TransientFailureRetry.delay(initial, max, attempt).toSeconds()))
                .containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
        assertThat(TransientFailureRetry.delay(initial, max, Integer.MAX_VALUE)).isEqualTo(max);
        assertThat(TransientFailureRetry.delay(Duration.ofMinutes(1), max, 1)).isEqualTo(max);
    }
}
