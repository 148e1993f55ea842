package dev.capacity.testkit.contract;

import static dev.capacity.api.error.ErrorCode.*;
import static dev.capacity.testkit.contract.ContractFixtures.MICRO;
import static dev.capacity.testkit.contract.ContractFixtures.TTL;
import static dev.capacity.testkit.contract.ContractFixtures.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.capacity.api.AdjacencyMode;
import dev.capacity.api.Allocation;
import dev.capacity.api.AllocationKind;
import dev.capacity.api.AllocationStore;
import dev.capacity.api.AssignRequest;
import dev.capacity.api.BookingId;
import dev.capacity.api.Confirmation;
import dev.capacity.api.Hold;
import dev.capacity.api.HoldStatus;
import dev.capacity.api.ManualAssignmentValidator;
import dev.capacity.api.PlaceHoldRequest;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.SlackOverride;
import dev.capacity.api.SlackPolicy;
import dev.capacity.api.TableId;
import dev.capacity.api.TableSpec;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.ValidationOptions;
import dev.capacity.api.ValidationRequest;
import dev.capacity.api.ValidationResult;
import dev.capacity.api.ZoneId;
import dev.capacity.api.error.AllocationConflict;
import dev.capacity.api.error.AssignmentRejected;
import dev.capacity.api.error.BookingConflict;
import dev.capacity.api.error.ErrorCode;
import dev.capacity.api.error.HoldConflict;
import dev.capacity.api.error.PolicyDrift;
import dev.capacity.api.error.Severity;
import dev.capacity.api.error.TableOutOfService;
import dev.capacity.api.error.Violation;
import dev.capacity.testkit.time.MutableInstantSource;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract of manual assignment validation: every check of {@link dev.capacity.api.AssignmentRules} and its
 * boundaries, through the public API of the {@link ManualAssignmentValidator} <em>and</em> of the write paths
 * ({@code placeHold}, {@code assign}, {@code confirmHold}), which must accept exactly what the validator accepts and
 * reject the rest with the same findings: 400 for a malformed request, 422 {@code AssignmentRejected} when a rule is
 * broken (conflicts included in its findings), 409 when only conflicts stand in the way, and {@code PolicyDrift}
 * when a hold no longer passes after a floor-plan edit. Every rejected write is checked to have written and
 * published nothing.
 *
 * <p>Extend it and build the implementation from the settings and slack policy the suite passes:
 *
 * <pre>{@code
 * class MyValidatorContractTest extends ManualAssignmentValidatorContract {
 *     @Override
 *     protected ValidatorHarness createHarness(HarnessSettings settings, SlackPolicy slackPolicy) {
 *         InMemoryCapacity capacity = InMemoryCapacity.builder().clock(settings.clock())
 *                 .listener(settings.listener()).maxHoldLifetime(settings.maxHoldLifetime())
 *                 .slackPolicy(slackPolicy).build();
 *         return new ValidatorHarness() { ... };
 *     }
 * }
 * }</pre>
 *
 * <p>The suite works in fresh random restaurants, so a shared database needs no cleaning. Its floor plan:
 * zone "Main" with A (4 seats), B (4), C (2), D (6), F (4, not movable), G (4, inactive) and P (4 seats, parties of
 * exactly 3); zone "Terrace" with H (4); edges A–B, B–C, A–F, A–H and A–P (D is linked to nothing); and table X
 * (4) in another restaurant. Unless a test says otherwise the slack budget is 4 with a warning above 2.
 */
public abstract class ManualAssignmentValidatorContract {

    /** The suite's policy: budget 4, warning above 2, no resolver, the environment ignored. */
    private static final SlackPolicy POLICY = policy(4, 2);
    private static final SlackOverride OVERRIDE = new SlackOverride("regulars want the big table", "manager Ana");
    private static final String AUTHOR = "contract-suite";

    private final TimeWindow dinner = window(19, 21);
    private final BookingId b1 = BookingId.random();
    private final BookingId b2 = BookingId.random();
    private final BookingId b3 = BookingId.random();
    /** Per-restaurant budgets, read by the resolver of the policy built in {@link Budgets}. */
    private final Map<RestaurantId, Integer> budgets = new ConcurrentHashMap<>();

    private ContractFixtures fx;
    private ManualAssignmentValidator validator;
    private AllocationStore store;
    private MutableInstantSource clock;
    private RecordingListener events;
    private RestaurantId restaurant;
    private ZoneId main;
    private ZoneId terrace;
    private TableId a;
    private TableId b;
    private TableId c;
    private TableId d;
    private TableId fixed;
    private TableId inactive;
    private TableId patio;
    private TableId ranged;
    private TableId theirs;

    /** For subclasses. */
    protected ManualAssignmentValidatorContract() {
    }

