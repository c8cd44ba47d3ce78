package io.vigil.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class DigestWindowTest {

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @Test
    void hourlyClosesTheLastFullHour() {
        assertEquals(new DigestWindow(at("2026-11-22T08:00:00Z"), at("2026-11-22T09:00:00Z")),
                DigestWindow.lastEndedAt(DeliveryMode.HOURLY, at("2026-11-22T09:17:43.5Z")));
    }

    @Test
    void aWindowHasEndedExactlyAtItsBoundary() {
        assertEquals(at("2026-11-22T09:00:00Z"),
                DigestWindow.lastEndedAt(DeliveryMode.HOURLY, at("2026-11-22T09:00:00Z")).end());
        assertEquals(at("2026-11-22T08:00:00Z"),
                DigestWindow.lastEndedAt(DeliveryMode.HOURLY, at("2026-11-22T08:59:59.999999999Z")).end());
    }

    @Test
    void dailyClosesTheLastUtcDayAcrossMonthAndYearEnds() {
        assertEquals(new DigestWindow(at("2026-11-22T00:00:00Z"), at("2026-11-23T00:00:00Z")),
                DigestWindow.lastEndedAt(DeliveryMode.DAILY, at("2026-11-23T00:00:00Z")));
        assertEquals(new DigestWindow(at("2026-12-31T00:00:00Z"), at("2027-01-01T00:00:00Z")),
                DigestWindow.lastEndedAt(DeliveryMode.DAILY, at("2027-01-01T23:59:59Z")));
        assertEquals(new DigestWindow(at("2028-02-29T00:00:00Z"), at("2028-03-01T00:00:00Z")),
                DigestWindow.lastEndedAt(DeliveryMode.DAILY, at("2028-03-01T12:00:00Z")));
    }

    @Test
    void aLateCloseReachesBackToTheWindowOfItsEarliestAlert() {
        DigestWindow lastHour = DigestWindow.lastEndedAt(DeliveryMode.HOURLY, at("2026-11-22T12:05:00Z"));

        assertEquals(new DigestWindow(at("2026-11-22T09:00:00Z"), at("2026-11-22T12:00:00Z")),
                lastHour.reachingBackTo(DeliveryMode.HOURLY, at("2026-11-22T09:42:00Z")));
        assertEquals(lastHour, lastHour.reachingBackTo(DeliveryMode.HOURLY, at("2026-11-22T11:59:00Z")));
    }

    @Test
    void onlyDigestModesHaveAWindow() {
        assertTrue(DeliveryMode.HOURLY.digest());
        assertTrue(DeliveryMode.DAILY.digest());
        assertFalse(DeliveryMode.IMMEDIATE.digest());
        assertThrows(IllegalStateException.class, DeliveryMode.IMMEDIATE::window);
    }
}
