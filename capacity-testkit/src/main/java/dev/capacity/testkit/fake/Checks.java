package dev.capacity.testkit.fake;

import dev.capacity.api.AssignRequest;
import dev.capacity.api.AssignmentRules;
import dev.capacity.api.MaintenanceRequest;
import dev.capacity.api.PlaceHoldRequest;
import dev.capacity.api.SlackOverride;
import dev.capacity.api.TableSpec;
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
 * The request-shape checks (400) that run before anything is read or written, in the documented order. The
 * selection and party-size checks are {@link AssignmentRules#requireWellFormed}, shared with every implementation;
 * the rest return the first failure or null, and callers throw it with {@link #throwIfPresent}. The limits are the
 * PostgreSQL implementation's, so a request the fake accepts is one PostgreSQL can store.
 */
final class Checks {

    static final int MAX_CREATED_BY = 200;
    static final int MAX_REASON = 500;
    static final int MAX_METADATA_ENTRIES = 50;
    static final int MAX_METADATA_KEY = 100;
    static final int MAX_METADATA_VALUE = 2000;
    static final int MAX_ZONE_NAME = 200;
    static final int MAX_LABEL = 100;
    /** Windows lie within the years 1 to 9999, the years PostgreSQL's timestamptz is given by the library. */
    static final Instant EARLIEST = OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant();
    static final Instant LATEST = OffsetDateTime.of(10_000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant();

    private Checks() {
    }

    static void throwIfPresent(@Nullable InvalidRequest failure) {
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * The 400s of placeHold in the PostgreSQL implementation's order: the selection (shared
     * {@link AssignmentRules#requireWellFormed}), the time-to-live, the party size, then text and metadata.
     */
    static void placeHold(PlaceHoldRequest r, Duration maxHoldLifetime) {
        AssignmentRules.requireWellFormed(r.tableIds(), null);
        throwIfPresent(ttl(r.ttl(), maxHoldLifetime));
        AssignmentRules.requireWellFormed(r.tableIds(), r.partySize());
        throwIfPresent(window(r.window()));
        throwIfPresent(text(r.createdBy(), "createdBy", MAX_CREATED_BY, false));
        throwIfPresent(metadata(r.metadata()));
        throwIfPresent(slackOverride(r.options().slackOverride()));
    }

    /** The 400s of assign: the selection and party size, the window, then the author's and the override's text. */
    static void assign(AssignRequest r) {
        AssignmentRules.requireWellFormed(r.tableIds(), r.partySize());
        throwIfPresent(window(r.window()));
        throwIfPresent(text(r.createdBy(), "createdBy", MAX_CREATED_BY, false));
        throwIfPresent(slackOverride(r.slackOverride()));
    }

    static @Nullable InvalidRequest maintenance(MaintenanceRequest r) {
        InvalidRequest outside = window(r.window());
        if (outside != null) {
            return outside;
        }
        InvalidRequest failure = text(r.reason(), "reason", MAX_REASON, false);
        return failure != null ? failure : text(r.createdBy(), "createdBy", MAX_CREATED_BY, false);
    }

    /** A window outside the years 1 to 9999, which the PostgreSQL implementation cannot store. */
    static @Nullable InvalidRequest window(TimeWindow window) {
        return window.start().isBefore(EARLIEST) || window.end().isAfter(LATEST)
                ? invalid("window", "window must lie within the years 1 to 9999; got " + window) : null;
    }

    static @Nullable InvalidRequest extension(Duration extension) {
        return isPositive(extension) ? null
                : new InvalidRequest(ErrorCode.INVALID_TTL, "extension",
                        "extension must be at least one microsecond: " + extension);
    }

    static @Nullable InvalidRequest zoneName(String name) {
        return text(name, "name", MAX_ZONE_NAME, true);
    }

    static @Nullable InvalidRequest tableSpec(TableSpec spec) {
        InvalidRequest failure = text(spec.label(), "label", MAX_LABEL, true);
        if (failure != null) {
            return failure;
        }
        if (spec.capacity() < 1) {
            return invalid("capacity", "capacity must be at least 1: " + spec.capacity());
        }
        if (spec.minPartySize() < 1) {
            return invalid("minPartySize", "minPartySize must be at least 1: " + spec.minPartySize());
        }
        Integer max = spec.maxPartySize();
        if (max != null && max < spec.minPartySize()) {
            return invalid("maxPartySize", "maxPartySize must not be below minPartySize " + spec.minPartySize()
                    + ": " + max);
        }
        return null;
    }

    private static @Nullable InvalidRequest ttl(Duration ttl, Duration maxHoldLifetime) {
        if (!isPositive(ttl)) {
            return new InvalidRequest(ErrorCode.INVALID_TTL, "ttl", "ttl must be at least one microsecond: " + ttl);
        }
        if (ttl.compareTo(maxHoldLifetime) > 0) {
            return new InvalidRequest(ErrorCode.INVALID_TTL, "ttl",
                    "ttl " + ttl + " exceeds the maximum hold lifetime " + maxHoldLifetime);
        }
        return null;
    }

    private static @Nullable InvalidRequest metadata(Map<String, String> metadata) {
        if (metadata.size() > MAX_METADATA_ENTRIES) {
            return invalid("metadata", "metadata has " + metadata.size() + " entries; at most "
                    + MAX_METADATA_ENTRIES + " are allowed");
        }
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            String key = e.getKey();
            if (key.isEmpty() || length(key) > MAX_METADATA_KEY || hasNul(key) || hasLoneSurrogate(key)) {
                return invalid("metadata", "metadata keys must be 1-" + MAX_METADATA_KEY
                        + " characters of valid Unicode without NUL");
            }
            InvalidRequest failure = text(e.getValue(), "metadata", MAX_METADATA_VALUE, false);
            if (failure != null) {
                return failure;
            }
        }
        return null;
    }

    /** The override's text is stored with the allocations, so it must be storable too. */
    private static @Nullable InvalidRequest slackOverride(@Nullable SlackOverride override) {
        if (override == null) {
            return null;
        }
        InvalidRequest reason = text(override.reason(), "slackOverride", MAX_REASON, false);
        return reason != null ? reason : text(override.actor(), "slackOverride", MAX_CREATED_BY, false);
    }

    /**
     * Checks free text: no NUL (PostgreSQL's {@code text} cannot store it), not blank if required, at most
     * {@code max} characters. Characters are counted as code points, like PostgreSQL's {@code char_length}.
     */
    private static @Nullable InvalidRequest text(@Nullable String value, String field, int max, boolean required) {
        if (value == null) {
            return null;
        }
        if (hasNul(value)) {
            return invalid(field, field + " must not contain the NUL character");
        }
        if (hasLoneSurrogate(value)) {
            // No Unicode encoding can store half a surrogate pair; PostgreSQL would get '?' instead.
            return invalid(field, field + " must be valid Unicode; it contains an unpaired surrogate");
        }
        if (required && value.isBlank()) {
            return invalid(field, field + " must not be blank");
        }
        if (length(value) > max) {
            return invalid(field, field + " must be at most " + max + " characters, was " + length(value));
        }
        return null;
    }

    private static InvalidRequest invalid(String field, String detail) {
        return new InvalidRequest(ErrorCode.INVALID_REQUEST, field, detail);
    }

    /** At least a microsecond, the precision of stored times: anything shorter expires a hold on the spot. */
    private static boolean isPositive(Duration d) {
        return d.compareTo(Duration.ofNanos(1_000)) >= 0;
    }

    private static boolean hasNul(String s) {
        return s.indexOf('\u0000') >= 0;
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }
}
