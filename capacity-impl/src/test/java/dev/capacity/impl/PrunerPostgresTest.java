package dev.capacity.impl;

import static dev.capacity.impl.LedgerSeed.odt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.capacity.api.AllocationPruner;
import dev.capacity.api.PruneResult;
import dev.capacity.api.PrunerSettings;
import dev.capacity.api.error.CapacityUnavailable;
import dev.capacity.api.error.ErrorCode;
import dev.capacity.impl.LedgerSeed.Snapshot;
import dev.capacity.testkit.contract.RecordingListener;
import dev.capacity.testkit.postgres.PostgresExtension;
import dev.capacity.testkit.postgres.TestDatabase;
import dev.capacity.testkit.time.MutableInstantSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The pruner's guarantees that only a real database can show: every row is live or archived, never both and never
 * neither, under concurrent pruners and writers, after a stale archived copy, and when a backend dies mid-batch.
 * Data is seeded with plain SQL; nothing sleeps to synchronise, waits poll with deadlines.
 */
@ExtendWith(PostgresExtension.class)
@DisplayName("The PostgreSQL pruner under concurrency and failure")
class PrunerPostgresTest {

    private static final Instant NOW = Instant.parse("2031-06-01T00:00:00Z");
    private static final Instant OLD = NOW.minus(Duration.ofDays(400));
    private static final Instant RECENT = NOW.minus(Duration.ofDays(5));
    private static final String ELIGIBLE = "old";
    private static final String WRITER = "writer";
    private static final Duration DEADLINE = Duration.ofSeconds(45);

    private final TestDatabase db;
    private final LedgerSeed seed;
    private final MutableInstantSource clock = MutableInstantSource.at(NOW);
    private final List<HikariDataSource> pools = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    PrunerPostgresTest(TestDatabase db) {
        this.db = db;
        this.seed = new LedgerSeed(db);
    }

    @BeforeEach
    void emptySchema() {
        seed.clear();
    }

