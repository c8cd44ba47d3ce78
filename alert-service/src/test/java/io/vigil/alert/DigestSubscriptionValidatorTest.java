package io.vigil.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

class DigestSubscriptionValidatorTest {

    private final SubscriptionValidator validator = new SubscriptionValidator();

    @Test
    void deliveryModeDefaultsToImmediateAndNamesTheValidOnes() {
        assertEquals(DeliveryMode.IMMEDIATE, validator.deliveryMode(null));
        assertEquals(DeliveryMode.HOURLY, validator.deliveryMode(" Hourly "));
        InvalidSubscriptionException e = assertThrows(InvalidSubscriptionException.class,
                () -> validator.deliveryMode("weekly"));
        assertEquals(List.of("immediate", "hourly", "daily"), e.details().get("validDeliveryModes"));
    }

    @Test
    void plainAddressesAreAccepted() {
        assertEquals(List.of("desk@example.org", "o'brien+vigil@mail.example.co.uk"),
                validator.emailRecipients(List.of(" desk@example.org", "o'brien+vigil@mail.example.co.uk", "desk@example.org")));
        assertEquals(List.of(), validator.emailRecipients(null));
    }

    @Test
    void addressesThatCouldAddRecipientsOrHeadersAreRefused() {
        for (String address : List.of("desk", "desk@", "@example.org", "desk@localhost", "a b@example.org",
                "a@example.org,b@example.org", "a@example.org\r\nBcc: b@example.org", "Desk <desk@example.org>",
                "a..b@example.org", "a@-example.org", "x".repeat(65) + "@example.org")) {
            assertFalse(SubscriptionValidator.validEmailAddress(address), address);
        }
        InvalidSubscriptionException e = assertThrows(InvalidSubscriptionException.class,
                () -> validator.emailRecipients(List.of("ok@example.org", "not-an-address")));
        assertEquals(List.of("not-an-address"), e.details().get("invalidEmailRecipients"));
    }

    @Test
    void recipientsAreCapped() {
        List<String> many = java.util.stream.IntStream.range(0, SubscriptionValidator.MAX_EMAIL_RECIPIENTS + 1)
                .mapToObj(i -> "desk" + i + "@example.org").toList();
        assertThrows(InvalidSubscriptionException.class, () -> validator.emailRecipients(many));
    }

    @Test
    void emailIsADigestChannelAndADigestNeedsAChannel() {
        InvalidSubscriptionException immediateByEmail = assertThrows(InvalidSubscriptionException.class,
                () -> validator.channels(DeliveryMode.IMMEDIATE, true, List.of("desk@example.org")));
        assertTrue(immediateByEmail.getMessage().contains("digest channel"));
        assertThrows(InvalidSubscriptionException.class,
                () -> validator.channels(DeliveryMode.DAILY, false, Collections.emptyList()));

        validator.channels(DeliveryMode.DAILY, false, List.of("desk@example.org"));
        validator.channels(DeliveryMode.HOURLY, true, List.of());
        validator.channels(DeliveryMode.IMMEDIATE, true, List.of());
    }
}
