package dev.capacity.api;

import dev.capacity.api.error.AssignmentRejected;
import dev.capacity.api.error.BookingConflict;
import dev.capacity.api.error.CapacityUnavailable;
import dev.capacity.api.error.HoldAlreadyConfirmed;
import dev.capacity.api.error.HoldBookingMismatch;
import dev.capacity.api.error.HoldConflict;
import dev.capacity.api.error.HoldExpired;
import dev.capacity.api.error.HoldExtensionLimit;
import dev.capacity.api.error.HoldNotFound;
import dev.capacity.api.error.InternalFailure;
import dev.capacity.api.error.InvalidRequest;
import dev.capacity.api.error.PolicyDrift;
import dev.capacity.api.error.TableNotFound;
import dev.capacity.api.error.TableOutOfService;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The allocation ledger and table holds of every restaurant.
 *
 * <p><b>Rules shared by every method.</b>
 * <ul>
 *   <li>Every operation is scoped to one restaurant: it never reads or changes another restaurant's rows. An id
 *       that belongs to another restaurant is treated exactly like an unknown id.</li>
 *   <li>Windows are half-open {@code [start, end)}: touching windows never conflict.</li>
 *   <li>A hold is active iff it is not confirmed and {@code expiresAt > now}, with {@code now} taken from the
 *       store's clock. An expired hold never blocks anyone, whether or not the sweeper has removed it yet: every
 *       write first deletes expired holds that overlap the tables and window it needs, in its own transaction,
 *       and publishes one {@code HoldExpiredEvent} per removed hold after commit.</li>
 *   <li>A booking's own holds and allocations never conflict with it.</li>
 *   <li>Each write is one transaction: on any error nothing is written. No two allocations of any kind overlap on
 *       a table; the database constraint is the final arbiter, and a write that loses a race to it gets the same
 *       conflict error as one that was refused up front.</li>
 *   <li>Stored text must be storable: text containing the NUL character or an unpaired UTF-16 surrogate (which
 *       no Unicode encoding can represent) is rejected with {@link InvalidRequest} {@code INVALID_REQUEST}, never
 *       stored altered. Windows that are written or validated must lie within the years 1 to 9999
 *       ({@code INVALID_REQUEST}, field {@code window}); times are kept to the microsecond.</li>
 *   <li>A write that refuses an assignment (a broken rule, a changed floor plan at confirmation, the hold lifetime
 *       cap, or tables taken) publishes one {@code AssignmentRejectedEvent} with the error it throws, after its
 *       transaction rolled back.</li>
 *   <li>Programming errors (a null argument) throw {@link NullPointerException} naming the argument. Every
 *       method may also throw {@link CapacityUnavailable} (503, retryable: database unreachable, lock or statement
 *       timeout) and {@link InternalFailure} (500).</li>
 * </ul>
 *
 * <p>Implementations are thread-safe.
 */
public interface AllocationStore {

    /**
     * Places a hold on tables for a window: writes the hold and one {@link AllocationKind#HOLD} allocation per
     * selected table that the booking (if given) does not already occupy in that window. If the request names a
     * booking that already has an unconfirmed hold, that hold is released in the same transaction (a booking has
     * at most one active hold). Expired holds overlapping the selection are deleted first.
     *
     * @param request tables, window, time-to-live and context
     * @return the new hold, {@link HoldStatus#ACTIVE}, expiring at {@code now + ttl} (truncated to microseconds)
     * @throws InvalidRequest (400) {@code TABLES_REQUIRED} for no tables, {@code DUPLICATE_TABLE_IDS} for a
     *     repeated table, {@code INVALID_TTL} for a time-to-live shorter than a microsecond (zero or negative
     *     included) or longer than the maximum hold lifetime, {@code INVALID_PARTY_SIZE} for a party size below 1,
     *     {@code INVALID_REQUEST} for more than {@link AssignmentRules#MAX_TABLES} tables, a window outside the
     *     years 1 to 9999, text that is over-long or not storable, or too much metadata
     * @throws AssignmentRejected (422) when a table is unknown in this restaurant ({@code TABLE_NOT_FOUND}
     *     violations, one per table) or another rule is broken
     * @throws HoldConflict (409) when a selected table is occupied in an overlapping window by anything live
     *     (another booking's active hold, a booking, maintenance); {@link HoldConflict#blockers()} names them
     */
    Hold placeHold(PlaceHoldRequest request);

    /**
     * Confirms a hold for a booking: the hold's allocations turn into {@link AllocationKind#BOOKING} allocations in
     * place, so there is no moment in which another hold could take the tables. Afterwards the booking's
     * allocations are exactly the hold's tables for the hold's window: earlier allocations of the booking are
     * replaced (a move). The hold row is locked and its expiry re-checked under the lock.
     *
     * <p>Idempotent: confirming a confirmed hold again for the same booking changes nothing and returns the
     * booking's current allocations with the original confirmation time.
     *
     * @param restaurantId the restaurant
     * @param holdId the hold
     * @param bookingId the booking to confirm it for
     * @return the confirmation
     * @throws HoldNotFound (404) when no such hold exists in this restaurant (released, swept, or never placed)
     * @throws HoldExpired (409) when the hold expired ({@code expiresAt <= now}) before it was confirmed
     * @throws HoldBookingMismatch (409) when the hold was placed for, or already confirmed for, another booking
     * @throws PolicyDrift (409) when the restaurant's floor plan changed since the hold was placed and the hold's
     *     selection, checked again with the party size and options it was placed with, now breaks a rule; carries
     *     both versions and the failing checks (conflicts are not checked again)
     * @throws BookingConflict (409) when a table the hold did not cover for this booking is taken meanwhile by
     *     another booking; {@link HoldConflict} (409) when only other holds took it, {@link TableOutOfService} (409)
     *     when only maintenance did
     */
    Confirmation confirmHold(RestaurantId restaurantId, HoldId holdId, BookingId bookingId);

