package io.vigil.alert;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Standard Webhooks signatures: {@code v1,base64(HMAC-SHA256(key, id.timestamp.body))}. */
public final class WebhookSigner {

    public static final String SECRET_PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Mac PROTOTYPE = prototype();

    public static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** Space-separated signatures, one per secret, as Standard Webhooks allows during a rotation. */
    public String sign(java.util.List<String> secrets, String webhookId, long timestampSeconds, String body) {
        return String.join(" ", secrets.stream().map(secret -> sign(secret, webhookId, timestampSeconds, body)).toList());
    }

    public String sign(String secret, String webhookId, long timestampSeconds, String body) {
        byte[] key = Base64.getDecoder().decode(secret.startsWith(SECRET_PREFIX)
                ? secret.substring(SECRET_PREFIX.length()) : secret);
        try {
            Mac mac = newMac();
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] signed = mac.doFinal((webhookId + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signed);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 refused the key", e);
        }
    }

    /** A copy of one looked-up instance: the look-up through the providers was half of a signature's CPU. */
    private static Mac newMac() {
        try {
            return (Mac) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return lookUpMac();
        }
    }

    /** Its provider chosen once here, so that concurrent copies only read it. */
    private static Mac prototype() {
        Mac mac = lookUpMac();
        mac.getProvider();
        return mac;
    }

    private static Mac lookUpMac() {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
