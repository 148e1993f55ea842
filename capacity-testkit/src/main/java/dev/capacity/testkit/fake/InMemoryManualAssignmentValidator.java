package dev.capacity.testkit.fake;

import dev.capacity.api.AssignmentRules;
import dev.capacity.api.ManualAssignmentValidator;
import dev.capacity.api.SlackPolicy;
import dev.capacity.api.ValidationRequest;
import dev.capacity.api.ValidationResult;
import java.util.Objects;

/**
 * The in-memory {@link ManualAssignmentValidator}: applies {@link AssignmentRules} to the restaurant's committed
 * floor plan and ledger, exactly as the in-memory store's writes do, with the same slack policy. Writes nothing:
 * expired holds are simply not counted. Thread-safe through the state's lock.
 */
final class InMemoryManualAssignmentValidator implements ManualAssignmentValidator {

    private final InMemoryState state;
    private final SlackPolicy slack;

    InMemoryManualAssignmentValidator(InMemoryState state, SlackPolicy slack) {
        this.state = Objects.requireNonNull(state, "state");
        this.slack = Objects.requireNonNull(slack, "slack");
    }

    @Override
    public ValidationResult validate(ValidationRequest request) {
        Objects.requireNonNull(request, "request");
        AssignmentRules.requireWellFormed(request.tableIds(), request.partySize());
        Checks.throwIfPresent(Checks.window(request.window()));
        int budget = slack.budgetFor(request.restaurantId());
        return state.read(request.restaurantId(), (data, now) -> ValidationResult.of(AssignmentRules.check(
                data.floorPlan(), request.tableIds(), request.partySize(), request.options(), budget,
                slack.warnAbove(), data.blockers(request.tableIds(), request.window(), now, request.bookingId()))));
    }
}
