package dev.capacity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capacity.api.error.AssignmentRejected;
import dev.capacity.api.error.BookingConflict;
import dev.capacity.api.error.CapacityError;
import dev.capacity.api.error.ErrorCode;
import dev.capacity.api.error.HoldConflict;
import dev.capacity.api.error.InvalidRequest;
import dev.capacity.api.error.Severity;
import dev.capacity.api.error.TableOutOfService;
import dev.capacity.api.error.Violation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rule engine over one small, hand-built floor plan.
 *
 * <pre>
 *   zone MAIN                                              zone TERRACE
 *   A1(2, 1–2) — B1(4, 2–3) — C1(4, 1–4) ─────────────────── G1(4, 1–4)     (C1–G1 crosses the zones)
 *   D1(2, 1–2) — H1(8, 2–∞) — E1(6, 3–6, not movable)
 *   F1(4, 1–4, inactive)
 *   X1(2) — Y1(2) — Z1(2) — X1                                              (a triangle)
 * </pre>
 *
 * Defaults unless a case says otherwise: slack budget 4, warning above 2, connected adjacency, no override.
 */
@DisplayName("AssignmentRules")
class AssignmentRulesTest {

    static final RestaurantId RESTAURANT = RestaurantId.of(new UUID(0xAL, 1));
    static final ZoneId MAIN = ZoneId.of(new UUID(0xBL, 1));
    static final ZoneId TERRACE = ZoneId.of(new UUID(0xBL, 2));

    static final TableId A = tableId(1);
    static final TableId B = tableId(2);
    static final TableId C = tableId(3);
    static final TableId D = tableId(4);
    static final TableId E = tableId(5);
    static final TableId F = tableId(6);
    static final TableId G = tableId(7);
    static final TableId H = tableId(8);
    static final TableId X = tableId(9);
    static final TableId Y = tableId(10);
    static final TableId Z = tableId(11);
    static final TableId UNKNOWN_1 = TableId.of(new UUID(0xDEADL, 1));
    static final TableId UNKNOWN_2 = TableId.of(new UUID(0xDEADL, 2));

    static final FloorPlan PLAN = new FloorPlan(RESTAURANT, 7,
            List.of(new Zone(MAIN, RESTAURANT, "Main", 0), new Zone(TERRACE, RESTAURANT, "Terrace", 1)),
            List.of(
                    table(A, MAIN, "A1", 2, 1, 2, true, true),
                    table(B, MAIN, "B1", 4, 2, 3, true, true),
                    table(C, MAIN, "C1", 4, 1, 4, true, true),
                    table(D, MAIN, "D1", 2, 1, 2, true, true),
                    table(E, MAIN, "E1", 6, 3, 6, false, true),
                    table(F, MAIN, "F1", 4, 1, 4, true, false),
                    table(G, TERRACE, "G1", 4, 1, 4, true, true),
                    table(H, MAIN, "H1", 8, 2, null, true, true),
                    table(X, MAIN, "X1", 2, 1, 2, true, true),
                    table(Y, MAIN, "Y1", 2, 1, 2, true, true),
                    table(Z, MAIN, "Z1", 2, 1, 2, true, true)),
            Set.of(Adjacency.of(A, B), Adjacency.of(B, C), Adjacency.of(C, G), Adjacency.of(D, H), Adjacency.of(E, H),
                    Adjacency.of(X, Y), Adjacency.of(Y, Z), Adjacency.of(X, Z)));

    static final int BUDGET = 4;
    static final int WARN_ABOVE = 2;
    static final SlackOverride OVERRIDE = new SlackOverride("regulars, the owner's friends", "maria");

    static final TimeWindow WINDOW = TimeWindow.of(Instant.parse("2030-01-01T18:00:00Z"),
            Instant.parse("2030-01-01T20:00:00Z"));
    static final Instant HOLD_EXPIRES = Instant.parse("2030-01-01T17:05:00Z");
    static final BookingId OTHER_BOOKING = BookingId.of(new UUID(0xCL, 1));
    static final BookingId THIRD_BOOKING = BookingId.of(new UUID(0xCL, 2));
    static final HoldId OTHER_HOLD = HoldId.of(new UUID(0xEL, 1));

    static TableId tableId(int n) {
        return TableId.of(new UUID(0x7AL, n));
    }

    static DiningTable table(TableId id, ZoneId zone, String label, int capacity, int min, Integer max, boolean movable,
            boolean active) {
        return new DiningTable(id, RESTAURANT, zone, label, capacity, min, max, movable, active);
    }

    static Blocker booking(int allocation, TableId table, BookingId booking) {
        return new Blocker(AllocationKind.BOOKING, allocationId(allocation), table, WINDOW, booking, null, null);
    }

    static Blocker maintenance(int allocation, TableId table) {
        return new Blocker(AllocationKind.MAINTENANCE, allocationId(allocation), table, WINDOW, null, null, null);
    }

    static Blocker hold(int allocation, TableId table) {
        return new Blocker(AllocationKind.HOLD, allocationId(allocation), table, WINDOW, OTHER_BOOKING, OTHER_HOLD,
                HOLD_EXPIRES);
    }

    static AllocationId allocationId(int n) {
        return AllocationId.of(new UUID(0xA11L, n));
    }

    /** Runs the checks with the default options, budget and threshold. */
    static List<Violation> check(Integer party, TableId... tables) {
        return AssignmentRules.check(PLAN, List.of(tables), party, ValidationOptions.defaults(), BUDGET, WARN_ABOVE,
                List.of());
    }