    /**
     * Releases a hold: deletes it and its allocations, freeing the tables at once. Releasing a hold that has
     * already expired but was not swept yet removes it and publishes its {@code HoldExpiredEvent}.
     *
     * @param restaurantId the restaurant
     * @param holdId the hold
     * @throws HoldNotFound (404) when no such hold exists in this restaurant
     * @throws HoldAlreadyConfirmed (409) when the hold was confirmed; unassign the booking instead
     */
    void releaseHold(RestaurantId restaurantId, HoldId holdId);

    /**
     * Extends an active hold: its expiry becomes {@code expiresAt + extension}. The total lifetime
     * ({@code expiresAt - createdAt}) may not exceed the store's maximum hold lifetime; a longer extension is
     * rejected, never clamped.
     *
     * @param restaurantId the restaurant
     * @param holdId the hold
     * @param extension how much longer it should live, positive
     * @return the hold with its new expiry
     * @throws InvalidRequest (400) {@code INVALID_TTL} when {@code extension} is shorter than a microsecond (zero
     *     or negative included)
     * @throws HoldNotFound (404) when no such hold exists in this restaurant
     * @throws HoldExpired (409) when the hold has already expired
     * @throws HoldAlreadyConfirmed (409) when the hold was confirmed
     * @throws HoldExtensionLimit (422) when the new expiry would pass the lifetime cap; carries the latest allowed
     *     expiry
     */
    Hold extendHold(RestaurantId restaurantId, HoldId holdId, Duration extension);

    /**
     * Seats a booking at tables for a window directly, without a hold. Afterwards the booking's allocations are
     * exactly the selection for the window: earlier allocations of the booking are replaced (a move), and the
     * booking's unconfirmed holds are released, all in one transaction.
     *
     * @param request booking, tables, window and context
     * @return the booking's allocations, ordered by table id
     * @throws InvalidRequest (400) {@code TABLES_REQUIRED}, {@code DUPLICATE_TABLE_IDS}, {@code INVALID_PARTY_SIZE},
     *     {@code INVALID_REQUEST} (more than {@link AssignmentRules#MAX_TABLES} tables, a window outside the years
     *     1 to 9999, text that is over-long or not storable)
     * @throws AssignmentRejected (422) when a table is unknown in this restaurant or another rule is broken
     * @throws BookingConflict (409) when another booking occupies a table in an overlapping window
     * @throws HoldConflict (409) when only other bookings' active holds are in the way
     * @throws TableOutOfService (409) when only maintenance blocks are in the way
     */
    List<Allocation> assign(AssignRequest request);

    /**
     * Removes every booking allocation of a booking, freeing its tables. Does nothing for a booking without any.
     *
     * @param restaurantId the restaurant
     * @param bookingId the booking
     * @return how many allocations were removed
     */
    int unassign(RestaurantId restaurantId, BookingId bookingId);

    /**
     * Takes a table out of service for a window with a {@link AllocationKind#MAINTENANCE} allocation.
     *
     * @param request table, window and reason
     * @return the maintenance allocation
     * @throws TableNotFound (404) when the table does not exist in this restaurant
     * @throws InvalidRequest (400) {@code INVALID_REQUEST} for a window outside the years 1 to 9999, or a reason or
     *     author that is over-long or not storable
     * @throws BookingConflict (409) when a booking occupies the table in an overlapping window
     * @throws HoldConflict (409) when only active holds are in the way
     * @throws TableOutOfService (409) when the table is already blocked in an overlapping window
     */
    Allocation blockTable(MaintenanceRequest request);

    /**
     * Ends a maintenance block early by deleting it.
     *
     * @param restaurantId the restaurant
     * @param allocationId the maintenance allocation returned by {@link #blockTable}
     * @return {@code true} if it was deleted, {@code false} if no maintenance allocation with this id exists in
     *     this restaurant
     */
    boolean unblockTable(RestaurantId restaurantId, AllocationId allocationId);

    /**
     * Reads the allocations of a booking: its booking allocations and the allocations of its active holds.
     *
     * @param restaurantId the restaurant
     * @param bookingId the booking
     * @return the allocations ordered by window start, then table id; empty if none
     */
    List<Allocation> allocationsOfBooking(RestaurantId restaurantId, BookingId bookingId);

    /**
     * Reads what occupies tables in a time range: every live allocation on the tables whose window overlaps the
     * range. Allocations of expired holds are left out (they never block). Unknown table ids simply match nothing,
     * and so does the part of the range outside the years 1 to 9999, where nothing can be stored.
     *
     * @param restaurantId the restaurant
     * @param tableIds the tables
     * @param range the range {@code [start, end)}
     * @return the allocations ordered by window start, then table id
     */
    List<Allocation> allocationsOfTables(RestaurantId restaurantId, Collection<TableId> tableIds, TimeWindow range);

    /**
     * Reads the active holds of a restaurant.
     *
     * @param restaurantId the restaurant
     * @return holds with {@link HoldStatus#ACTIVE}, ordered by expiry, then id
     */
    List<Hold> activeHolds(RestaurantId restaurantId);

    /**
     * Reads one hold, whatever its status, as long as it has not been released or swept.
     *
     * @param restaurantId the restaurant
     * @param holdId the hold
     * @return the hold with its status at the time of the read, or empty
     */
    Optional<Hold> findHold(RestaurantId restaurantId, HoldId holdId);
}
