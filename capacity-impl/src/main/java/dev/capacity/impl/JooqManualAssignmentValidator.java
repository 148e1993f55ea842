package dev.capacity.impl;

import dev.capacity.api.AssignmentRules;
import dev.capacity.api.Blocker;
import dev.capacity.api.FloorPlan;
import dev.capacity.api.FloorPlans;
import dev.capacity.api.ManualAssignmentValidator;
import dev.capacity.api.SlackPolicy;
import dev.capacity.api.ValidationRequest;
import dev.capacity.api.ValidationResult;
import dev.capacity.impl.internal.Db;
import dev.capacity.impl.internal.LedgerSql;
import dev.capacity.impl.internal.RequestChecks;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@link ManualAssignmentValidator} on PostgreSQL: the floor plan from the cache, the blockers in one query, and
 * {@link AssignmentRules}, exactly as the store's writes apply them (writes re-read the floor plan in their own
 * transaction, so a stale cache can only make a preview stale, never a write wrong). Writes nothing.
 * Immutable and thread-safe.
 */
final class JooqManualAssignmentValidator implements ManualAssignmentValidator {

    private final Db db;
    private final SlackPolicy slack;
    private final FloorPlans floorPlans;

    JooqManualAssignmentValidator(Db db, SlackPolicy slack, FloorPlans floorPlans) {
        this.db = db;
        this.slack = slack;
        this.floorPlans = floorPlans;
    }

    @Override
    public ValidationResult validate(ValidationRequest request) {
        Objects.requireNonNull(request, "request");
        AssignmentRules.requireWellFormed(request.tableIds(), request.partySize());
        // What a write would reject, validation rejects too; the window is also bound as timestamptz below.
        RequestChecks.window(request.window(), "window");
        int budget = slack.budgetFor(request.restaurantId());
        // The floor plan comes from the cache (warm: no round trip); the conflicts are one query.
        FloorPlan plan = floorPlans.get(request.restaurantId());
        return db.read(request.restaurantId(), "validate", ctx -> {
            Instant now = db.now();
            List<Blocker> blockers = LedgerSql.blockers(ctx, request.restaurantId(), request.tableIds(),
                    request.window(), now, request.bookingId(), null);
            return ValidationResult.of(AssignmentRules.check(plan, request.tableIds(), request.partySize(),
                    request.options(), budget, slack.warnAbove(), blockers));
        });
    }
}
