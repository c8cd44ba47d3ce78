package io.vigil.alert;

import java.util.List;
import java.util.UUID;

/**
 * A delivery leased by this worker, with everything needed to send it outside a transaction; the secrets are
 * the current one first, then a rotated-out one still in its overlap.
 */
public record ClaimedDelivery(UUID alertId, UUID subscriptionId, String articleId, int attempts, String payload,
        String webhookUrl, List<String> webhookSecrets) {

    public ClaimedDelivery {
        webhookSecrets = List.copyOf(webhookSecrets);
    }

    public String webhookId() {
        return "msg_" + alertId;
    }
}