    /**
     * Builds the implementation under test. Called before every test, and again by tests that need another slack
     * policy.
     *
     * @param settings the clock, listener and hold lifetime cap the implementation must use
     * @param slackPolicy the slack policy its validator and its writes must use
     * @return the stores and validator of one instance built with these settings
     */
    protected abstract ValidatorHarness createHarness(HarnessSettings settings, SlackPolicy slackPolicy);

    @BeforeEach
    void setUpValidatorContract() {
        start(POLICY);
    }

    private static SlackPolicy policy(int budget, int warnAbove) {
        return SlackPolicy.builder().budget(budget).warnAbove(warnAbove).environment(name -> null).build();
    }

    /** The suite's policy with a resolver that reads {@link #budgets}. */
    private SlackPolicy resolverPolicy() {
        return SlackPolicy.builder().budget(4).warnAbove(2).environment(name -> null)
                .resolver(r -> budgets.containsKey(r) ? OptionalInt.of(budgets.get(r)) : OptionalInt.empty())
                .build();
    }

    /** Builds a fresh instance with the policy and seeds the floor plan; a test may call it again. */
    private void start(SlackPolicy policy) {
        clock = MutableInstantSource.fixed();
        events = new RecordingListener();
        ValidatorHarness[] built = new ValidatorHarness[1];
        fx = new ContractFixtures(clock, events, settings -> built[0] = createHarness(settings, policy));
        validator = built[0].validator();
        store = fx.ledger;
        restaurant = fx.restaurant;
        main = fx.plans.createZone(restaurant, "Main", 0).id();
        terrace = fx.plans.createZone(restaurant, "Terrace", 1).id();
        a = table(TableSpec.of(main, "A", 4));
        b = table(TableSpec.of(main, "B", 4));
        c = table(TableSpec.of(main, "C", 2));
        d = table(TableSpec.of(main, "D", 6));
        fixed = table(TableSpec.of(main, "F", 4).withMovable(false));
        inactive = table(TableSpec.of(main, "G", 4).withActive(false));
        patio = table(TableSpec.of(terrace, "H", 4));
        ranged = table(TableSpec.of(main, "P", 4).withPartySize(3, 3));
        for (TableId[] edge : new TableId[][] {{a, b}, {b, c}, {a, fixed}, {a, patio}, {a, ranged}}) {
            fx.plans.linkTables(restaurant, edge[0], edge[1]);
        }
        ZoneId theirZone = fx.plans.createZone(fx.other, "Main", 0).id();
        theirs = fx.plans.createTable(fx.other, TableSpec.of(theirZone, "X", 4)).id();
    }

    private TableId table(TableSpec spec) {
        return fx.plans.createTable(restaurant, spec).id();
    }

    // ---- selections and the three ways to check them ----

    /** A row of the suite's tables: what it is, the tables in order, the party size and the options. */
    private record Selection(String what, List<TableId> tables, int party, ValidationOptions options) {

        Selection with(AdjacencyMode mode) {
            return new Selection(what + " (" + mode + ")", tables, party, options.withAdjacency(mode));
        }

        Selection with(SlackOverride override) {
            return new Selection(what + " (override)", tables, party, options.withSlackOverride(override));
        }
    }

    private static Selection select(String what, int party, TableId... tables) {
        return new Selection(what, List.of(tables), party, ValidationOptions.defaults());
    }

    private ValidationRequest request(Selection s, @Nullable BookingId booking) {
        return new ValidationRequest(restaurant, booking, s.party(), dinner, s.tables(), s.options());
    }

    private PlaceHoldRequest.Builder holdRequest(Selection s, @Nullable BookingId booking) {
        return fx.request(dinner).tables(s.tables()).bookingId(booking).partySize(s.party()).options(s.options());
    }

    private AssignRequest assignRequest(Selection s, BookingId booking) {
        return new AssignRequest(restaurant, booking, s.tables(), dinner, s.party(), AUTHOR, s.options());
    }

    private ValidationResult validate(Selection s, @Nullable BookingId booking) {
        return validator.validate(request(s, booking));
    }

    private static List<ErrorCode> codes(List<Violation> findings) {
        return findings.stream().map(Violation::code).toList();
    }

