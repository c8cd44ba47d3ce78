package io.vigil.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;

import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    private final WebhookSigner signer = new WebhookSigner();

    @Test
    void matchesTheStandardWebhooksReferenceVector() {
        String signature = signer.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330L, "{\"test\": 2432232314}");

        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    @Test
    void signatureChangesWithTheTimestamp() {
        String secret = WebhookSigner.newSecret();

        assertNotEquals(signer.sign(secret, "msg_1", 1L, "{}"), signer.sign(secret, "msg_1", 2L, "{}"));
    }

    @Test
    void everySecretOfARotationSigns() {
        String oldSecret = WebhookSigner.newSecret();
        String newSecret = WebhookSigner.newSecret();

        String header = signer.sign(java.util.List.of(newSecret, oldSecret), "msg_1", 5L, "{}");

        assertEquals(signer.sign(newSecret, "msg_1", 5L, "{}") + " " + signer.sign(oldSecret, "msg_1", 5L, "{}"), header);
    }

    @Test
    void newSecretsCarryThirtyTwoRandomBytes() {
        String secret = WebhookSigner.newSecret();

        assertTrue(secret.startsWith("whsec_"));
        assertEquals(32, Base64.getDecoder().decode(secret.substring("whsec_".length())).length);
        assertNotEquals(secret, WebhookSigner.newSecret());
    }
}
