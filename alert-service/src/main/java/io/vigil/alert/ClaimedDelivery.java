package io.vigil.alert;

import java.util.UUID;

/** A delivery leased by this worker, with everything needed to send it outside a transaction. */
public record ClaimedDelivery(UUID alertId, UUID subscriptionId, String articleId, int attempts, String payload,
        String webhookUrl, String webhookSecret) {

    public String webhookId() {
        return "msg_" + alertId;
    }
}
