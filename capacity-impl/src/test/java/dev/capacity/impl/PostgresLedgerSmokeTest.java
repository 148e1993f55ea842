package dev.capacity.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capacity.api.AllocationKind;
import dev.capacity.api.AssignRequest;
import dev.capacity.api.BookingId;
import dev.capacity.api.Confirmation;
import dev.capacity.api.DiningTable;
import dev.capacity.api.Hold;
import dev.capacity.api.HoldStatus;
import dev.capacity.api.PlaceHoldRequest;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableSpec;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.Zone;
import dev.capacity.api.error.BookingConflict;
import dev.capacity.api.error.HoldConflict;
import dev.capacity.api.error.HoldExpired;
import dev.capacity.testkit.contract.RecordingListener;
import dev.capacity.testkit.postgres.PostgresExtension;
import dev.capacity.testkit.postgres.TestDatabase;
import dev.capacity.testkit.time.MutableInstantSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
@DisplayName("The PostgreSQL ledger, end to end")
class PostgresLedgerSmokeTest {

    private final MutableInstantSource clock = MutableInstantSource.fixed();
    private final RecordingListener events = new RecordingListener();
    private final PostgresCapacity capacity;

    PostgresLedgerSmokeTest(TestDatabase db) {
        capacity = PostgresCapacity.builder().dataSource(db.dataSource()).schema(db.schema()).clock(clock)
                .listener(events).build();
    }

    @Test
    @DisplayName("a hold blocks others until it expires, then is cleared and reported once, and a confirm moves it")
    void lifecycle() {
        RestaurantId r = RestaurantId.random();
        Zone zone = capacity.floorPlanStore().createZone(r, "Main", 0);
        DiningTable t1 = capacity.floorPlanStore().createTable(r, TableSpec.of(zone.id(), "T1", 4));
        DiningTable t2 = capacity.floorPlanStore().createTable(r, TableSpec.of(zone.id(), "T2", 4));
        capacity.floorPlanStore().linkTables(r, t1.id(), t2.id());
        Instant six = Instant.parse("2030-01-01T18:00:00Z");
        TimeWindow evening = TimeWindow.starting(six, Duration.ofHours(2));
        Hold first = capacity.allocationStore().placeHold(PlaceHoldRequest.builder(r, evening)
                .tables(t1.id(), t2.id()).ttl(Duration.ofMinutes(5)).metadata("note", "é \"quoted\" '; DROP")
                .build());
        assertThat(first.status()).isEqualTo(HoldStatus.ACTIVE);
        assertThat(capacity.allocationStore().findHold(r, first.id()).orElseThrow().metadata())
                .containsEntry("note", "é \"quoted\" '; DROP");

        assertThatThrownBy(() -> capacity.allocationStore().placeHold(PlaceHoldRequest.builder(r, evening)
                .tables(t2.id()).ttl(Duration.ofMinutes(5)).build()))
                .isInstanceOfSatisfying(HoldConflict.class, e -> assertThat(e.blockers())
                        .singleElement().satisfies(b -> {
                            assertThat(b.holdId()).isEqualTo(first.id());
                            assertThat(b.holdExpiresAt()).isEqualTo(first.expiresAt());
                        }));

        clock.advance(Duration.ofMinutes(5));
        BookingId booking = BookingId.random();
        Hold second = capacity.allocationStore().placeHold(PlaceHoldRequest.builder(r, evening)
                .tables(t2.id()).ttl(Duration.ofMinutes(5)).bookingId(booking).build());
        assertThat(events.holdsExpired()).singleElement()
                .satisfies(e -> assertThat(e.holdId()).isEqualTo(first.id()));

        Confirmation c = capacity.allocationStore().confirmHold(r, second.id(), booking);
        assertThat(c.allocations()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(AllocationKind.BOOKING);
            assertThat(a.tableId()).isEqualTo(t2.id());
        });
        assertThat(capacity.allocationStore().confirmHold(r, second.id(), booking)).isEqualTo(c);

        assertThatThrownBy(() -> capacity.allocationStore().assign(
                AssignRequest.of(r, BookingId.random(), List.of(t2.id()), evening)))
                .isInstanceOf(BookingConflict.class);

        Hold third = capacity.allocationStore().placeHold(PlaceHoldRequest.builder(r, evening)
                .tables(t1.id()).ttl(Duration.ofMinutes(1)).build());
        clock.advance(Duration.ofMinutes(1));
        assertThatThrownBy(() -> capacity.allocationStore().confirmHold(r, third.id(), BookingId.random()))
                .isInstanceOf(HoldExpired.class);
    }
}
