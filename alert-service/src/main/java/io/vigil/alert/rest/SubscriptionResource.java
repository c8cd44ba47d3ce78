package io.vigil.alert.rest;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.vigil.alert.Alert;
import io.vigil.alert.Delivery;
import io.vigil.alert.DeliveryAttempt;
import io.vigil.alert.DeliveriesQueued;
import io.vigil.alert.DeliveryMode;
import io.vigil.alert.DeliveryQueue;
import io.vigil.alert.DeliveryStatus;
import io.vigil.alert.InvalidSubscriptionException;
import io.vigil.alert.Subscription;
import io.vigil.alert.SubscriptionCriteria;
import io.vigil.alert.SubscriptionValidator;
import io.vigil.alert.WebhookSigner;
import io.vigil.alert.WebhookUrlGuard;
import io.vigil.alert.config.VigilConfig;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/api/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Subscriptions", description = "What to alert on and where to deliver the webhooks")
@SecurityRequirement(name = "bearer")
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "VIGIL_ADMIN_API_KEY or a key issued by POST /api/keys")
public class SubscriptionResource {

    private static final int MAX_LOG_ENTRIES = 1000;
    private static final String DELIVERY_MODES = "deliveryMode immediate (default) sends one signed webhook per alert. "
            + "hourly and daily collect the alerts and send one digest per UTC hour or day, to webhook.url and/or "
            + "email.recipients; an empty window sends nothing. While muted (mutedUntil) nothing is collected. "
            + "Switching a digest back to immediate sends what it had collected as individual alerts.";

    private final SubscriptionValidator validator = new SubscriptionValidator();
    private final Caller caller;
    private final WebhookUrlGuard urlGuard;
    private final DeliveryQueue deliveryQueue;
    private final Event<DeliveriesQueued> deliveriesQueued;

    private final Duration secretOverlap;

    public SubscriptionResource(Caller caller, WebhookUrlGuard urlGuard, DeliveryQueue deliveryQueue,
            Event<DeliveriesQueued> deliveriesQueued, VigilConfig config) {
        this.caller = caller;
        this.secretOverlap = config.webhook().secretOverlap();
        this.urlGuard = urlGuard;
        this.deliveryQueue = deliveryQueue;
        this.deliveriesQueued = deliveriesQueued;
    }

