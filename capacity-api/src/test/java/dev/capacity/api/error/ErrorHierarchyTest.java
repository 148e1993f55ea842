package dev.capacity.api.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The CapacityError hierarchy")
class ErrorHierarchyTest {

    /**
     * The concrete errors that have their own tests (AllocationConflictsTest, StateConflictsTest,
     * AssignmentRejectedTest, RequestErrorsTest, InfrastructureErrorsTest). A new subclass fails
     * {@link Coverage#everyConcreteClassIsCovered()} until it is tested and listed here.
     */
    private static final Set<Class<?>> TESTED = Set.of(
            HoldConflict.class, BookingConflict.class, TableOutOfService.class, RestoreConflict.class,
            HoldExpired.class, PolicyDrift.class, HoldBookingMismatch.class, HoldAlreadyConfirmed.class,
            TableInUse.class, ZoneInUse.class, DuplicateName.class,
            AssignmentRejected.class, HoldExtensionLimit.class, InvalidRequest.class,
            HoldNotFound.class, TableNotFound.class, ZoneNotFound.class,
            CapacityUnavailable.class, InternalFailure.class);

    /** Every class below CapacityError, found by walking the permitted subclasses recursively. */
    private static List<Class<?>> allSubclasses() {
        List<Class<?>> found = new ArrayList<>();
        walk(CapacityError.class, found);
        return found;
    }

    private static void walk(Class<?> type, List<Class<?>> found) {
        Class<?>[] permitted = type.getPermittedSubclasses();
        if (permitted == null) {
            return;
        }
        for (Class<?> sub : permitted) {
            found.add(sub);
            walk(sub, found);
        }
    }

    private static List<Class<?>> concreteSubclasses() {
        return allSubclasses().stream().filter(c -> !Modifier.isAbstract(c.getModifiers())).toList();
    }

    @Nested
    @DisplayName("coverage")
    class Coverage {

        @Test
        @DisplayName("every concrete permitted subclass has tests, and every tested class is still permitted")
        void everyConcreteClassIsCovered() {
            assertThat(concreteSubclasses())
                    .as("concrete CapacityError subclasses without tests (add tests and list them in TESTED)")
                    .containsExactlyInAnyOrderElementsOf(TESTED);
        }

        @Test
        @DisplayName("the walk finds the abstract intermediate classes too")
        void intermediatesFound() {
            assertThat(allSubclasses()).contains(ConflictError.class, AllocationConflict.class, NotFound.class);
        }
    }

    @Nested
    @DisplayName("shape")
    class Shape {

        @Test
        @DisplayName("CapacityError is an abstract sealed RuntimeException")
        void root() {
            assertThat(CapacityError.class.isSealed()).isTrue();
            assertThat(Modifier.isAbstract(CapacityError.class.getModifiers())).isTrue();
            assertThat(RuntimeException.class).isAssignableFrom(CapacityError.class);
        }

        @Test
        @DisplayName("every concrete subclass is final and public")
        void concreteAreFinal() {
            assertThat(concreteSubclasses()).allSatisfy(c -> {
                assertThat(Modifier.isFinal(c.getModifiers())).as(c.getName() + " is final").isTrue();
                assertThat(Modifier.isPublic(c.getModifiers())).as(c.getName() + " is public").isTrue();
            });
        }

        @Test
        @DisplayName("every abstract subclass is sealed, so the hierarchy stays closed")
        void abstractAreSealed() {
            assertThat(allSubclasses()).filteredOn(c -> Modifier.isAbstract(c.getModifiers()))
                    .allSatisfy(c -> assertThat(c.isSealed()).as(c.getName() + " is sealed").isTrue());
        }

        @Test
        @DisplayName("every subclass lives in dev.capacity.api.error")
        void samePackage() {
            assertThat(allSubclasses()).allSatisfy(c ->
                    assertThat(c.getPackageName()).as(c.getName()).isEqualTo("dev.capacity.api.error"));
        }

        @Test
        @DisplayName("every concrete subclass has a public constructor")
        void publicConstructors() {
            assertThat(concreteSubclasses()).allSatisfy(c -> assertThat(c.getConstructors())
                    .as(c.getName() + " public constructors").isNotEmpty());
        }

        @Test
        @DisplayName("the 409 errors derive from ConflictError and the 404 errors from NotFound")
        void groupingByStatus() {
            assertThat(concreteSubclasses()).filteredOn(ConflictError.class::isAssignableFrom)
                    .containsExactlyInAnyOrder(HoldConflict.class, BookingConflict.class, TableOutOfService.class,
                            RestoreConflict.class, HoldExpired.class, PolicyDrift.class, HoldBookingMismatch.class,
                            HoldAlreadyConfirmed.class, TableInUse.class, ZoneInUse.class, DuplicateName.class);
            assertThat(concreteSubclasses()).filteredOn(NotFound.class::isAssignableFrom)
                    .containsExactlyInAnyOrder(HoldNotFound.class, TableNotFound.class, ZoneNotFound.class);
        }
    }
}
