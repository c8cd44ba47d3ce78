package io.vigil.alert;

import java.util.List;
import java.util.UUID;

/**
 * A delivery leased by this worker, with everything needed to send it outside a transaction; the secrets are
 * the current one first, then a rotated-out one still in its overlap. {@code digest} tells a digest's delivery
 * from an immediate alert's; {@code articleId} of a digest is its key {@code digest:<channel>:<window end>}.
 */
public record ClaimedDelivery(UUID alertId, UUID subscriptionId, String articleId, int attempts, String payload,
        String webhookUrl, List<String> webhookSecrets, DeliveryChannel channel, boolean digest,
        List<String> emailRecipients) {

    public ClaimedDelivery {
        webhookSecrets = List.copyOf(webhookSecrets);
        emailRecipients = List.copyOf(emailRecipients);
    }

    public String webhookId() {
        return "msg_" + alertId;
    }
}