    static List<Finding> findings(List<Violation> checks) {
        return checks.stream().map(v -> new Finding(v.severity(), v.code())).toList();
    }

    /** The code and severity of one expected finding. */
    record Finding(Severity severity, ErrorCode code) {
        @Override
        public String toString() {
            return severity + " " + code;
        }
    }

    static Finding err(ErrorCode code) {
        return new Finding(Severity.ERROR, code);
    }

    static Finding warn(ErrorCode code) {
        return new Finding(Severity.WARNING, code);
    }

    /** One row of the table: a named selection with its inputs. */
    record Case(String name, List<TableId> tables, Integer party, ValidationOptions options, int budget,
            int warnAbove, List<Blocker> blockers) {

        static Case of(String name, TableId... tables) {
            return new Case(name, List.of(tables), null, ValidationOptions.defaults(), BUDGET, WARN_ABOVE, List.of());
        }

        Case party(Integer p) {
            return new Case(name, tables, p, options, budget, warnAbove, blockers);
        }

        Case mode(AdjacencyMode mode) {
            return new Case(name, tables, party, options.withAdjacency(mode), budget, warnAbove, blockers);
        }

        Case overridden() {
            return new Case(name, tables, party, options.withSlackOverride(OVERRIDE), budget, warnAbove, blockers);
        }

        Case budget(int b) {
            return new Case(name, tables, party, options, b, warnAbove, blockers);
        }

        Case warnAbove(int w) {
            return new Case(name, tables, party, options, budget, w, blockers);
        }

        /** Budget and threshold so high that no slack finding can appear. */
        Case anySlack() {
            return budget(40).warnAbove(40);
        }

        Case blockedBy(Blocker... b) {
            return new Case(name, tables, party, options, budget, warnAbove, List.of(b));
        }

        Arguments expect(Finding... expected) {
            return Arguments.of(this, List.of(expected));
        }

        List<Violation> run() {
            return AssignmentRules.check(PLAN, tables, party, options, budget, warnAbove, blockers);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @Nested
    @DisplayName("check, over a table of selections covering every rule and boundary,")
    class Table {

        static Stream<Arguments> cases() {
            return Stream.of(
                    // TABLE_NOT_FOUND
                    Case.of("an unknown table alone is TABLE_NOT_FOUND and nothing else", UNKNOWN_1).party(2)
                            .expect(err(ErrorCode.TABLE_NOT_FOUND)),
                    Case.of("two unknown tables give one TABLE_NOT_FOUND each; seat checks are skipped although 2 seats"
                            + " cannot hold 20", A, UNKNOWN_1, UNKNOWN_2).party(20)
                            .expect(err(ErrorCode.TABLE_NOT_FOUND), err(ErrorCode.TABLE_NOT_FOUND)),
                    Case.of("an unknown table next to a small known one skips the slack check too", H, UNKNOWN_1)
                            .party(1).mode(AdjacencyMode.OFF)
                            .expect(err(ErrorCode.TABLE_NOT_FOUND)),
                    // TABLE_INACTIVE
                    Case.of("an inactive table is TABLE_INACTIVE", F).party(4)
                            .expect(err(ErrorCode.TABLE_INACTIVE)),
                    Case.of("an inactive table still counts its seats", F).party(5)
                            .expect(err(ErrorCode.TABLE_INACTIVE), err(ErrorCode.CAPACITY_INSUFFICIENT),
                                    err(ErrorCode.PARTY_SIZE_OUT_OF_RANGE)),
                    // CAPACITY_INSUFFICIENT
                    Case.of("seats equal to the party pass (A1+B1 seat 6, party 6)", A, B).party(6)
                            .expect(),
                    Case.of("seats one short of the party fail with CAPACITY_INSUFFICIENT (party 7)", A, B).party(7)
                            .expect(err(ErrorCode.CAPACITY_INSUFFICIENT)),
                    Case.of("a single table without maximum, one seat short, fails on seats only", H)
                            .party(9)
                            .expect(err(ErrorCode.CAPACITY_INSUFFICIENT)),
                    // slack budget
                    Case.of("slack equal to the budget passes, with SLACK_HIGH as it is above the threshold", H)
                            .party(4)
                            .expect(warn(ErrorCode.SLACK_HIGH)),
                    Case.of("slack of budget + 1 is a SLACK_BUDGET_EXCEEDED error and no SLACK_HIGH", H).party(3)
                            .expect(err(ErrorCode.SLACK_BUDGET_EXCEEDED)),
                    Case.of("slack between the threshold and the budget is a SLACK_HIGH warning", H).party(5)
                            .expect(warn(ErrorCode.SLACK_HIGH)),
                    Case.of("slack equal to the threshold gives no warning", H).party(6)
                            .expect(),
                    Case.of("a budget of 0 passes an exact fit", H).party(8).budget(0)
                            .expect(),
                    Case.of("a budget of 0 rejects a single empty seat", H).party(7).budget(0)
                            .expect(err(ErrorCode.SLACK_BUDGET_EXCEEDED)),
                    Case.of("a budget of 0 with a threshold of 0 warns about nothing on an exact fit", H).party(8)
                            .budget(0).warnAbove(0)
                            .expect(),
                    Case.of("a threshold at or above the budget never warns", H).party(4).warnAbove(4)
                            .expect(),
                    Case.of("an override turns the slack error into a SLACK_BUDGET_EXCEEDED warning", H).party(3)
                            .overridden()
                            .expect(warn(ErrorCode.SLACK_BUDGET_EXCEEDED)),
                    Case.of("an override does not excuse too few seats", H).party(9).overridden()
                            .expect(err(ErrorCode.CAPACITY_INSUFFICIENT)),
                    Case.of("an override within the budget changes nothing: still SLACK_HIGH", H).party(4).overridden()
                            .expect(warn(ErrorCode.SLACK_HIGH)),
                    // ZONE_MISMATCH
                    Case.of("adjacent tables of two zones are a ZONE_MISMATCH", C, G).party(8)
                            .expect(err(ErrorCode.ZONE_MISMATCH)),
                    Case.of("a ZONE_MISMATCH does not depend on the adjacency mode", C, G).party(8)
                            .mode(AdjacencyMode.OFF)
                            .expect(err(ErrorCode.ZONE_MISMATCH)),
                    // TABLE_NOT_MOVABLE
                    Case.of("a single table that is not movable is fine", E).party(4)
                            .expect(),
                    Case.of("a table that is not movable cannot be merged: TABLE_NOT_MOVABLE for it only", E, H)
                            .party(14)
                            .expect(err(ErrorCode.TABLE_NOT_MOVABLE)),
                    // ADJACENCY_MISMATCH
                    Case.of("CONNECTED: a chain A1–B1–C1 passes although A1 and C1 do not touch", A, B, C).party(10)
                            .expect(),
                    Case.of("CONNECTED: the chain passes in any selection order", C, A, B).party(10)
                            .expect(),
                    Case.of("CONNECTED: a triangle passes", X, Y, Z).party(6)
                            .expect(),
                    Case.of("CONNECTED: two tables that do not touch are an ADJACENCY_MISMATCH", A, D).party(4)
                            .expect(err(ErrorCode.ADJACENCY_MISMATCH)),
                    Case.of("CONNECTED: two separate pairs are one ADJACENCY_MISMATCH", A, B, D, H).party(16)
                            .expect(err(ErrorCode.ADJACENCY_MISMATCH)),
                    Case.of("PAIRWISE: the chain fails, A1 and C1 do not touch", A, B, C).party(10)
                            .mode(AdjacencyMode.PAIRWISE)
                            .expect(err(ErrorCode.ADJACENCY_MISMATCH)),
                    Case.of("PAIRWISE: a triangle passes", X, Y, Z).party(6).mode(AdjacencyMode.PAIRWISE)
                            .expect(),
                    Case.of("PAIRWISE: a single adjacent pair passes", A, B).party(6).mode(AdjacencyMode.PAIRWISE)
                            .expect(),
                    Case.of("OFF: tables that do not touch pass", A, D).party(4).mode(AdjacencyMode.OFF)
                            .expect(),
                    Case.of("OFF: two separate pairs pass", A, B, D, H).party(16).mode(AdjacencyMode.OFF)
                            .expect(),
                    // PARTY_SIZE_OUT_OF_RANGE
                    Case.of("a party below a single table's minimum is PARTY_SIZE_OUT_OF_RANGE", B).party(1).anySlack()
                            .expect(err(ErrorCode.PARTY_SIZE_OUT_OF_RANGE)),
                    Case.of("a party equal to a single table's minimum passes", B).party(2).anySlack()
                            .expect(),
                    Case.of("a party equal to a single table's maximum passes", B).party(3).anySlack()
                            .expect(),
                    Case.of("a party above a single table's maximum is out of range even with seats to spare", B)
                            .party(4).anySlack()
                            .expect(err(ErrorCode.PARTY_SIZE_OUT_OF_RANGE)),
                    Case.of("a table without maximum takes a party as large as its seats", H).party(8)
                            .expect(),
                    Case.of("a table without maximum still has its minimum", H).party(1).anySlack()
                            .expect(err(ErrorCode.PARTY_SIZE_OUT_OF_RANGE)),
                    Case.of("merged tables ignore their minimums (B1 alone needs 2)", A, B).party(1).anySlack()
                            .expect(),
                    Case.of("merged tables ignore their maximums (A1 takes 2, B1 takes 3)", A, B).party(6)
                            .expect(),
                    // unknown party size
                    Case.of("no party size: no seat, slack or range check on a single table", H)
                            .expect(),
                    Case.of("no party size: no range check below a minimum table", E)
                            .expect(),
                    Case.of("no party size: merge checks still run", E, H)
                            .expect(err(ErrorCode.TABLE_NOT_MOVABLE)),
                    Case.of("no party size: existence checks still run", A, UNKNOWN_1)
                            .expect(err(ErrorCode.TABLE_NOT_FOUND)),
                    // conflicts
                    Case.of("one conflict per blocker, bookings then maintenance then holds", A).party(2)
                            .blockedBy(hold(1, A), maintenance(2, A), booking(3, A, OTHER_BOOKING),
                                    booking(4, A, THIRD_BOOKING))
                            .expect(err(ErrorCode.BOOKING_CONFLICT), err(ErrorCode.BOOKING_CONFLICT),
                                    err(ErrorCode.TABLE_OUT_OF_SERVICE), err(ErrorCode.HOLD_CONFLICT)),
                    Case.of("a maintenance block alone is TABLE_OUT_OF_SERVICE", A).party(2)
                            .blockedBy(maintenance(1, A))
                            .expect(err(ErrorCode.TABLE_OUT_OF_SERVICE)),
                    // everything at once
                    Case.of("a selection breaking five rules and blocked once yields six findings in check order",
                            A, UNKNOWN_1, F, G, E).party(2)
                            .blockedBy(booking(1, A, OTHER_BOOKING))
                            .expect(err(ErrorCode.TABLE_NOT_FOUND), err(ErrorCode.TABLE_INACTIVE),
                                    err(ErrorCode.ZONE_MISMATCH), err(ErrorCode.TABLE_NOT_MOVABLE),
                                    err(ErrorCode.ADJACENCY_MISMATCH), err(ErrorCode.BOOKING_CONFLICT)),
                    Case.of("a known selection breaking every merge rule reports seats as well, in check order",
                            F, G, E).party(30)
                            .blockedBy(hold(1, G), booking(2, E, OTHER_BOOKING))
                            .expect(err(ErrorCode.TABLE_INACTIVE), err(ErrorCode.CAPACITY_INSUFFICIENT),
                                    err(ErrorCode.ZONE_MISMATCH), err(ErrorCode.TABLE_NOT_MOVABLE),
                                    err(ErrorCode.ADJACENCY_MISMATCH), err(ErrorCode.BOOKING_CONFLICT),
                                    err(ErrorCode.HOLD_CONFLICT)),
                    Case.of("slack and single-table range are reported together", E).party(1).overridden()
                            .expect(warn(ErrorCode.SLACK_BUDGET_EXCEEDED), err(ErrorCode.PARTY_SIZE_OUT_OF_RANGE)));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("cases")
        @DisplayName("finds exactly the expected codes and severities, in order")
        void findsExactly(Case c, List<Finding> expected) {
            assertThat(findings(c.run())).containsExactlyElementsOf(expected);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("cases")
        @DisplayName("is ok exactly when no expected finding is an error")
        void okIffNoError(Case c, List<Finding> expected) {
            boolean anyError = expected.stream().anyMatch(f -> f.severity() == Severity.ERROR);
            assertThat(ValidationResult.of(c.run()).ok()).isEqualTo(!anyError);
        }
    }

    @Nested
    @DisplayName("TABLE_NOT_FOUND")
    class NotFound {

        @Test
        @DisplayName("names each unknown table in its details and message, in selection order")
        void namesEachTable() {
            List<Violation> checks = check(4, UNKNOWN_2, A, UNKNOWN_1);
            assertThat(checks).hasSize(2);
            assertThat(checks).allSatisfy(v -> assertThat(v.isError()).isTrue());
            assertThat(checks).extracting(v -> v.details().get("tableId"))
                    .containsExactly(UNKNOWN_2.toString(), UNKNOWN_1.toString());
            assertThat(checks.get(0).message()).contains(UNKNOWN_2.toString());
        }

        @Test
        @DisplayName("a table of another restaurant's plan is unknown here")
        void otherRestaurant() {
            FloorPlan other = new FloorPlan(RestaurantId.of(new UUID(0xAL, 2)), 0, List.of(), List.of(), Set.of());
            List<Violation> checks = AssignmentRules.check(other, List.of(A), 2, ValidationOptions.defaults(), BUDGET,
                    WARN_ABOVE, List.of());
            assertThat(findings(checks)).containsExactly(err(ErrorCode.TABLE_NOT_FOUND));
        }
    }

    @Nested
    @DisplayName("TABLE_INACTIVE")
    class Inactive {

        @Test
        @DisplayName("names the table by id and label")
        void namesTable() {
            Violation v = check(4, F).get(0);
            assertThat(v.code()).isEqualTo(ErrorCode.TABLE_INACTIVE);
            assertThat(v.details()).containsEntry("tableId", F.toString()).containsEntry("label", "F1");
            assertThat(v.message()).contains("F1");
        }
    }

    @Nested
    @DisplayName("CAPACITY_INSUFFICIENT")
    class Capacity {

        @Test
        @DisplayName("reports seats, party size and missing seats")
        void details() {
            Violation v = check(7, A, B).get(0);
            assertThat(v.code()).isEqualTo(ErrorCode.CAPACITY_INSUFFICIENT);
            assertThat(v.severity()).isEqualTo(Severity.ERROR);
            assertThat(v.details()).containsEntry("seats", 6).containsEntry("partySize", 7)
                    .containsEntry("missingSeats", 1);
        }
    }

    @Nested
    @DisplayName("the slack budget")
    class Slack {

        @Test
        @DisplayName("an exceeded budget is an error with seats, party size, slack and budget, and no override fields")
        void exceeded() {
            Violation v = check(3, H).get(0);
            assertThat(v.code()).isEqualTo(ErrorCode.SLACK_BUDGET_EXCEEDED);
            assertThat(v.severity()).isEqualTo(Severity.ERROR);
            assertThat(v.details()).isEqualTo(Map.of("seats", 8, "partySize", 3, "slack", 5, "budget", 4));
            assertThat(v.details().keySet()).containsExactly("seats", "partySize", "slack", "budget");
            assertThat(v.details()).doesNotContainKeys("overrideReason", "overrideActor");
            assertThat(ValidationResult.of(List.of(v)).ok()).isFalse();
        }

        @Test
        @DisplayName("under an override the same selection is a warning carrying the reason and actor, and stays ok")
        void overridden() {
            List<Violation> checks = AssignmentRules.check(PLAN, List.of(H), 3,
                    ValidationOptions.defaults().withSlackOverride(OVERRIDE), BUDGET, WARN_ABOVE, List.of());
            assertThat(checks).hasSize(1);
            Violation v = checks.get(0);
            assertThat(v.code()).isEqualTo(ErrorCode.SLACK_BUDGET_EXCEEDED);
            assertThat(v.severity()).isEqualTo(Severity.WARNING);
            assertThat(v.details())
                    .containsEntry("slack", 5)
                    .containsEntry("budget", 4)
                    .containsEntry("overrideReason", "regulars, the owner's friends")
                    .containsEntry("overrideActor", "maria");
            assertThat(v.message()).contains("maria").contains("regulars, the owner's friends");
            ValidationResult result = ValidationResult.of(checks);
            assertThat(result.ok()).isTrue();
            assertThat(result.errors()).isEmpty();
            assertThat(AssignmentRules.rejection(checks, List.of(), false)).isEmpty();
        }

        @Test
        @DisplayName("SLACK_HIGH carries the threshold besides slack and budget")
        void high() {
            Violation v = check(5, H).get(0);
            assertThat(v.code()).isEqualTo(ErrorCode.SLACK_HIGH);
            assertThat(v.severity()).isEqualTo(Severity.WARNING);
            assertThat(v.details()).containsEntry("slack", 3).containsEntry("budget", 4).containsEntry("warnAbove", 2);
        }

        @Test
        @DisplayName("slack is the seats of all merged tables minus the party")
        void mergedSlack() {
            List<Violation> checks = check(5, A, B, C);
            assertThat(checks).singleElement().satisfies(v -> {
                assertThat(v.code()).isEqualTo(ErrorCode.SLACK_BUDGET_EXCEEDED);
                assertThat(v.details()).containsEntry("seats", 10).containsEntry("slack", 5);
            });
        }
    }

    @Nested
    @DisplayName("ZONE_MISMATCH")
    class Zones {

        @Test
        @DisplayName("names the zones and the tables of each, even when an adjacency edge joins the tables")
        void namesZones() {
            assertThat(PLAN.adjacent(C, G)).as("C1 and G1 are neighbours across the zones").isTrue();
            List<Violation> checks = check(8, C, G);
            assertThat(checks).singleElement().satisfies(v -> {
                assertThat(v.code()).isEqualTo(ErrorCode.ZONE_MISMATCH);
                assertThat(v.details().get("zoneIds")).isEqualTo(List.of(MAIN.toString(), TERRACE.toString()));
                assertThat(v.details().get("tablesByZone")).isEqualTo(Map.of(
                        MAIN.toString(), List.of(C.toString()), TERRACE.toString(), List.of(G.toString())));
                assertThat(v.message()).contains("2 different zones");
            });
        }

        @Test
        @DisplayName("is reported once however many tables are in the other zone")
        void once() {
            List<Violation> checks = AssignmentRules.check(PLAN, List.of(A, G, B, H), null,
                    ValidationOptions.defaults().withAdjacency(AdjacencyMode.OFF), BUDGET, WARN_ABOVE, List.of());
            assertThat(findings(checks)).containsExactly(err(ErrorCode.ZONE_MISMATCH));
            assertThat(checks.get(0).details().get("tablesByZone")).isEqualTo(Map.of(
                    MAIN.toString(), List.of(A.toString(), B.toString(), H.toString()),
                    TERRACE.toString(), List.of(G.toString())));
        }
    }

    @Nested
    @DisplayName("TABLE_NOT_MOVABLE")
    class NotMovable {

        @Test
        @DisplayName("names the fixed table of a merge, not its movable partner")
        void namesFixedTable() {
            List<Violation> checks = check(14, E, H);
            assertThat(checks).singleElement().satisfies(v -> {
                assertThat(v.code()).isEqualTo(ErrorCode.TABLE_NOT_MOVABLE);
                assertThat(v.details()).containsEntry("tableId", E.toString()).containsEntry("label", "E1");
            });
        }
    }

    @Nested
    @DisplayName("ADJACENCY_MISMATCH")
    class AdjacencyChecks {

        @Test
        @DisplayName("in CONNECTED mode names both separate groups, in selection order")
        void connectedNamesParts() {
            List<Violation> checks = check(16, A, B, D, H);
            assertThat(checks).singleElement().satisfies(v -> {
                assertThat(v.code()).isEqualTo(ErrorCode.ADJACENCY_MISMATCH);
                assertThat(v.details()).containsEntry("mode", "CONNECTED");
                assertThat(v.details().get("parts")).isEqualTo(List.of(
                        List.of(A.toString(), B.toString()), List.of(D.toString(), H.toString())));
                assertThat(v.message()).contains("2 separate groups").contains("A1+B1").contains("D1+H1");
            });
        }

        @Test
        @DisplayName("in CONNECTED mode a table touching nothing selected is its own group")
        void loneTable() {
            List<Violation> checks = check(null, A, B, D);
            assertThat(checks).singleElement()
                    .satisfies(v -> assertThat(v.details().get("parts")).isEqualTo(List.of(
                            List.of(A.toString(), B.toString()), List.of(D.toString()))));
        }

        @Test
        @DisplayName("in PAIRWISE mode names exactly the missing pair of a chain")
        void pairwiseNamesMissingPair() {
            List<Violation> checks = AssignmentRules.check(PLAN, List.of(A, B, C), 10,
                    ValidationOptions.defaults().withAdjacency(AdjacencyMode.PAIRWISE), BUDGET, WARN_ABOVE, List.of());
            assertThat(checks).singleElement().satisfies(v -> {
                assertThat(v.code()).isEqualTo(ErrorCode.ADJACENCY_MISMATCH);
                assertThat(v.details()).containsEntry("mode", "PAIRWISE");
                assertThat(v.details().get("pairs")).isEqualTo(List.of(List.of(A.toString(), C.toString())));
                assertThat(v.message()).startsWith("1 pair(s)");
            });
        }

        @Test
        @DisplayName("only considers found tables: an unknown table does not make the rest disconnected")
        void ignoresUnknown() {
            assertThat(findings(check(null, A, UNKNOWN_1, B))).containsExactly(err(ErrorCode.TABLE_NOT_FOUND));
        }
    }

    @Nested
    @DisplayName("PARTY_SIZE_OUT_OF_RANGE")
    class PartyRange {

        @Test
        @DisplayName("reports the table, its range and the party")
        void details() {
            List<Violation> checks = AssignmentRules.check(PLAN, List.of(B), 4, ValidationOptions.defaults(), 40, 40,
                    List.of());
            assertThat(checks).singleElement().satisfies(v -> {
                assertThat(v.code()).isEqualTo(ErrorCode.PARTY_SIZE_OUT_OF_RANGE);
                assertThat(v.details()).containsEntry("tableId", B.toString()).containsEntry("label", "B1")
                        .containsEntry("minPartySize", 2).containsEntry("maxPartySize", 3)
                        .containsEntry("partySize", 4);
                assertThat(v.message()).contains("2 to 3");
            });
        }

        @Test
        @DisplayName("for a table without maximum states only the minimum")
        void unlimited() {
            List<Violation> checks = AssignmentRules.check(PLAN, List.of(H), 1, ValidationOptions.defaults(), 40, 40,
                    List.of());
            assertThat(checks).singleElement().satisfies(v -> {
                assertThat(v.details()).containsEntry("minPartySize", 2).doesNotContainKey("maxPartySize");
                assertThat(v.message()).contains("at least 2");
            });
        }

        @Test
        @DisplayName("is not checked when the single table is unknown")
        void unknownSingle() {
            assertThat(findings(check(100, UNKNOWN_1))).containsExactly(err(ErrorCode.TABLE_NOT_FOUND));
        }
    }

    @Nested
    @DisplayName("conflicts")
    class Conflicts {

        @Test
        @DisplayName("give one finding per blocker with the blocker's ids in the details")
        void oneFindingPerBlockerWithIds() {
            Blocker heldA = hold(1, A);
            Blocker bookedB = booking(2, B, OTHER_BOOKING);
            Blocker maintainedA = maintenance(3, A);
            List<Violation> checks = AssignmentRules.check(PLAN, List.of(A, B), 6, ValidationOptions.defaults(),
                    BUDGET, WARN_ABOVE, List.of(heldA, bookedB, maintainedA));
            assertThat(findings(checks)).containsExactly(err(ErrorCode.BOOKING_CONFLICT),
                    err(ErrorCode.TABLE_OUT_OF_SERVICE), err(ErrorCode.HOLD_CONFLICT));

            assertThat(checks.get(0).details()).containsEntry("tableId", B.toString())
                    .containsEntry("allocationId", allocationId(2).toString())
                    .containsEntry("bookingId", OTHER_BOOKING.toString())
                    .containsEntry("start", WINDOW.start().toString())
                    .containsEntry("end", WINDOW.end().toString());
            assertThat(checks.get(0).message()).contains("B1").contains(OTHER_BOOKING.toString());

            assertThat(checks.get(1).details()).containsEntry("tableId", A.toString())
                    .containsEntry("allocationId", allocationId(3).toString())
                    .doesNotContainKeys("bookingId", "holdId");

            assertThat(checks.get(2).details()).containsEntry("tableId", A.toString())
                    .containsEntry("allocationId", allocationId(1).toString())
                    .containsEntry("bookingId", OTHER_BOOKING.toString())
                    .containsEntry("holdId", OTHER_HOLD.toString())
                    .containsEntry("holdExpiresAt", HOLD_EXPIRES.toString());
        }

        @Test
        @DisplayName("keep the caller's order among blockers of the same kind")
        void stableWithinKind() {
            List<Violation> checks = AssignmentRules.check(PLAN, List.of(A, B), 6, ValidationOptions.defaults(),
                    BUDGET, WARN_ABOVE, List.of(booking(2, B, THIRD_BOOKING), booking(1, A, OTHER_BOOKING)));
            assertThat(checks).extracting(v -> v.details().get("bookingId"))
                    .containsExactly(THIRD_BOOKING.toString(), OTHER_BOOKING.toString());
        }
    }

    @Nested
    @DisplayName("requireWellFormed")
    class WellFormed {

        @Test
        @DisplayName("rejects an empty selection with TABLES_REQUIRED (400) on field tableIds")
        void empty() {
            assertThatThrownBy(() -> AssignmentRules.requireWellFormed(List.of(), 2))
                    .isInstanceOfSatisfying(InvalidRequest.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.TABLES_REQUIRED);
                        assertThat(e.field()).isEqualTo("tableIds");
                        assertThat(e.httpStatus()).isEqualTo(400);
                    });
        }

        @Test
        @DisplayName("rejects a repeated table with DUPLICATE_TABLE_IDS naming it")
        void duplicate() {
            assertThatThrownBy(() -> AssignmentRules.requireWellFormed(List.of(A, B, A), 2))
                    .isInstanceOfSatisfying(InvalidRequest.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.DUPLICATE_TABLE_IDS);
                        assertThat(e.field()).isEqualTo("tableIds");
                        assertThat(e.getMessage()).contains(A.toString());
                    });
        }

        @ParameterizedTest(name = "party size {0}")
        @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
        @DisplayName("rejects a party size below 1 with INVALID_PARTY_SIZE on field partySize")
        void partySize(int party) {
            assertThatThrownBy(() -> AssignmentRules.requireWellFormed(List.of(A), party))
                    .isInstanceOfSatisfying(InvalidRequest.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARTY_SIZE);
                        assertThat(e.field()).isEqualTo("partySize");
                        assertThat(e.getMessage()).contains(String.valueOf(party));
                    });
        }

        @Test
        @DisplayName("checks the selection before the party size")
        void selectionFirst() {
            assertThatThrownBy(() -> AssignmentRules.requireWellFormed(List.of(A, A), 0))
                    .isInstanceOfSatisfying(InvalidRequest.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.DUPLICATE_TABLE_IDS));
            assertThatThrownBy(() -> AssignmentRules.requireWellFormed(List.of(), 0))
                    .isInstanceOfSatisfying(InvalidRequest.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.TABLES_REQUIRED));
        }

        @Test
        @DisplayName("accepts an unknown (null) party size, a party of 1, and unknown table ids")
        void accepts() {
            assertThatCode(() -> AssignmentRules.requireWellFormed(List.of(A, B), null)).doesNotThrowAnyException();
            assertThatCode(() -> AssignmentRules.requireWellFormed(List.of(A), 1)).doesNotThrowAnyException();
            assertThatCode(() -> AssignmentRules.requireWellFormed(List.of(UNKNOWN_1), 40))
                    .doesNotThrowAnyException();
        }
    }

    @Nested
    @DisplayName("rejection")
    class Rejection {

        @Test
        @DisplayName("is empty without findings, and with warnings only, whether placing a hold or not")
        void noError() {
            assertThat(AssignmentRules.rejection(List.of(), List.of(), false)).isEmpty();
            List<Violation> warnings = check(5, H);
            assertThat(warnings).isNotEmpty();
            assertThat(AssignmentRules.rejection(warnings, List.of(), false)).isEmpty();
            assertThat(AssignmentRules.rejection(warnings, List.of(), true)).isEmpty();
        }

        @Test
        @DisplayName("a broken rule gives AssignmentRejected (422) carrying every finding, coded by the first rule"
                + " error, even when conflicts come first or a hold is being placed")
        void ruleError() {
            List<Blocker> blockers = List.of(booking(1, F, OTHER_BOOKING), hold(2, G));
            List<Violation> checks = AssignmentRules.check(PLAN, List.of(F, G, E), 30, ValidationOptions.defaults(),
                    BUDGET, WARN_ABOVE, blockers);
            for (boolean placingHold : new boolean[] {false, true}) {
                Optional<CapacityError> rejection = AssignmentRules.rejection(checks, blockers, placingHold);
                assertThat(rejection).get().isInstanceOfSatisfying(AssignmentRejected.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TABLE_INACTIVE);
                    assertThat(e.httpStatus()).isEqualTo(422);
                    assertThat(e.violations()).containsExactlyElementsOf(checks);
                });
            }
        }

        @Test
        @DisplayName("the code is the first rule error, skipping earlier warnings")
        void firstRuleErrorAfterWarning() {
            List<Violation> checks = AssignmentRules.check(PLAN, List.of(E), 1,
                    ValidationOptions.defaults().withSlackOverride(OVERRIDE), BUDGET, WARN_ABOVE, List.of());
            assertThat(findings(checks)).containsExactly(warn(ErrorCode.SLACK_BUDGET_EXCEEDED),
                    err(ErrorCode.PARTY_SIZE_OUT_OF_RANGE));
            assertThat(AssignmentRules.rejection(checks, List.of(), false)).get()
                    .extracting(CapacityError::code).isEqualTo(ErrorCode.PARTY_SIZE_OUT_OF_RANGE);
        }

        @Test
        @DisplayName("only conflicts while placing a hold give HoldConflict, whatever is in the way")
        void placingHold() {
            List<Blocker> blockers = List.of(booking(1, A, OTHER_BOOKING), maintenance(2, B));
            List<Violation> checks = conflictsOnly(blockers);
            assertThat(AssignmentRules.rejection(checks, blockers, true)).get()
                    .isInstanceOfSatisfying(HoldConflict.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(409);
                        assertThat(e.blockers()).containsExactlyElementsOf(blockers);
                        assertThat(e.violations()).containsExactlyElementsOf(checks);
                    });
        }

        @Test
        @DisplayName("only conflicts otherwise give BookingConflict when any booking is in the way")
        void bookingInTheWay() {
            List<Blocker> blockers = List.of(hold(1, A), maintenance(2, B), booking(3, B, OTHER_BOOKING));
            List<Violation> checks = conflictsOnly(blockers);
            assertThat(AssignmentRules.rejection(checks, blockers, false)).get()
                    .isInstanceOfSatisfying(BookingConflict.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.BOOKING_CONFLICT);
                        assertThat(e.httpStatus()).isEqualTo(409);
                        assertThat(e.blockers()).containsExactlyElementsOf(blockers);
                        assertThat(e.violations()).containsExactlyElementsOf(checks);
                    });
        }

        @Test
        @DisplayName("only conflicts otherwise give HoldConflict when holds but no booking are in the way")
        void holdInTheWay() {
            List<Blocker> blockers = List.of(maintenance(1, B), hold(2, A));
            assertThat(AssignmentRules.rejection(conflictsOnly(blockers), blockers, false)).get()
                    .isInstanceOf(HoldConflict.class)
                    .extracting(CapacityError::code).isEqualTo(ErrorCode.HOLD_CONFLICT);
        }

        @Test
        @DisplayName("only conflicts otherwise give TableOutOfService when only maintenance is in the way")
        void maintenanceOnly() {
            List<Blocker> blockers = List.of(maintenance(1, B), maintenance(2, A));
            assertThat(AssignmentRules.rejection(conflictsOnly(blockers), blockers, false)).get()
                    .isInstanceOf(TableOutOfService.class)
                    .extracting(CapacityError::code).isEqualTo(ErrorCode.TABLE_OUT_OF_SERVICE);
        }

        @Test
        @DisplayName("conflicts next to warnings are still a conflict, not a rejection")
        void conflictsAndWarnings() {
            List<Blocker> blockers = List.of(booking(1, H, OTHER_BOOKING));
            List<Violation> checks = AssignmentRules.check(PLAN, List.of(H), 5, ValidationOptions.defaults(), BUDGET,
                    WARN_ABOVE, blockers);
            assertThat(findings(checks)).containsExactly(warn(ErrorCode.SLACK_HIGH), err(ErrorCode.BOOKING_CONFLICT));
            assertThat(AssignmentRules.rejection(checks, blockers, false)).get().isInstanceOf(BookingConflict.class);
        }

        private List<Violation> conflictsOnly(List<Blocker> blockers) {
            List<Violation> checks = AssignmentRules.check(PLAN, List.of(A, B), 6, ValidationOptions.defaults(),
                    BUDGET, WARN_ABOVE, blockers);
            assertThat(checks).hasSize(blockers.size()).allSatisfy(v -> assertThat(v.code().isConflict()).isTrue());
            return checks;
        }
    }

    @Nested
    @DisplayName("ValidationResult.of")
    class Result {

        private final Violation slackHigh = Violation.warning(ErrorCode.SLACK_HIGH, "3 seats empty.", Map.of());
        private final Violation overridden = Violation.warning(ErrorCode.SLACK_BUDGET_EXCEEDED, "5 seats empty.",
                Map.of());
        private final Violation zones = Violation.error(ErrorCode.ZONE_MISMATCH, "Two zones.", Map.of());
        private final Violation booked = Violation.error(ErrorCode.BOOKING_CONFLICT, "A1 is booked.", Map.of());

        @Test
        @DisplayName("of nothing is ok with summary \"OK\"")
        void nothing() {
            ValidationResult r = ValidationResult.of(List.of());
            assertThat(r.ok()).isTrue();
            assertThat(r.summary()).isEqualTo("OK");
            assertThat(r.checks()).isEmpty();
            assertThat(r.errors()).isEmpty();
        }

        @Test
        @DisplayName("of one warning is ok and says \"OK with 1 warning\" followed by it")
        void oneWarning() {
            ValidationResult r = ValidationResult.of(List.of(slackHigh));
            assertThat(r.ok()).isTrue();
            assertThat(r.summary()).isEqualTo("OK with 1 warning: 3 seats empty.");
        }

        @Test
        @DisplayName("of two warnings is ok and says \"OK with 2 warnings\" followed by both")
        void twoWarnings() {
            ValidationResult r = ValidationResult.of(List.of(slackHigh, overridden));
            assertThat(r.ok()).isTrue();
            assertThat(r.summary()).isEqualTo("OK with 2 warnings: 3 seats empty. 5 seats empty.");
        }

        @Test
        @DisplayName("of one error is not ok and its summary is that error's message, warnings left out")
        void oneError() {
            ValidationResult r = ValidationResult.of(List.of(slackHigh, zones));
            assertThat(r.ok()).isFalse();
            assertThat(r.summary()).isEqualTo("Two zones.");
            assertThat(r.errors()).containsExactly(zones);
            assertThat(r.checks()).containsExactly(slackHigh, zones);
        }

        @Test
        @DisplayName("of several errors counts them and joins their messages; a conflict is an error too")
        void severalErrors() {
            ValidationResult r = ValidationResult.of(List.of(zones, slackHigh, booked));
            assertThat(r.ok()).isFalse();
            assertThat(r.summary()).isEqualTo("2 problems: Two zones. A1 is booked.");
            assertThat(r.errors()).containsExactly(zones, booked);
        }

        @Test
        @DisplayName("copies the findings, and the constructor refuses an ok flag that disagrees with them")
        void consistent() {
            List<Violation> mutable = new ArrayList<>(Arrays.asList(slackHigh));
            ValidationResult r = ValidationResult.of(mutable);
            mutable.add(zones);
            assertThat(r.checks()).containsExactly(slackHigh);
            assertThatThrownBy(() -> new ValidationResult(true, "OK", List.of(zones)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new ValidationResult(false, "x", List.of(slackHigh)))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("is ok for the checks of a clean selection")
        void cleanSelection() {
            ValidationResult r = ValidationResult.of(check(6, A, B));
            assertThat(r.ok()).isTrue();
            assertThat(r.summary()).isEqualTo("OK");
        }
    }
}
