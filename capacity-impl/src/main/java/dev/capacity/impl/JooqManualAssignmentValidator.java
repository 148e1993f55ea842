package dev.capacity.impl;

import dev.capacity.api.AssignmentRules;
import dev.capacity.api.Blocker;
import dev.capacity.api.FloorPlan;
import dev.capacity.api.ManualAssignmentValidator;
import dev.capacity.api.SlackPolicy;
import dev.capacity.api.ValidationRequest;
import dev.capacity.api.ValidationResult;
import dev.capacity.impl.internal.Db;
import dev.capacity.impl.internal.LedgerSql;
import dev.capacity.impl.internal.SelectionSql;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@link ManualAssignmentValidator} on PostgreSQL: reads the selection's part of the floor plan and the blockers in
 * one read transaction and applies {@link AssignmentRules}, exactly as the store's writes do. Writes nothing.
 * Immutable and thread-safe.
 */
final class JooqManualAssignmentValidator implements ManualAssignmentValidator {

    private final Db db;
    private final SlackPolicy slack;

    JooqManualAssignmentValidator(Db db, SlackPolicy slack) {
        this.db = db;
        this.slack = slack;
    }

    @Override
    public ValidationResult validate(ValidationRequest request) {
        Objects.requireNonNull(request, "request");
        AssignmentRules.requireWellFormed(request.tableIds(), request.partySize());
        int budget = slack.budgetFor(request.restaurantId());
        return db.read(request.restaurantId(), "validate", ctx -> {
            Instant now = db.now();
            FloorPlan plan = SelectionSql.snapshot(ctx, request.restaurantId(), request.tableIds());
            List<Blocker> blockers = LedgerSql.blockers(ctx, request.restaurantId(), request.tableIds(),
                    request.window(), now, request.bookingId(), null);
            return ValidationResult.of(AssignmentRules.check(plan, request.tableIds(), request.partySize(),
                    request.options(), budget, slack.warnAbove(), blockers));
        });
    }
}
