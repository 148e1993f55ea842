package dev.capacity.api.error;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.api.AllocationId;
import dev.capacity.api.AllocationKind;
import dev.capacity.api.Blocker;
import dev.capacity.api.BookingId;
import dev.capacity.api.HoldId;
import dev.capacity.api.TableId;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.ZoneId;
import java.time.Instant;

/** Fixed ids, instants and blockers, so expected problem bodies can be spelled out literally. */
final class ErrorFixtures {

    static final HoldId HOLD = HoldId.parse("11111111-1111-4111-8111-111111111111");
    static final BookingId BOOKING = BookingId.parse("22222222-2222-4222-8222-222222222222");
    static final BookingId OTHER_BOOKING = BookingId.parse("33333333-3333-4333-8333-333333333333");
    static final TableId TABLE = TableId.parse("44444444-4444-4444-8444-444444444444");
    static final ZoneId ZONE = ZoneId.parse("55555555-5555-4555-8555-555555555555");
    static final AllocationId ALLOCATION = AllocationId.parse("66666666-6666-4666-8666-666666666666");
    static final HoldId OTHER_HOLD = HoldId.parse("77777777-7777-4777-8777-777777777777");

    static final Instant T18 = Instant.parse("2030-01-01T18:00:00Z");
    static final Instant T20 = Instant.parse("2030-01-01T20:00:00Z");
    static final Instant EXPIRES = Instant.parse("2030-01-01T17:05:00Z");
    static final TimeWindow WINDOW = TimeWindow.of(T18, T20);

    private ErrorFixtures() {
    }

    /** A live hold of another booking. */
    static Blocker holdBlocker() {
        return new Blocker(AllocationKind.HOLD, ALLOCATION, TABLE, WINDOW, OTHER_BOOKING, OTHER_HOLD, EXPIRES);
    }

    /** Another booking's allocation. */
    static Blocker bookingBlocker() {
        return new Blocker(AllocationKind.BOOKING, ALLOCATION, TABLE, WINDOW, OTHER_BOOKING, null, null);
    }

    /** A maintenance block: neither booking nor hold. */
    static Blocker maintenanceBlocker() {
        return new Blocker(AllocationKind.MAINTENANCE, ALLOCATION, TABLE, WINDOW, null, null, null);
    }

    /**
     * Asserts the members every problem body of the library has with the default mapping: the standard members
     * and the {@code code}, {@code retryable} and {@code message} extensions, in that order.
     */
    static Problem assertDefaultProblem(CapacityError error, String type, int status) {
        Problem p = error.toProblem();
        assertThat(p.type()).isEqualTo(type);
        assertThat(p.title()).isEqualTo(error.code().title()).isEqualTo(error.title());
        assertThat(p.status()).isEqualTo(status).isEqualTo(error.httpStatus());
        assertThat(p.detail()).isEqualTo(error.getMessage()).isEqualTo(error.detail());
        assertThat(p.instance()).isNull();
        assertThat(p.extensions())
                .containsEntry("code", error.code().code())
                .containsEntry("retryable", error.isRetryable())
                .containsEntry("message", p.detail());
        assertThat(p.extensions().keySet()).startsWith("code", "retryable", "message");
        assertThat(p.toMap()).doesNotContainKey("instance");
        return p;
    }
}