    /**
     * The selection passes: the validator says ok with exactly these findings (warnings only), placeHold accepts
     * it, and assign seats a booking at exactly the selection, recording the request's override. The booking is
     * unassigned again, so the ledger is as before.
     */
    private ValidationResult passes(Selection s, ErrorCode... warnings) {
        ValidationResult result = validate(s, null);
        assertThat(result.ok()).as("%s passes: %s", s.what(), result.summary()).isTrue();
        assertThat(codes(result.checks())).as("findings for %s", s.what()).containsExactly(warnings);
        assertThat(result.checks()).as("findings for %s", s.what()).allMatch(v -> v.severity() == Severity.WARNING);
        assertThat(result.summary()).as("summary for %s", s.what())
                .startsWith(warnings.length == 0 ? "OK" : "OK with " + warnings.length + " warning");
        BookingId booking = BookingId.random();
        Hold hold = fx.place(holdRequest(s, booking));
        assertThat(hold.status()).as("hold on %s", s.what()).isEqualTo(HoldStatus.ACTIVE);
        List<Allocation> seated = store.assign(assignRequest(s, booking));
        assertThat(seated).as("assignment to %s", s.what())
                .extracting(Allocation::tableId).containsExactlyInAnyOrderElementsOf(s.tables());
        assertThat(seated).as("override recorded by the assignment to %s", s.what())
                .allSatisfy(x -> assertThat(x.slackOverride()).isEqualTo(s.options().slackOverride()));
        assertThat(fx.find(hold)).as("the booking's hold is released by its assignment").isEmpty();
        assertThat(store.unassign(restaurant, booking)).isEqualTo(s.tables().size());
        return result;
    }

    /**
     * The selection breaks a rule: the validator reports exactly these findings, and placeHold and assign are a
     * 422 {@code AssignmentRejected} with the first broken rule as its code and the same findings, writing nothing.
     */
    private ValidationResult breaksRule(Selection s, @Nullable BookingId booking, ErrorCode... findings) {
        ValidationResult result = validate(s, booking);
        assertThat(result.ok()).as("%s fails", s.what()).isFalse();
        assertThat(codes(result.checks())).as("findings for %s", s.what()).containsExactly(findings);
        assertThat(result.summary()).as("summary for %s", s.what()).contains(result.errors().get(0).message());
        ErrorCode rule = codes(result.errors()).stream().filter(code -> !code.isConflict()).findFirst().orElseThrow();
        AssignmentRejected onHold = fx.rejects(AssignmentRejected.class, rule, 422,
                () -> fx.place(holdRequest(s, booking)));
        assertThat(onHold.violations()).as("placeHold on %s", s.what()).isEqualTo(result.checks());
        BookingId seated = booking != null ? booking : BookingId.random();
        AssignmentRejected onAssign = fx.rejects(AssignmentRejected.class, rule, 422,
                () -> store.assign(assignRequest(s, seated)));
        assertThat(onAssign.violations()).as("assign to %s", s.what()).isEqualTo(result.checks());
        return result;
    }

    /**
     * Only conflicts stand in the way: the validator reports exactly these findings; placeHold is a 409
     * {@code HoldConflict} and assign a 409 of the given type, both naming exactly {@code inTheWay} as blockers and
     * carrying the findings, writing nothing.
     */
    private <E extends AllocationConflict> ValidationResult conflicts(Selection s, BookingId booking,
            Class<E> onAssign, ErrorCode assignCode, List<Allocation> inTheWay, ErrorCode... findings) {
        ValidationResult result = validate(s, booking);
        assertThat(result.ok()).as("%s fails", s.what()).isFalse();
        assertThat(codes(result.checks())).as("findings for %s", s.what()).containsExactly(findings);
        HoldConflict held = fx.conflict(HoldConflict.class, HOLD_CONFLICT, inTheWay,
                () -> fx.place(holdRequest(s, booking)));
        assertThat(held.violations()).as("placeHold on %s", s.what()).isEqualTo(result.checks());
        E assigned = fx.conflict(onAssign, assignCode, inTheWay, () -> store.assign(assignRequest(s, booking)));
        assertThat(assigned.violations()).as("assign to %s", s.what()).isEqualTo(result.checks());
        return result;
    }

    /** Malformed requests: 400 before any check, on every path. */
    @Nested
    @DisplayName("malformed requests")
    public class MalformedRequests {

        /** For JUnit. */
        public MalformedRequests() {
        }

        @Test
        @DisplayName("no tables is TABLES_REQUIRED, a repeated table DUPLICATE_TABLE_IDS, a party below 1 "
                + "INVALID_PARTY_SIZE, in that order and before any table is looked up")
        public void shape() {
            record Malformed(ErrorCode code, String field, List<TableId> tables, int party) {
            }
            TableId unknown = TableId.random();
            for (Malformed m : List.of(
                    new Malformed(TABLES_REQUIRED, "tableIds", List.of(), 4),
                    new Malformed(TABLES_REQUIRED, "tableIds", List.of(), 0),
                    new Malformed(DUPLICATE_TABLE_IDS, "tableIds", List.of(a, b, a), 8),
                    new Malformed(DUPLICATE_TABLE_IDS, "tableIds", List.of(unknown, unknown), 0),
                    new Malformed(INVALID_PARTY_SIZE, "partySize", List.of(a), 0),
                    new Malformed(INVALID_PARTY_SIZE, "partySize", List.of(unknown), -3))) {
                Selection s = new Selection(m.toString(), m.tables(), m.party(), ValidationOptions.defaults());
                fx.invalid(m.code(), m.field(), () -> validate(s, b1));
                fx.invalid(m.code(), m.field(), () -> fx.place(holdRequest(s, b1)));
                fx.invalid(m.code(), m.field(), () -> store.assign(assignRequest(s, b1)));
            }
        }

