package dev.capacity.impl;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.capacity.impl.hostile.Backend;
import dev.capacity.impl.hostile.FakeBackend;
import dev.capacity.impl.hostile.FuzzRun;
import dev.capacity.impl.hostile.PostgresBackend;
import dev.capacity.testkit.postgres.TestDatabase;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Fuzzes every public entry point of the stores, the validator, the floor-plan cache, the sweeper, the pruner and the
 * request records and builders with hostile input: nulls, empty and huge lists (10,000 and 40,000 ids), repeated ids
 * and ids of another restaurant, extreme instants and durations, and texts that are empty, 10 MB long, contain NUL,
 * lone surrogates, right-to-left marks, emoji, combining marks, SQL, {@code %}, {@code _} and backslashes.
 *
 * <p>Each run draws calls from a seeded generator and plays them in lock step on PostgreSQL and on the in-memory
 * fake. Every outcome must be a success, a {@code CapacityError} the entry point documents, or an NPE/IAE naming
 * the hostile argument, never a driver or jOOQ exception, a 500/503 or a database error text; a rejection and a read
 * must leave the stored data unchanged (PostgreSQL: row counts and md5 of every table in the schema); a success
 * must read back equal; and both implementations must reach the same outcome.
 *
 * <p>Run {@code i} uses seed {@code base + i}. A failure names the seed and the step;
 * {@code -Dcapacity.fuzz.seed=<seed> -Dcapacity.fuzz.runs=1} replays it, and {@code -Dcapacity.fuzz.runs=<n>}
 * (with {@code -Dcapacity.fuzz.steps=<n>}) widens the search. Written with a small seeded generator on JUnit 5.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Hostile input on every public entry point")
class HostileInputTest {

    static final long BASE_SEED = Long.getLong("capacity.fuzz.seed", 20_300_301L);
    static final int RUNS = Integer.getInteger("capacity.fuzz.runs", 24);
    static final int STEPS = Integer.getInteger("capacity.fuzz.steps", 60);

    private TestDatabase db;
    private HikariDataSource pool;

    @BeforeAll
    void database() {
        db = TestDatabase.create();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(2);
        pool = new HikariDataSource(config);
    }

    @AfterAll
    void dropDatabase() {
        pool.close();
        db.close();
    }

    @Test
    @DisplayName("PostgreSQL and the in-memory fake give only documented outcomes, alike, and never a partial write")
    void lockStep() {
        FuzzRun fuzz = new FuzzRun();
        List<Supplier<Backend>> backends = List.of(() -> new PostgresBackend(pool, db.schema()), FakeBackend::new);
        long started = System.nanoTime();
        for (int i = 0; i < RUNS; i++) {
            fuzz.run(BASE_SEED + i, STEPS, backends);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("HostileInputTest: %d runs x %d steps from seed %d, %d calls in %d ms %s%n", RUNS, STEPS,
                BASE_SEED, fuzz.calls(), millis, fuzz.millis());
        fuzz.outcomes().forEach((k, v) -> System.out.printf("  %6d  %s%n", v, k));
        assertThat(fuzz.problems())
                .withFailMessage(() -> "Hostile input problems (replay one with -Dcapacity.fuzz.seed=<seed> "
                        + "-Dcapacity.fuzz.runs=1):\n" + String.join("\n", fuzz.problems()))
                .isEmpty();
    }
}
