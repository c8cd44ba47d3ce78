package io.vigil.alert;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A digest window [start, end) aligned to the UTC hour or day. A window is identified by its end: the boundary
 * at which it is closed.
 */
public record DigestWindow(Instant start, Instant end) {

    /** The most recent window that has ended at {@code now}: the one a close run at {@code now} sends. */
    public static DigestWindow lastEndedAt(DeliveryMode mode, Instant now) {
        Instant end = alignedStart(mode, now);
        return new DigestWindow(end.minus(mode.window()), end);
    }

    /** The start of the window of {@code mode} that contains {@code instant}. */
    public static Instant alignedStart(DeliveryMode mode, Instant instant) {
        return instant.truncatedTo(mode == DeliveryMode.DAILY ? ChronoUnit.DAYS : ChronoUnit.HOURS);
    }

    /**
     * A close that runs late (every instance was down at the boundary) carries the older alerts too, in one
     * digest; its window then starts with the window of the earliest alert it carries.
     */
    public DigestWindow reachingBackTo(DeliveryMode mode, Instant earliestAlert) {
        Instant earliestStart = alignedStart(mode, earliestAlert);
        return earliestStart.isBefore(start) ? new DigestWindow(earliestStart, end) : this;
    }
}