        @Test
        @DisplayName("a null request is a NullPointerException naming it")
        public void nullRequest() {
            fx.npe("request", () -> validator.validate(null));
        }
    }

    /** Which tables a selection may name. */
    @Nested
    @DisplayName("the selected tables")
    public class Tables {

        /** For JUnit. */
        public Tables() {
        }

        @Test
        @DisplayName("unknown tables and other restaurants' tables are TABLE_NOT_FOUND, one per table in selection "
                + "order, and the seat checks wait until every table is found")
        public void notFound() {
            TableId unknown = TableId.random();
            breaksRule(select("an unknown table", 4, unknown), null, TABLE_NOT_FOUND);
            breaksRule(select("another restaurant's table", 4, theirs), b1, TABLE_NOT_FOUND);
            ValidationResult result = breaksRule(
                    select("20 guests at X, A and an unknown table", 20, theirs, a, unknown), null,
                    TABLE_NOT_FOUND, TABLE_NOT_FOUND);
            assertThat(result.checks()).extracting(v -> v.details().get("tableId"))
                    .containsExactly(theirs.toString(), unknown.toString());
        }

        @Test
        @DisplayName("an inactive table is TABLE_INACTIVE naming it")
        public void inactive() {
            ValidationResult result = breaksRule(select("the inactive G", 4, inactive), null, TABLE_INACTIVE);
            assertThat(result.checks().get(0).details())
                    .containsEntry("tableId", inactive.toString()).containsEntry("label", "G");
        }

        @Test
        @DisplayName("every finding is reported at once in check order, and a broken rule with a conflict is a 422 "
                + "carrying both")
        public void everythingAtOnce() {
            fx.assign(b2, dinner, patio);
            ValidationResult result = breaksRule(select("an unknown table, G, H and F", 4, TableId.random(), inactive,
                    patio, fixed), b1, TABLE_NOT_FOUND, TABLE_INACTIVE, ZONE_MISMATCH, TABLE_NOT_MOVABLE,
                    ADJACENCY_MISMATCH, BOOKING_CONFLICT);
            assertThat(result.summary()).startsWith("6 problems: ");
            assertThat(result.errors()).hasSize(6);
        }
    }

    /** Seats against the party and the slack budget. */
    @Nested
    @DisplayName("seats and the slack budget")
    public class Seats {

        /** For JUnit. */
        public Seats() {
        }

        @Test
        @DisplayName("fewer seats than guests is CAPACITY_INSUFFICIENT, which no override lifts")
        public void insufficient() {
            ValidationResult result = breaksRule(select("7 guests at the 6-seat D", 7, d), null, CAPACITY_INSUFFICIENT);
            assertThat(result.checks().get(0).details())
                    .containsEntry("seats", 6).containsEntry("partySize", 7).containsEntry("missingSeats", 1);
            breaksRule(select("9 guests at A and B", 9, a, b), null, CAPACITY_INSUFFICIENT);
            breaksRule(select("7 guests at D", 7, d).with(OVERRIDE), null, CAPACITY_INSUFFICIENT);
        }

        @Test
        @DisplayName("slack up to the budget passes on every path, slack of budget + 1 is a 422 SLACK_BUDGET_EXCEEDED")
        public void budgetBoundary() {
            passes(select("6 guests at D: no empty seat", 6, d));
            passes(select("4 guests at D: slack 2, the warning threshold", 4, d));
            passes(select("3 guests at D: slack 3", 3, d), SLACK_HIGH);
            passes(select("2 guests at D: slack 4, the budget", 2, d), SLACK_HIGH);
            passes(select("4 guests at A and B: slack 4", 4, a, b), SLACK_HIGH);
            ValidationResult result = breaksRule(select("1 guest at D: slack 5", 1, d), null, SLACK_BUDGET_EXCEEDED);
            assertThat(result.checks().get(0).details()).containsEntry("seats", 6).containsEntry("partySize", 1)
                    .containsEntry("slack", 5).containsEntry("budget", 4);
            breaksRule(select("3 guests at A and B: slack 5", 3, a, b), null, SLACK_BUDGET_EXCEEDED);
        }

        @Test
        @DisplayName("slack above the warning threshold and within the budget is a SLACK_HIGH warning")
        public void slackHigh() {
            ValidationResult result = passes(select("3 guests at D", 3, d), SLACK_HIGH);
            Violation warning = result.checks().get(0);
            assertThat(warning.severity()).isEqualTo(Severity.WARNING);
            assertThat(warning.details()).containsEntry("slack", 3).containsEntry("budget", 4)
                    .containsEntry("warnAbove", 2);
            assertThat(result.summary()).isEqualTo("OK with 1 warning: " + warning.message());
        }

