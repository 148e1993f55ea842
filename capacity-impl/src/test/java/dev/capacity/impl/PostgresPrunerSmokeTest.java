package dev.capacity.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capacity.api.AllocationPruner;
import dev.capacity.api.AssignRequest;
import dev.capacity.api.BookingId;
import dev.capacity.api.DiningTable;
import dev.capacity.api.PruneResult;
import dev.capacity.api.PrunerSettings;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableSpec;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.Zone;
import dev.capacity.api.error.RestoreConflict;
import dev.capacity.testkit.postgres.PostgresExtension;
import dev.capacity.testkit.postgres.TestDatabase;
import dev.capacity.testkit.time.MutableInstantSource;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
@DisplayName("The PostgreSQL pruner, end to end")
class PostgresPrunerSmokeTest {

    private final MutableInstantSource clock = MutableInstantSource.fixed();
    private final PostgresCapacity capacity;

    PostgresPrunerSmokeTest(TestDatabase db) {
        capacity = PostgresCapacity.builder().dataSource(db.dataSource()).schema(db.schema()).clock(clock).build();
    }

    @Test
    @DisplayName("old bookings move to the archive, recent ones stay, and a restore brings them back unless taken")
    void archiveAndRestore() {
        RestaurantId r = RestaurantId.random();
        Zone zone = capacity.floorPlanStore().createZone(r, "Main", 0);
        DiningTable t = capacity.floorPlanStore().createTable(r, TableSpec.of(zone.id(), "T1", 4));
        BookingId old = BookingId.random();
        BookingId recent = BookingId.random();
        TimeWindow oldWindow = TimeWindow.starting(clock.instant().minus(Duration.ofDays(40)), Duration.ofHours(2));
        capacity.allocationStore().assign(AssignRequest.of(r, old, List.of(t.id()), oldWindow));
        capacity.allocationStore().assign(AssignRequest.of(r, recent, List.of(t.id()),
                TimeWindow.starting(clock.instant().minus(Duration.ofDays(2)), Duration.ofHours(2))));

        AllocationPruner pruner = capacity.allocationPruner(PrunerSettings.defaults().withBatchSize(1));
        assertThat(pruner.preview().eligible()).isEqualTo(1);
        PruneResult result = pruner.prune();
        assertThat(result.archived()).isEqualTo(1);
        assertThat(result.backlogRemaining()).isFalse();
        assertThat(capacity.allocationStore().allocationsOfBooking(r, old)).isEmpty();
        assertThat(capacity.allocationStore().allocationsOfBooking(r, recent)).hasSize(1);
        assertThat(pruner.preview().archived()).isEqualTo(1);

        BookingId squatter = BookingId.random();
        capacity.allocationStore().assign(AssignRequest.of(r, squatter, List.of(t.id()), oldWindow));
        assertThatThrownBy(() -> pruner.restoreBooking(r, old)).isInstanceOf(RestoreConflict.class);
        capacity.allocationStore().unassign(r, squatter);
        assertThat(pruner.restoreBooking(r, old)).isEqualTo(1);
        assertThat(capacity.allocationStore().allocationsOfBooking(r, old)).singleElement()
                .satisfies(a -> assertThat(a.window()).isEqualTo(oldWindow));
        assertThat(pruner.preview().archived()).isZero();
    }
}