    @AfterEach
    void closeEverything() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).as("test threads stopped").isTrue();
        pools.forEach(HikariDataSource::close);
    }

    @Test
    @DisplayName("three pruners and a writer at once: after every batch live + archive is unchanged and no id is in both")
    void concurrentPrunersNeverLoseOrDuplicate() throws Exception {
        seed.tables(4, 25);
        int eligible = seed.allocations(OLD, 100, ELIGIBLE);
        int recent = seed.allocations(RECENT, 10, "recent");
        int holds = seed.expiredHolds(NOW.minus(Duration.ofDays(500)), "hold");
        long seeded = eligible + recent + holds;
        assertThat(eligible).isEqualTo(10_000);

        RecordingListener events = new RecordingListener();
        List<AllocationPruner> pruners = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pruners.add(capacity("pruner-" + i, events).allocationPruner(PrunerSettings.defaults()
                    .withBatchSize(40).withMaxBatches(1)));
        }
        List<String> violations = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong checks = new AtomicLong();
        AtomicInteger written = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);

        Future<?> writer = threads.submit(() -> write(go, stop, written));
        Future<?> checker = threads.submit(() -> {
            try (Connection c = db.connection()) {
                go.await();
                while (!stop.get()) {
                    check(seed.snapshot(c, WRITER), seeded, violations, "checker");
                    checks.incrementAndGet();
                }
            }
            return null;
        });
        List<Future<int[]>> calls = new ArrayList<>();
        for (AllocationPruner pruner : pruners) {
            calls.add(threads.submit(() -> {
                int archived = 0;
                int batches = 0;
                try (Connection c = db.connection()) {
                    go.await();
                    PruneResult result;
                    do {
                        result = pruner.prune();
                        archived += result.archived();
                        batches += result.batches();
                        // maxBatches(1): each call is one batch, so this looks after every batch.
                        check(seed.snapshot(c, WRITER), seeded, violations, "after a batch");
                        checks.incrementAndGet();
                    } while (result.backlogRemaining());
                }
                return new int[] {archived, batches};
            }));
        }
        long started = System.nanoTime();
        go.countDown();

        int archived = 0;
        int batches = 0;
        for (Future<int[]> call : calls) {
            int[] done = call.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            archived += done[0];
            batches += done[1];
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        stop.set(true);
        writer.get(10, TimeUnit.SECONDS);
        checker.get(10, TimeUnit.SECONDS);

        Snapshot end = seed.snapshot(WRITER);
        check(end, seeded, violations, "at the end");
        assertThat(violations).isEmpty();
        assertThat(checks.get()).as("invariant checks").isGreaterThanOrEqualTo(batches);
        assertThat(written.get()).as("the writer kept writing").isPositive();
        assertThat(archived).as("every eligible row archived exactly once").isEqualTo(eligible);
        assertThat(end.archived()).isEqualTo(eligible);
        assertThat(end.live()).isEqualTo(recent + holds + written.get());
        assertThat(seed.count("SELECT count(*) FROM allocations_archive WHERE created_by <> ?", ELIGIBLE)).isZero();
        assertThat(seed.count("SELECT count(*) FROM allocations WHERE created_by = ?", ELIGIBLE)).isZero();
        assertThat(events.pruneFailed()).isEmpty();
        assertThat(events.pruneCompleted().stream().mapToInt(e -> e.result().archived()).sum())
                .as("the completed events add up").isEqualTo(eligible);
        System.out.printf("3 pruners archived %d rows in %d batches in %d ms, %d invariant checks, %d rows written%n",
                archived, batches, took.toMillis(), checks.get(), written.get());
    }

    @Test
    @DisplayName("a row whose id is already archived with other content is moved anyway, and the archive takes its content")
    void alreadyArchivedIdIsReconciled() {
        seed.tables(1, 3);
        int eligible = seed.allocations(OLD, 10, ELIGIBLE);
        // The first candidate (so the very first batch meets the clash) and one in a later batch.
        List<UUID> clashing = List.of(candidate(0), candidate(17));
        List<Map<String, Object>> liveContent = new ArrayList<>();
        for (UUID id : clashing) {
            liveContent.add(row("allocations", id));
            seed.update("""
                    INSERT INTO allocations_archive (id, restaurant_id, table_id, kind, booking_id, during, created_at,
                                                     created_by, note, archived_at)
                    VALUES (?, gen_random_uuid(), gen_random_uuid(), 'maintenance', NULL,
                            tstzrange('2001-01-01', '2001-01-02', '[)'), '2001-01-01', 'stale', 'stale copy',
                            '2001-01-03')
                    """, id);
        }
        AllocationPruner pruner = capacity("reconcile", new RecordingListener()).allocationPruner(
                PrunerSettings.defaults().withBatchSize(7));

        PruneResult result = pruner.prune();

        assertThat(result.archived()).as("the clashing rows count as archived").isEqualTo(eligible);
        assertThat(result.backlogRemaining()).as("the pruner did not stall on the clash").isFalse();
        Snapshot end = seed.snapshot(ELIGIBLE);
        assertThat(end.inBoth()).isZero();
        assertThat(end.live()).isZero();
        assertThat(end.archived()).as("the stale copies were replaced, not added to").isEqualTo(eligible);
        for (int i = 0; i < clashing.size(); i++) {
            Map<String, Object> archived = row("allocations_archive", clashing.get(i));
            assertThat(archived.remove("archived_at")).isEqualTo(odt(NOW));
            assertThat(archived).as("the live row's content").isEqualTo(liveContent.get(i));
        }
    }

    @Test
    @DisplayName("a pruner whose backend is killed mid-batch fails retryably, loses nothing, and the next call finishes")
    void killedBackendLosesNothing() throws Exception {
        seed.tables(1, 10);
        int eligible = seed.allocations(OLD, 50, ELIGIBLE);
        // The third batch statement (and only it: a sequence is not rolled back) sleeps until it is killed.
        db.execute("CREATE SEQUENCE prune_test_batches",
                """
                CREATE FUNCTION prune_test_slow_batch() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF nextval('prune_test_batches') = 3 THEN
                        PERFORM pg_sleep(30);
                    END IF;
                    RETURN NULL;
                END $$""",
                "CREATE TRIGGER prune_test_slow_batch BEFORE DELETE ON allocations "
                        + "FOR EACH STATEMENT EXECUTE FUNCTION prune_test_slow_batch()");
        try {
            RecordingListener events = new RecordingListener();
            AllocationPruner pruner = capacity("doomed-pruner", events).allocationPruner(PrunerSettings.defaults()
                    .withBatchSize(100).withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(2)));

            Future<PruneResult> call = threads.submit(pruner::prune);
            int pid = sleepingBackend("doomed-pruner");
            assertThat(seed.count("SELECT count(*) FROM pg_stat_activity WHERE pid = ? AND state = 'active' "
                    + "AND query ILIKE '%for update skip locked%' AND query ILIKE '%delete from%'", pid))
                    .as("it is the batch statement").isEqualTo(1);
            assertThat(seed.count("SELECT CASE WHEN pg_terminate_backend(?) THEN 1 ELSE 0 END", pid))
                    .as("terminated").isEqualTo(1);

            Throwable failure = failureOf(call);
            assertThat(failure).isInstanceOfSatisfying(CapacityUnavailable.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                assertThat(e.isRetryable()).isTrue();
                assertThat(e.httpStatus()).isEqualTo(503);
            });
            assertThat(events.pruneFailed()).singleElement().satisfies(e -> {
                assertThat(e.error()).isSameAs(failure);
                assertThat(e.partial().archived()).isEqualTo(200);
                assertThat(e.partial().batches()).isEqualTo(2);
                assertThat(e.partial().backlogRemaining()).isTrue();
            });
            assertThat(events.pruneCompleted()).isEmpty();
            Snapshot afterKill = seed.snapshot(ELIGIBLE);
            assertThat(afterKill.total()).as("nothing lost or duplicated").isEqualTo(eligible);
            assertThat(afterKill.inBoth()).isZero();
            assertThat(afterKill.archived()).as("the two committed batches stay committed").isEqualTo(200);

            PruneResult next = pruner.prune();

            assertThat(next.archived()).isEqualTo(eligible - 200);
            assertThat(next.backlogRemaining()).isFalse();
            Snapshot end = seed.snapshot(ELIGIBLE);
            assertThat(end.archived()).isEqualTo(eligible);
            assertThat(end.live()).isZero();
            assertThat(end.inBoth()).isZero();
            assertThat(events.pruneCompleted()).singleElement().satisfies(e -> assertThat(e.result()).isEqualTo(next));
        } finally {
            db.execute("DROP TRIGGER prune_test_slow_batch ON allocations", "DROP FUNCTION prune_test_slow_batch()",
                    "DROP SEQUENCE prune_test_batches");
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    /** A library instance of its own, on its own pool, as another host instance would be. */
    private PostgresCapacity capacity(String name, RecordingListener events) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(2);
        config.setPoolName(name);
        config.addDataSourceProperty("ApplicationName", name);
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return PostgresCapacity.builder().dataSource(pool).schema(db.schema()).clock(clock).listener(events).build();
    }

    /** Inserts recent allocations one by one on the writer table until told to stop. */
    private Void write(CountDownLatch go, AtomicBoolean stop, AtomicInteger written) throws Exception {
        try (Connection c = db.connection(); PreparedStatement insert = c.prepareStatement("""
                INSERT INTO allocations (id, restaurant_id, table_id, kind, booking_id, during, created_at, created_by)
                SELECT gen_random_uuid(), restaurant_id, id, 'booking', gen_random_uuid(),
                       tstzrange(?::timestamptz + ? * interval '1 minute',
                                 ?::timestamptz + (? + 1) * interval '1 minute', '[)'), ?::timestamptz, ?
                FROM dining_tables WHERE label = ? ORDER BY id LIMIT 1
                """)) {
            go.await();
            Instant base = NOW.minus(Duration.ofDays(2));
            for (int i = 0; !stop.get(); i++) {
                insert.setObject(1, odt(base));
                insert.setInt(2, i);
                insert.setObject(3, odt(base));
                insert.setInt(4, i);
                insert.setObject(5, odt(NOW));
                insert.setString(6, WRITER);
                insert.setString(7, LedgerSeed.WRITER_TABLE);
                assertThat(insert.executeUpdate()).isEqualTo(1);
                written.incrementAndGet();
            }
        }
        return null;
    }

    /** Records what breaks the invariant: seeded rows are live or archived, once; written rows stay live. */
    private static void check(Snapshot s, long seeded, List<String> violations, String where) {
        long writtenEver = s.taggedLive() + s.taggedArchived();
        if (s.total() - writtenEver != seeded || s.inBoth() != 0 || s.taggedArchived() != 0) {
            violations.add(where + ": " + s + ", seeded " + seeded);
        }
    }

    /** The id of the n-th candidate in the pruner's order. */
    private UUID candidate(int n) {
        try (Connection c = db.connection(); PreparedStatement s = LedgerSeed.prepare(c,
                "SELECT id FROM allocations ORDER BY upper(during), id OFFSET ? LIMIT 1", n);
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getObject(1, UUID.class);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A row's shared columns (and archived_at, for the archive), as text. */
    private Map<String, Object> row(String table, UUID id) {
        String columns = "id, restaurant_id, table_id, kind, booking_id, hold_id, during::text AS during, created_at, "
                + "created_by, note, slack_override_reason, slack_override_actor"
                + (table.equals("allocations_archive") ? ", archived_at" : "");
        try (Connection c = db.connection(); PreparedStatement s = LedgerSeed.prepare(c,
                "SELECT " + columns + " FROM " + table + " WHERE id = ?", id);
                ResultSet rs = s.executeQuery()) {
            assertThat(rs.next()).as("%s has %s", table, id).isTrue();
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                String name = rs.getMetaData().getColumnLabel(i);
                row.put(name, name.endsWith("_at") ? rs.getObject(i, java.time.OffsetDateTime.class)
                        .withOffsetSameInstant(java.time.ZoneOffset.UTC) : rs.getObject(i));
            }
            return row;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls until the named pool's backend sleeps inside a batch; returns its pid. */
    private int sleepingBackend(String applicationName) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            long pid = seed.count("SELECT coalesce(max(pid), 0) FROM pg_stat_activity "
                    + "WHERE application_name = ? AND wait_event = 'PgSleep'", applicationName);
            if (pid != 0) {
                return (int) pid;
            }
            Thread.onSpinWait();
        }
        return fail("no backend of %s reached the slow batch within 20 s", applicationName);
    }

    private static Throwable failureOf(Future<?> call) throws Exception {
        try {
            call.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        return fail("prune() returned although its backend was terminated");
    }
}