        @Test
        @DisplayName("an override turns the budget error into a warning naming reason and actor, and assign records "
                + "it on every allocation it writes")
        public void overrideOnAssign() {
            ValidationResult result = passes(select("1 guest at D", 1, d).with(OVERRIDE), SLACK_BUDGET_EXCEEDED);
            assertThat(result.checks().get(0).details()).containsEntry("slack", 5).containsEntry("budget", 4)
                    .containsEntry("overrideReason", OVERRIDE.reason())
                    .containsEntry("overrideActor", OVERRIDE.actor());
            List<Allocation> seated = store.assign(assignRequest(select("1 guest at A and B", 1, a, b).with(OVERRIDE),
                    b1));
            assertThat(seated).extracting(Allocation::tableId, Allocation::slackOverride)
                    .containsExactlyInAnyOrder(tuple(a, OVERRIDE), tuple(b, OVERRIDE));
            assertThat(fx.ofBooking(b1)).containsExactlyElementsOf(seated);
        }

        @Test
        @DisplayName("a hold keeps its override, and confirming records it on every allocation of the booking it "
                + "writes")
        public void overrideOnConfirm() {
            fx.assign(b1, window(19, 20), a);
            Hold hold = fx.place(holdRequest(select("1 guest at A and B", 1, a, b).with(OVERRIDE), b1));
            assertThat(fx.on(dinner, b)).singleElement().extracting(Allocation::kind).isEqualTo(AllocationKind.HOLD);
            Confirmation confirmation = store.confirmHold(restaurant, hold.id(), b1);
            assertThat(confirmation.allocations())
                    .extracting(Allocation::tableId, Allocation::kind, Allocation::window, Allocation::slackOverride)
                    .containsExactlyInAnyOrder(tuple(a, AllocationKind.BOOKING, dinner, OVERRIDE),
                            tuple(b, AllocationKind.BOOKING, dinner, OVERRIDE));
            assertThat(fx.ofBooking(b1)).containsExactlyInAnyOrderElementsOf(confirmation.allocations());
        }

        @Test
        @DisplayName("a write without a party size skips the seat checks")
        public void noPartySize() {
            Hold hold = fx.place(fx.request(dinner, d));
            assertThat(hold.status()).isEqualTo(HoldStatus.ACTIVE);
            store.releaseHold(restaurant, hold.id());
            assertThat(fx.assign(b1, dinner, a, b)).hasSize(2);
        }
    }

    /** Where the budget comes from. */
    @Nested
    @DisplayName("the slack policy")
    public class Budgets {

        /** For JUnit. */
        public Budgets() {
        }

        @Test
        @DisplayName("a restaurant's own budget from the resolver beats the builder's budget, which applies when the "
                + "resolver has none")
        public void resolverFirst() {
            start(resolverPolicy());
            budgets.put(restaurant, 1);
            passes(select("5 guests at D: slack 1, the restaurant's budget", 5, d));
            ValidationResult result = breaksRule(select("4 guests at D: slack 2 over a budget of 1", 4, d), null,
                    SLACK_BUDGET_EXCEEDED);
            assertThat(result.checks().get(0).details()).containsEntry("budget", 1);
            budgets.put(restaurant, 6);
            result = passes(select("1 guest at D: slack 5 within a budget of 6", 1, d), SLACK_HIGH);
            assertThat(result.checks().get(0).details()).containsEntry("budget", 6);
            budgets.remove(restaurant);
            result = breaksRule(select("1 guest at D: slack 5 over the builder's 4", 1, d), null,
                    SLACK_BUDGET_EXCEEDED);
            assertThat(result.checks().get(0).details()).containsEntry("budget", 4);
        }

        @Test
        @DisplayName("a budget of 0 allows exact fits only, and the warning threshold is the policy's")
        public void zeroBudget() {
            start(policy(0, 0));
            passes(select("6 guests at D", 6, d));
            breaksRule(select("5 guests at D: slack 1", 5, d), null, SLACK_BUDGET_EXCEEDED);
            start(policy(4, 0));
            passes(select("5 guests at D: slack 1 above a threshold of 0", 5, d), SLACK_HIGH);
        }
    }

    /** Merging tables: zones, movability, adjacency. */
    @Nested
    @DisplayName("merging tables")
    public class Merging {

        /** For JUnit. */
        public Merging() {
        }

        @Test
        @DisplayName("tables of different zones are ZONE_MISMATCH even when adjacent")
        public void zones() {
            ValidationResult result = breaksRule(select("A and the terrace's H", 6, a, patio), null, ZONE_MISMATCH);
            assertThat(result.checks().get(0).details())
                    .containsEntry("zoneIds", List.of(main.toString(), terrace.toString()));
        }

