package io.vigil.alert.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.vigil.alert.messaging.PipelineMonitor;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/dashboard")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operations", description = "Delivery health at a glance (admin only)")
@SecurityRequirement(name = "bearer")
public class DashboardResource {

    private final EntityManager entityManager;
    private final Caller caller;
    private final PipelineMonitor pipelineMonitor;

    public DashboardResource(EntityManager entityManager, Caller caller, PipelineMonitor pipelineMonitor) {
        this.entityManager = entityManager;
        this.caller = caller;
        this.pipelineMonitor = pipelineMonitor;
    }

    public record Dashboard(long pendingDeliveries, long oldestPendingSeconds, long failedLast24h,
            long deliveredLast24h, List<SubscriptionHealth> subscriptions, PipelineMonitor.Snapshot pipeline) {
    }

    public record SubscriptionHealth(UUID id, String name, Instant lastSuccessAt, long pending, long failedLast24h) {
    }

    @GET
    @Transactional
    @Operation(summary = "Queue depth, recent failures, each subscription's last successful delivery, "
            + "the pipeline's consumer lag and dead letters", description = "The page /dashboard/ shows it to operators.")
    @SuppressWarnings("unchecked")
    public Dashboard dashboard() {
        caller.requireAdmin();
        Object[] totals = (Object[]) entityManager.createNativeQuery("""
                SELECT count(*) FILTER (WHERE status = 'pending'),
                       coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'pending')), 0),
                       count(*) FILTER (WHERE status = 'failed' AND updated_at > now() - interval '24 hours'),
                       count(*) FILTER (WHERE status = 'delivered' AND updated_at > now() - interval '24 hours')
                  FROM delivery""").getSingleResult();
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT s.id, s.name,
                       (SELECT max(attempted_at) FROM delivery_attempt a
                         WHERE a.subscription_id = s.id AND a.outcome = 'success'),
                       (SELECT count(*) FROM delivery d WHERE d.subscription_id = s.id AND d.status = 'pending'),
                       (SELECT count(*) FROM delivery d WHERE d.subscription_id = s.id AND d.status = 'failed'
                           AND d.updated_at > now() - interval '24 hours')
                  FROM subscription s
                 ORDER BY s.created_at""").getResultList();
        List<SubscriptionHealth> subscriptions = rows.stream()
                .map(row -> new SubscriptionHealth((UUID) row[0], (String) row[1], toInstant(row[2]),
                        ((Number) row[3]).longValue(), ((Number) row[4]).longValue()))
                .toList();
        return new Dashboard(((Number) totals[0]).longValue(), ((Number) totals[1]).longValue(),
                ((Number) totals[2]).longValue(), ((Number) totals[3]).longValue(), subscriptions,
                pipelineMonitor.snapshot());
    }

    private static Instant toInstant(Object value) {
        return switch (value) {
            case null -> null;
            case Instant instant -> instant;
            case java.time.OffsetDateTime offset -> offset.toInstant();
            case java.sql.Timestamp timestamp -> timestamp.toInstant();
            default -> throw new IllegalStateException("Unexpected timestamp type " + value.getClass());
        };
    }
}
