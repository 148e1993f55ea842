package dev.capacity.impl.internal;

import dev.capacity.api.TimeWindow;
import dev.capacity.api.error.ErrorCode;
import dev.capacity.api.error.InvalidRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Shape checks that run before any database work, so a malformed request costs no round trip and writes
 * nothing. Limits keep one request from storing unbounded text.
 */
public final class RequestChecks {

    /** Longest {@code createdBy}. */
    public static final int MAX_ACTOR = 200;
    /** Longest maintenance reason. */
    public static final int MAX_REASON = 500;
    /** Most metadata entries per hold. */
    public static final int MAX_METADATA_ENTRIES = 50;
    /** Longest metadata key. */
    public static final int MAX_METADATA_KEY = 100;
    /** Longest metadata value. */
    public static final int MAX_METADATA_VALUE = 2000;
    /** The precision of stored times, and so the shortest time-to-live. */
    public static final Duration MICROSECOND = Duration.ofNanos(1_000);
    /** Earliest instant a stored window may start at: the first instant of the year 1. */
    public static final Instant EARLIEST = OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant();
    /** Latest instant a stored window may end at: the first instant of the year 10000. */
    public static final Instant LATEST = OffsetDateTime.of(10_000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant();

    private RequestChecks() {
    }

    /**
     * A time-to-live is positive and within the hold lifetime cap.
     *
     * @param ttl the time-to-live
     * @param maxLifetime the cap
     */
    public static void ttl(Duration ttl, Duration maxLifetime) {
        positive(ttl, "ttl");
        if (ttl.compareTo(maxLifetime) > 0) {
            throw new InvalidRequest(ErrorCode.INVALID_TTL, "ttl",
                    "A hold may live at most " + maxLifetime + "; requested " + ttl + ".");
        }
    }

    /**
     * A window lies within the years 1 to 9999. {@code Instant} reaches a billion years either way, PostgreSQL's
     * {@code timestamptz} only 4713 BC to 294276 AD, and the conversions in between fail in ways that must not
     * reach a host as a 500; no booking needs more than four-digit years.
     *
     * @param window the window
     * @param field the request field it came from
     */
    public static void window(TimeWindow window, String field) {
        if (window.start().isBefore(EARLIEST) || window.end().isAfter(LATEST)) {
            throw invalid(field, field + " must lie within the years 1 to 9999; got " + window + ".");
        }
    }

    /**
     * Narrows a range that is only read to the years windows may be stored in; nothing lies outside them.
     *
     * @param range the range
     * @return the part inside the years 1 to 9999, or null when none is
     */
    public static @Nullable TimeWindow storable(TimeWindow range) {
        Instant start = range.start().isBefore(EARLIEST) ? EARLIEST : range.start();
        Instant end = range.end().isAfter(LATEST) ? LATEST : range.end();
        return end.isAfter(start) ? new TimeWindow(start, end) : null;
    }

    /**
     * A time-to-live or extension is at least a microsecond: stored times have microsecond precision, so anything
     * shorter would expire a hold the moment it is written.
     *
     * @param duration the duration
     * @param field the request field it came from
     */
    public static void positive(Duration duration, String field) {
        if (duration.compareTo(MICROSECOND) < 0) {
            throw new InvalidRequest(ErrorCode.INVALID_TTL, field,
                    field + " must be at least one microsecond; got " + duration + ".");
        }
    }

    /**
     * Optional free text fits and can be stored.
     *
     * @param value the text or null
     * @param field the request field
     * @param max the longest allowed
     */
    public static void optionalText(@Nullable String value, String field, int max) {
        if (value != null) {
            text(value, field, max);
        }
    }

    /**
     * Required text is non-blank, fits and can be stored.
     *
     * @param value the text
     * @param field the request field
     * @param max the longest allowed
     */
    public static void requiredText(String value, String field, int max) {
        if (value.isBlank()) {
            throw invalid(field, field + " must not be blank.");
        }
        text(value, field, max);
    }

    private static void text(String value, String field, int max) {
        // Characters as PostgreSQL's char_length counts them: code points, not UTF-16 units.
        int length = value.codePointCount(0, value.length());
        if (length > max) {
            throw invalid(field, field + " may be at most " + max + " characters long; got " + length + ".");
        }
        if (value.indexOf('\u0000') >= 0) {
            // PostgreSQL text cannot hold NUL; reject it here instead of failing in the driver.
            throw invalid(field, field + " must not contain the NUL character.");
        }
        if (hasLoneSurrogate(value)) {
            // UTF-8 cannot encode half a surrogate pair: the driver would silently store '?' instead.
            throw invalid(field, field + " must be valid Unicode; it contains an unpaired surrogate.");
        }
    }

    /**
     * Tells whether a string has a UTF-16 surrogate that is not part of a pair, which no Unicode encoding can store.
     *
     * @param value the string
     * @return {@code true} if a high surrogate is not followed by a low one, or a low one not preceded by a high one
     */
    public static boolean hasLoneSurrogate(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A slack override's text fits and can be stored: it is written to the allocations.
     *
     * @param override the override or null
     */
    public static void slackOverride(dev.capacity.api.@Nullable SlackOverride override) {
        if (override != null) {
            text(override.reason(), "slackOverride", MAX_REASON);
            text(override.actor(), "slackOverride", MAX_ACTOR);
        }
    }

    /**
     * Hold metadata stays small.
     *
     * @param metadata the entries
     */
    public static void metadata(Map<String, String> metadata) {
        if (metadata.size() > MAX_METADATA_ENTRIES) {
            throw invalid("metadata", "At most " + MAX_METADATA_ENTRIES + " metadata entries; got "
                    + metadata.size() + ".");
        }
        metadata.forEach((k, v) -> {
            if (k.isEmpty()) {
                throw invalid("metadata", "Metadata keys must not be empty.");
            }
            text(k, "metadata", MAX_METADATA_KEY);
            text(v, "metadata", MAX_METADATA_VALUE);
        });
    }

    /**
     * Creates an {@link ErrorCode#INVALID_REQUEST} error.
     *
     * @param field the request field
     * @param detail what is wrong
     * @return the error
     */
    public static InvalidRequest invalid(String field, String detail) {
        return new InvalidRequest(ErrorCode.INVALID_REQUEST, field, detail);
    }
}