        @Test
        @DisplayName("a table that cannot be moved is TABLE_NOT_MOVABLE when merged, whatever the adjacency mode, "
                + "and fine alone")
        public void notMovable() {
            ValidationResult result = breaksRule(select("A and F", 6, a, fixed), null, TABLE_NOT_MOVABLE);
            assertThat(result.checks().get(0).details())
                    .containsEntry("tableId", fixed.toString()).containsEntry("label", "F");
            breaksRule(select("A and F", 6, a, fixed).with(AdjacencyMode.OFF), null, TABLE_NOT_MOVABLE);
            passes(select("F alone", 4, fixed));
        }

        @Test
        @DisplayName("CONNECTED accepts a chain in any order and names the separate groups of a disconnected "
                + "selection")
        public void connected() {
            passes(select("the chain A-B-C", 8, a, b, c));
            passes(select("the chain as C, A, B", 8, c, a, b));
            ValidationResult result = breaksRule(select("A-B and the lone D", 12, a, b, d), null, ADJACENCY_MISMATCH);
            Violation mismatch = result.checks().get(0);
            assertThat(mismatch.details()).containsEntry("mode", "CONNECTED").containsEntry("parts",
                    List.of(List.of(a.toString(), b.toString()), List.of(d.toString())));
            assertThat(mismatch.message()).contains("A+B | D");
            result = breaksRule(select("A and D", 8, a, d), null, ADJACENCY_MISMATCH);
            assertThat(result.checks().get(0).details())
                    .containsEntry("parts", List.of(List.of(a.toString()), List.of(d.toString())));
        }

        @Test
        @DisplayName("PAIRWISE needs every pair adjacent and names the pairs that are not")
        public void pairwise() {
            passes(select("A and B", 6, a, b).with(AdjacencyMode.PAIRWISE));
            ValidationResult result = breaksRule(select("the chain A-B-C", 8, a, b, c).with(AdjacencyMode.PAIRWISE),
                    null, ADJACENCY_MISMATCH);
            assertThat(result.checks().get(0).details()).containsEntry("mode", "PAIRWISE")
                    .containsEntry("pairs", List.of(List.of(a.toString(), c.toString())));
        }

        @Test
        @DisplayName("OFF does not check adjacency")
        public void off() {
            passes(select("A and D", 8, a, d).with(AdjacencyMode.OFF));
            passes(select("A-B and D", 12, a, b, d).with(AdjacencyMode.OFF));
        }
    }

    /** A single table's party-size range. */
    @Nested
    @DisplayName("party size range")
    public class PartyRange {

        /** For JUnit. */
        public PartyRange() {
        }

        @Test
        @DisplayName("a table alone seats parties from its minimum to its maximum, else PARTY_SIZE_OUT_OF_RANGE")
        public void alone() {
            passes(select("3 guests at P (3 to 3)", 3, ranged));
            ValidationResult result = breaksRule(select("2 guests at P", 2, ranged), null, PARTY_SIZE_OUT_OF_RANGE);
            assertThat(result.checks().get(0).details()).containsEntry("tableId", ranged.toString())
                    .containsEntry("minPartySize", 3).containsEntry("maxPartySize", 3).containsEntry("partySize", 2);
            breaksRule(select("4 guests at P", 4, ranged), null, PARTY_SIZE_OUT_OF_RANGE);
        }

        @Test
        @DisplayName("merged tables are not held to a single table's range")
        public void merged() {
            passes(select("5 guests at A and P", 5, a, ranged), SLACK_HIGH);
        }
    }

    /** What stands in the way, and how the write paths report it. */
    @Nested
    @DisplayName("conflicts")
    public class Conflicts {

        /** For JUnit. */
        public Conflicts() {
        }

        @Test
        @DisplayName("touching windows never conflict")
        public void touching() {
            fx.assign(b2, window(17, 19), a);
            fx.hold(b3, window(21, 23), a);
            passes(select("A from 19 to 21", 4, a));
        }

        @Test
        @DisplayName("another booking's active hold is HOLD_CONFLICT naming the hold, until its expiry")
        public void activeHold() {
            Hold held = fx.hold(b2, dinner, a);
            Allocation allocation = fx.on(dinner, a).get(0);
            Selection s = select("A, held for another booking", 4, a);
            ValidationResult result = conflicts(s, b1, HoldConflict.class, HOLD_CONFLICT, List.of(allocation),
                    HOLD_CONFLICT);
            assertThat(result.checks().get(0).details()).containsEntry("tableId", a.toString())
                    .containsEntry("allocationId", allocation.id().toString())
                    .containsEntry("bookingId", b2.toString()).containsEntry("holdId", held.id().toString())
                    .containsEntry("holdExpiresAt", held.expiresAt().toString());
            assertThat(codes(validate(s, null).checks())).containsExactly(HOLD_CONFLICT);
            clock.set(held.expiresAt().minus(MICRO));
            assertThat(codes(validate(s, b1).checks())).containsExactly(HOLD_CONFLICT);
        }

