package dev.capacity.impl.internal;

import static dev.capacity.impl.internal.db.Tables.ALLOCATIONS;
import static dev.capacity.impl.internal.db.Tables.HOLDS;

import dev.capacity.api.Allocation;
import dev.capacity.api.AllocationId;
import dev.capacity.api.AllocationKind;
import dev.capacity.api.Blocker;
import dev.capacity.api.BookingId;
import dev.capacity.api.Hold;
import dev.capacity.api.HoldId;
import dev.capacity.api.HoldStatus;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.SlackOverride;
import dev.capacity.api.TableId;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.event.HoldExpiredEvent;
import dev.capacity.impl.internal.db.tables.records.HoldsRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/** Maps ledger rows to API values. Never hands jOOQ records across the API. */
public final class LedgerRows {

    /** {@code lower(during)}: allocation windows are read as their bounds. */
    public static final Field<OffsetDateTime> START = DSL.field("lower({0})", OffsetDateTime.class, ALLOCATIONS.DURING);
    /** {@code upper(during)}. */
    public static final Field<OffsetDateTime> END = DSL.field("upper({0})", OffsetDateTime.class, ALLOCATIONS.DURING);

    /** The columns {@link #allocation(Record)} reads. */
    public static final List<SelectField<?>> ALLOCATION_FIELDS = List.of(ALLOCATIONS.ID, ALLOCATIONS.RESTAURANT_ID,
            ALLOCATIONS.TABLE_ID, ALLOCATIONS.KIND, START, END, ALLOCATIONS.BOOKING_ID, ALLOCATIONS.HOLD_ID,
            ALLOCATIONS.CREATED_AT, ALLOCATIONS.CREATED_BY, ALLOCATIONS.NOTE, ALLOCATIONS.SLACK_OVERRIDE_REASON,
            ALLOCATIONS.SLACK_OVERRIDE_ACTOR);

    private LedgerRows() {
    }

    /**
     * Maps an allocation row selected with {@link #ALLOCATION_FIELDS}.
     *
     * @param r the row
     * @return the allocation
     */
    public static Allocation allocation(Record r) {
        String reason = r.get(ALLOCATIONS.SLACK_OVERRIDE_REASON);
        String actor = r.get(ALLOCATIONS.SLACK_OVERRIDE_ACTOR);
        return new Allocation(
                new AllocationId(r.get(ALLOCATIONS.ID)),
                new RestaurantId(r.get(ALLOCATIONS.RESTAURANT_ID)),
                new TableId(r.get(ALLOCATIONS.TABLE_ID)),
                kind(r.get(ALLOCATIONS.KIND)),
                new TimeWindow(r.get(START).toInstant(), r.get(END).toInstant()),
                bookingId(r.get(ALLOCATIONS.BOOKING_ID)),
                holdId(r.get(ALLOCATIONS.HOLD_ID)),
                r.get(ALLOCATIONS.CREATED_AT).toInstant(),
                r.get(ALLOCATIONS.CREATED_BY),
                r.get(ALLOCATIONS.NOTE),
                reason == null || actor == null ? null : new SlackOverride(reason, actor));
    }

    /**
     * Maps an allocation row that also carries the hold's {@code expires_at} (null for non-hold rows).
     *
     * @param r the row
     * @return the blocker
     */
    public static Blocker blocker(Record r) {
        Allocation a = allocation(r);
        OffsetDateTime expires = r.get(HOLDS.EXPIRES_AT);
        return new Blocker(a.kind(), a.id(), a.tableId(), a.window(), a.bookingId(), a.holdId(),
                a.kind() == AllocationKind.HOLD && expires != null ? expires.toInstant() : null);
    }

    /**
     * Maps a hold row.
     *
     * @param r the row
     * @param now the time its status is judged at
     * @return the hold
     */
    public static Hold hold(HoldsRecord r, Instant now) {
        Instant expires = r.getExpiresAt().toInstant();
        HoldStatus status = r.getConfirmedAt() != null ? HoldStatus.CONFIRMED
                : expires.isAfter(now) ? HoldStatus.ACTIVE : HoldStatus.EXPIRED;
        return new Hold(
                new HoldId(r.getId()),
                new RestaurantId(r.getRestaurantId()),
                bookingId(r.getBookingId()),
                tableIds(r.getTableIds()),
                new TimeWindow(r.getStartsAt().toInstant(), r.getEndsAt().toInstant()),
                expires,
                r.getCreatedAt().toInstant(),
                r.getCreatedBy(),
                r.getFloorPlanVersion(),
                Json.readStringMap(r.getMetadata() == null ? "{}" : r.getMetadata().data()),
                status,
                bookingId(r.getConfirmedBookingId()));
    }

    /**
     * The event for a removed hold row.
     *
     * @param r the deleted row
     * @return the event
     */
    public static HoldExpiredEvent expired(HoldsRecord r) {
        return new HoldExpiredEvent(new HoldId(r.getId()), new RestaurantId(r.getRestaurantId()),
                bookingId(r.getBookingId()), tableIds(r.getTableIds()),
                new TimeWindow(r.getStartsAt().toInstant(), r.getEndsAt().toInstant()),
                r.getExpiresAt().toInstant());
    }

    /**
     * Encodes metadata for the {@code jsonb} column.
     *
     * @param metadata the entries
     * @return the JSONB value
     */
    public static JSONB metadata(Map<String, String> metadata) {
        return JSONB.valueOf(Json.writeStringMap(metadata));
    }

    /**
     * The database spelling of a kind.
     *
     * @param kind the kind
     * @return {@code hold}, {@code booking} or {@code maintenance}
     */
    public static String kind(AllocationKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private static AllocationKind kind(String kind) {
        return AllocationKind.valueOf(kind.toUpperCase(Locale.ROOT));
    }

    private static List<TableId> tableIds(UUID[] ids) {
        return Arrays.stream(ids).map(TableId::new).toList();
    }

    private static @Nullable BookingId bookingId(@Nullable UUID id) {
        return id == null ? null : new BookingId(id);
    }

    private static @Nullable HoldId holdId(@Nullable UUID id) {
        return id == null ? null : new HoldId(id);
    }
}