    @POST
    @Transactional
    @Operation(summary = "Create a subscription; the response carries the webhook signing secret, shown only once",
            description = DELIVERY_MODES)
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(schema = @Schema(implementation = SubscriptionView.class)))
    @APIResponse(responseCode = "400", description = "Invalid criteria, delivery mode, webhook URL or email recipients",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response create(SubscriptionRequest request) {
        SubscriptionRequest body = requireBody(request);
        Subscription subscription = new Subscription();
        subscription.id = UUID.randomUUID();
        subscription.createdAt = Instant.now();
        subscription.webhookSecret = WebhookSigner.newSecret();
        subscription.ownerKeyId = caller.keyId();
        apply(subscription, body);
        subscription.persist();
        return Response.created(URI.create("/api/subscriptions/" + subscription.id))
                .entity(SubscriptionView.of(subscription, true))
                .build();
    }

    @GET
    @Operation(summary = "List subscriptions (a subscriber key sees only its own)")
    public List<SubscriptionView> list() {
        List<Subscription> subscriptions = caller.isAdmin()
                ? Subscription.list("order by createdAt")
                : Subscription.list("ownerKeyId = ?1 order by createdAt", caller.keyId());
        return subscriptions.stream().map(subscription -> SubscriptionView.of(subscription, false)).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a subscription")
    public SubscriptionView get(@PathParam("id") UUID id) {
        return SubscriptionView.of(find(id), false);
    }

    @PUT
    @Path("/{id}")
    @Transactional
    @Operation(summary = "Replace a subscription's criteria, delivery mode and channels; the secret is kept",
            description = DELIVERY_MODES)
    @APIResponse(responseCode = "200", description = "Replaced",
            content = @Content(schema = @Schema(implementation = SubscriptionView.class)))
    @APIResponse(responseCode = "400", description = "Invalid criteria, delivery mode, webhook URL or email recipients",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public SubscriptionView update(@PathParam("id") UUID id, SubscriptionRequest request) {
        SubscriptionRequest body = requireBody(request);
        Subscription subscription = find(id);
        apply(subscription, body);
        return SubscriptionView.of(subscription, false);
    }

    @DELETE
    @Path("/{id}")
    @Transactional
    @Operation(summary = "Delete a subscription with its alerts and delivery log")
    public Response delete(@PathParam("id") UUID id) {
        find(id).delete();
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/deliveries")
    @Transactional
    @Operation(summary = "Delivery log: per alert its status, attempts and next retry, newest first",
            description = "A digest's deliveries appear here too, one per channel, with articleId "
                    + "digest:<webhook|email>:<window end>; the alerts a digest carries have no entry of their own.")
    public List<DeliveryLogEntry> deliveries(@PathParam("id") UUID id,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        Subscription subscription = find(id);
        List<Delivery> deliveries = Delivery.find("subscriptionId = ?1 order by createdAt desc", subscription.id)
                .page(0, Math.clamp(limit, 1, MAX_LOG_ENTRIES))
                .list();
        if (deliveries.isEmpty()) {
            return List.of();
        }
        List<UUID> alertIds = deliveries.stream().map(delivery -> delivery.alertId).toList();
        List<Alert> alertRows = Alert.list("id in ?1", alertIds);
        Map<UUID, Alert> alerts = alertRows.stream().collect(Collectors.toMap(alert -> alert.id, Function.identity()));
        List<DeliveryAttempt> attemptRows = DeliveryAttempt.list("alertId in ?1 order by attemptedAt, id", alertIds);
        Map<UUID, List<DeliveryLogEntry.Attempt>> attempts = attemptRows.stream()
                .collect(Collectors.groupingBy(attempt -> attempt.alertId, Collectors.mapping(
                        attempt -> new DeliveryLogEntry.Attempt(attempt.attemptedAt, attempt.outcome,
                                attempt.statusCode, attempt.latencyMs, attempt.error, attempt.responseExcerpt),
                        Collectors.toList())));
        return deliveries.stream()
                .map(delivery -> {
                    Alert alert = alerts.get(delivery.alertId);
                    boolean pending = DeliveryStatus.PENDING.dbValue().equals(delivery.status);
                    return new DeliveryLogEntry(delivery.alertId, alert.webhookId(), alert.articleId, delivery.status,
                            delivery.attempts, delivery.createdAt, pending ? delivery.nextAttemptAt : null,
                            attempts.getOrDefault(delivery.alertId, List.of()));
                })
                .toList();
    }

    public record Redelivery(int redelivered) {
    }

    public record RotatedSecret(String secret, Instant previousSecretExpiresAt) {
    }

    @POST
    @Path("/{id}/secret:rotate")
    @Transactional
    @Operation(summary = "Issue a new signing secret (shown once); the old one keeps signing during the overlap")
    public RotatedSecret rotateSecret(@PathParam("id") UUID id) {
        Subscription subscription = find(id);
        String secret = subscription.rotateSecret(Instant.now(), secretOverlap);
        return new RotatedSecret(secret, subscription.previousSecretExpiresAt);
    }

    @POST
    @Path("/{id}/deliveries/{alertId}:redeliver")
    @Transactional
    @Operation(summary = "Send one alert again with a fresh retry budget (same webhook-id); re-enables the endpoint")
    public Response redeliver(@PathParam("id") UUID id, @PathParam("alertId") UUID alertId) {
        Subscription subscription = find(id);
        Delivery delivery = Delivery.findById(alertId);
        if (delivery == null || !delivery.subscriptionId.equals(subscription.id)) {
            throw ProblemException.notFound("Delivery " + alertId + " of subscription " + id);
        }
        return requeue(subscription, List.of(alertId));
    }

    @POST
    @Path("/{id}/deliveries:redeliver")
    @Transactional
    @Operation(summary = "Send again every failed alert created since the given instant; re-enables the endpoint")
    public Response redeliverSince(@PathParam("id") UUID id, @QueryParam("since") String since) {
        Instant from = parseInstant(since);
        Subscription subscription = find(id);
        List<Delivery> failed = Delivery.list("subscriptionId = ?1 and status = ?2 and createdAt >= ?3",
                subscription.id, DeliveryStatus.FAILED.dbValue(), from);
        return requeue(subscription, failed.stream().map(delivery -> delivery.alertId).toList());
    }

    private Response requeue(Subscription subscription, List<UUID> alertIds) {
        subscription.enableEndpoint();
        int redelivered = deliveryQueue.redeliver(subscription.id, alertIds);
        deliveriesQueued.fire(new DeliveriesQueued(redelivered));
        return Response.accepted(new Redelivery(redelivered)).build();
    }

    private static Instant parseInstant(String since) {
        if (since == null || since.isBlank()) {
            throw new ProblemException(400, "invalid-parameter", "Invalid parameter",
                    "since is required (RFC 3339 instant, e.g. 2026-11-22T06:00:00Z)", Map.of("parameter", "since"));
        }
        try {
            return Instant.parse(since.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new ProblemException(400, "invalid-parameter", "Invalid parameter",
                    "since must be an RFC 3339 instant such as 2026-11-22T06:00:00Z", Map.of("parameter", "since"));
        }
    }

    private void apply(Subscription subscription, SubscriptionRequest body) {
        String name = validator.name(body.name());
        SubscriptionCriteria criteria = validator.criteria(body.topics(), body.topicsMode(), body.countries(),
                body.frameworks(), body.focusOnly(), body.languages(), body.minScore(), body.query());
        DeliveryMode mode = validator.deliveryMode(body.deliveryMode());
        List<String> recipients = validator.emailRecipients(body.email() == null ? null : body.email().recipients());
        String requestedUrl = body.webhook() == null ? null : body.webhook().url();
        boolean hasWebhookUrl = requestedUrl != null && !requestedUrl.isBlank();
        validator.channels(mode, hasWebhookUrl, recipients);
        String url = null;
        if (hasWebhookUrl || !mode.digest()) {
            url = validator.webhookUrl(requestedUrl);
            urlGuard.refusal(URI.create(url)).ifPresent(reason -> {
                throw new InvalidSubscriptionException(reason, Map.of("errors", List.of(reason)));
            });
        }
        subscription.apply(criteria, name, url, body.mutedUntil());
        subscription.deliverAs(mode, recipients);
    }

    private static SubscriptionRequest requireBody(SubscriptionRequest request) {
        if (request == null) {
            throw new ProblemException(400, "missing-body", "Missing body", "A JSON subscription is required",
                    Map.of());
        }
        return request;
    }

    /** Another tenant's subscription answers 404, like a missing one, so ids cannot be probed. */
    private Subscription find(UUID id) {
        Subscription subscription = Subscription.findById(id);
        if (subscription == null || !caller.owns(subscription.ownerKeyId)) {
            throw ProblemException.notFound("Subscription " + id);
        }
        return subscription;
    }
}