        @Test
        @DisplayName("an expired hold never conflicts, and validating leaves it in place")
        public void expiredHold() {
            Hold held = fx.hold(b2, dinner, a);
            clock.advance(TTL);
            Object before = fx.state();
            ValidationResult result = validate(select("A, held until now", 4, a), b1);
            assertThat(result.ok()).isTrue();
            assertThat(result.checks()).isEmpty();
            assertThat(fx.state()).as("validation writes and publishes nothing").isEqualTo(before);
            assertThat(fx.status(held)).isEqualTo(HoldStatus.EXPIRED);
            passes(select("A, held until now", 4, a));
        }

        @Test
        @DisplayName("a booking is BOOKING_CONFLICT and maintenance TABLE_OUT_OF_SERVICE; placeHold is a "
                + "HoldConflict, assign names a booking first, then a hold, then maintenance")
        public void byKind() {
            fx.assign(b2, dinner, a);
            fx.hold(b3, dinner, b);
            fx.block(c, dinner);
            conflicts(select("A booked, B held, C blocked", 10, a, b, c), b1, BookingConflict.class,
                    BOOKING_CONFLICT, fx.on(dinner, a, b, c), BOOKING_CONFLICT, TABLE_OUT_OF_SERVICE, HOLD_CONFLICT);
            conflicts(select("B held, C blocked", 6, b, c), b1, HoldConflict.class, HOLD_CONFLICT,
                    fx.on(dinner, b, c), TABLE_OUT_OF_SERVICE, HOLD_CONFLICT);
            conflicts(select("C blocked", 2, c), b1, TableOutOfService.class, TABLE_OUT_OF_SERVICE,
                    fx.on(dinner, c), TABLE_OUT_OF_SERVICE);
            conflicts(select("A booked", 4, a), b1, BookingConflict.class, BOOKING_CONFLICT, fx.on(dinner, a),
                    BOOKING_CONFLICT);
        }

        @Test
        @DisplayName("the booking's own hold and allocations never conflict with it, but do with anyone else")
        public void ownRows() {
            fx.assign(b1, dinner, b);
            Hold own = fx.place(holdRequest(select("A and B", 8, a, b), b1));
            assertThat(fx.on(dinner, a, b)).extracting(Allocation::tableId, Allocation::kind)
                    .containsExactlyInAnyOrder(tuple(a, AllocationKind.HOLD), tuple(b, AllocationKind.BOOKING));
            Selection s = select("A held and B seated for the booking", 8, a, b);
            ValidationResult mine = validate(s, b1);
            assertThat(mine.ok()).isTrue();
            assertThat(mine.checks()).isEmpty();
            assertThat(codes(validate(s, b2).checks())).containsExactly(BOOKING_CONFLICT, HOLD_CONFLICT);
            assertThat(codes(validate(s, null).checks())).containsExactly(BOOKING_CONFLICT, HOLD_CONFLICT);
            Hold again = fx.place(holdRequest(s, b1));
            assertThat(fx.find(own)).as("the booking's previous hold is replaced").isEmpty();
            assertThat(store.assign(assignRequest(s, b1))).extracting(Allocation::tableId, Allocation::kind)
                    .containsExactlyInAnyOrder(tuple(a, AllocationKind.BOOKING), tuple(b, AllocationKind.BOOKING));
            assertThat(fx.find(again)).isEmpty();
        }

        @Test
        @DisplayName("a broken rule with a conflict is a 422 carrying both")
        public void ruleAndConflict() {
            fx.assign(b2, dinner, a);
            breaksRule(select("5 guests at the booked A", 5, a), b1, CAPACITY_INSUFFICIENT, BOOKING_CONFLICT);
            fx.hold(b3, dinner, b);
            breaksRule(select("A and the held B, with D", 12, a, b, d), b1, ADJACENCY_MISMATCH, BOOKING_CONFLICT,
                    HOLD_CONFLICT);
        }
    }

    /** Confirming a hold after the floor plan changed. */
    @Nested
    @DisplayName("policy drift")
    public class Drift {

        /** For JUnit. */
        public Drift() {
        }

        /** Confirming must fail with drift, reporting what the validator now reports as errors. */
        private PolicyDrift drifts(Hold hold, Selection s, ErrorCode... failing) {
            long current = fx.plans.load(restaurant).version();
            assertThat(current).isGreaterThan(hold.floorPlanVersion());
            PolicyDrift e = fx.rejects(PolicyDrift.class, POLICY_DRIFT, 409,
                    () -> store.confirmHold(restaurant, hold.id(), b1));
            assertThat(e.holdId()).isEqualTo(hold.id());
            assertThat(e.heldVersion()).isEqualTo(hold.floorPlanVersion());
            assertThat(e.currentVersion()).isEqualTo(current);
            assertThat(codes(e.violations())).containsExactly(failing);
            assertThat(e.violations()).isEqualTo(validate(s, b1).errors());
            assertThat(fx.status(hold)).isEqualTo(HoldStatus.ACTIVE);
            assertThat(fx.on(dinner, s.tables().toArray(TableId[]::new)))
                    .allSatisfy(x -> assertThat(x.kind()).isEqualTo(AllocationKind.HOLD));
            return e;
        }

        @Test
        @DisplayName("a hold whose table shrank below its party is PolicyDrift with the failing check and both "
                + "versions, and nothing changes")
        public void shrunk() {
            Selection s = select("4 guests at A", 4, a);
            Hold hold = fx.place(holdRequest(s, b1));
            fx.plans.updateTable(restaurant, a, TableSpec.of(main, "A", 2));
            drifts(hold, s, CAPACITY_INSUFFICIENT);
        }

        @Test
        @DisplayName("a deactivated table, or merged tables no longer linked, is PolicyDrift")
        public void deactivatedOrUnlinked() {
            Selection alone = select("4 guests at A", 4, a);
            Hold hold = fx.place(holdRequest(alone, b1));
            fx.plans.setTableActive(restaurant, a, false);
            drifts(hold, alone, TABLE_INACTIVE);
            fx.plans.setTableActive(restaurant, a, true);
            store.releaseHold(restaurant, hold.id());
            Selection merged = select("8 guests at A and B", 8, a, b);
            Hold mergedHold = fx.place(holdRequest(merged, b1));
            fx.plans.unlinkTables(restaurant, a, b);
            drifts(mergedHold, merged, ADJACENCY_MISMATCH);
        }

        @Test
        @DisplayName("an edit that keeps the selection valid lets confirm succeed, and new warnings never block it")
        public void harmlessEdit() {
            Hold hold = fx.place(holdRequest(select("4 guests at D", 4, d), b1));
            fx.plans.updateZone(restaurant, main, "Dining room", 0);
            fx.plans.updateTable(restaurant, d, TableSpec.of(main, "D", 7));
            assertThat(fx.plans.load(restaurant).version()).isGreaterThan(hold.floorPlanVersion());
            assertThat(codes(validate(select("4 guests at D", 4, d), b1).checks())).containsExactly(SLACK_HIGH);
            Confirmation confirmation = store.confirmHold(restaurant, hold.id(), b1);
            assertThat(confirmation.allocations()).extracting(Allocation::tableId, Allocation::kind)
                    .containsExactly(tuple(d, AllocationKind.BOOKING));
            assertThat(fx.status(hold)).isEqualTo(HoldStatus.CONFIRMED);
        }

        @Test
        @DisplayName("the re-check uses the party size, adjacency mode and override the hold was placed with")
        public void heldOptions() {
            Selection s = select("1 guest at A and D", 1, a, d).with(AdjacencyMode.OFF).with(OVERRIDE);
            Hold hold = fx.place(holdRequest(s, b1));
            fx.plans.updateZone(restaurant, main, "Dining room", 0);
            Confirmation confirmation = store.confirmHold(restaurant, hold.id(), b1);
            assertThat(confirmation.allocations()).extracting(Allocation::tableId, Allocation::slackOverride)
                    .containsExactlyInAnyOrder(tuple(a, OVERRIDE), tuple(d, OVERRIDE));
            Hold unsized = fx.place(fx.request(dinner, b).bookingId(b2));
            fx.plans.updateTable(restaurant, b, TableSpec.of(main, "B", 1));
            assertThat(store.confirmHold(restaurant, unsized.id(), b2).allocations())
                    .extracting(Allocation::tableId).containsExactly(b);
        }

        @Test
        @DisplayName("only a moved floor-plan version triggers the re-check, which then applies the current budget")
        public void onlyWhenVersionMoved() {
            start(resolverPolicy());
            Selection s = select("4 guests at D", 4, d);
            Hold unchanged = fx.place(holdRequest(s, b1));
            budgets.put(restaurant, 1);
            assertThat(store.confirmHold(restaurant, unchanged.id(), b1).allocations()).hasSize(1);
            store.unassign(restaurant, b1);
            budgets.remove(restaurant);
            Hold moved = fx.place(holdRequest(s, b1));
            budgets.put(restaurant, 1);
            fx.plans.updateZone(restaurant, main, "Dining room", 0);
            drifts(moved, s, SLACK_BUDGET_EXCEEDED);
        }
    }
}
