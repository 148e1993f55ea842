package dev.capacity.impl.internal;

import dev.capacity.api.RestaurantId;
import dev.capacity.api.error.CapacityError;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.conf.MappedSchema;
import org.jooq.conf.RenderMapping;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConnectionProvider;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database as the stores see it: a jOOQ context whose generated {@code capacity} schema is rendered as the
 * host's schema, transactions that set the tenant scope and timeouts, and translation of failures to
 * {@link CapacityError}. Thread-safe.
 */
public final class Db {

    private static final Logger LOG = LoggerFactory.getLogger(Db.class);

    /** Name of the schema the jOOQ classes were generated for; mapped to the configured one when rendering. */
    private static final String GENERATED_SCHEMA = "capacity";

    private final DSLContext dsl;
    private final DSLContext readDsl;
    private final @Nullable DataSource ownPool;
    private final InstantSource clock;
    private final boolean tenantScope;
    private final String lockTimeout;
    private final String statementTimeout;

    /**
     * Creates the database view.
     *
     * @param configuration the host's jOOQ configuration or one built from its data source
     * @param ownPool the data source {@code configuration} was built from, when the library built it: its
     *     transactions then take one connection each, directly (see {@link #inTransaction}); null when the host
     *     passed its own configuration, whose transaction provider then decides
     * @param schema the schema holding the tables
     * @param clock source of business time
     * @param tenantScope whether to set {@code capacity.restaurant_id} in every tenant-scoped transaction
     * @param lockTimeout lock timeout per transaction ({@link Duration#ZERO} leaves the server's)
     * @param statementTimeout statement timeout per transaction ({@link Duration#ZERO} leaves the server's)
     */
    public Db(Configuration configuration, @Nullable DataSource ownPool, String schema, InstantSource clock,
            boolean tenantScope, Duration lockTimeout, Duration statementTimeout) {
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(schema, "schema");
        Settings settings = configuration.settings() == null ? new Settings() : (Settings) configuration.settings().clone();
        settings.withRenderMapping(new RenderMapping().withSchemata(
                new MappedSchema().withInput(GENERATED_SCHEMA).withOutput(schema)));
        // Bind timestamps as typed timestamptz parameters. jOOQ's default binds them as text with a cast, which
        // PostgreSQL does not fold into a constant: it parses the text again for every row a filter looks at and
        // cannot use a window built from it as an index condition (measured in docs/performance.md).
        settings.withBindOffsetDateTimeType(true);
        Configuration derived = configuration.derive(settings).derive(SQLDialect.POSTGRES);
        this.dsl = DSL.using(derived);
        // A plain read is one autocommit statement without the set_config round trip, so the server's timeouts do
        // not bound it: queued behind an exclusive lock (DDL, LOCK TABLE, VACUUM FULL) it would wait for ever. The
        // driver's query timeout (whole seconds, rounded up) bounds it by the statement timeout instead.
        this.readDsl = statementTimeout.isZero() ? dsl : DSL.using(derived.derive(
                ((Settings) settings.clone()).withQueryTimeout(seconds(statementTimeout))));
        this.ownPool = ownPool;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tenantScope = tenantScope;
        this.lockTimeout = millis(lockTimeout);
        this.statementTimeout = millis(statementTimeout);
    }

    private static int seconds(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, (d.toMillis() + 999) / 1000);
    }

    private static String millis(Duration d) {
        return d.isZero() ? "" : Long.toString(d.toMillis());
    }

    /** @return the jOOQ context, for reads outside a transaction */
    public DSLContext dsl() {
        return dsl;
    }

    /**
     * Returns the current business time, truncated to microseconds so that it compares exactly with what
     * PostgreSQL stores.
     *
     * @return now
     */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Runs {@code work} in one transaction scoped to a restaurant: the tenant setting and the timeouts are set
     * first, in one round trip. Failures other than {@link CapacityError} are translated.
     *
     * @param restaurantId the tenant, or null for a cross-tenant job
     * @param operation what the caller does, for error messages
     * @param work the transactional work
     * @param <T> the result type
     * @return what {@code work} returned
     */
    public <T> T transaction(@Nullable RestaurantId restaurantId, String operation, Function<DSLContext, T> work) {
        try {
            return run(restaurantId, work);
        } catch (RuntimeException e) {
            throw SqlStates.translate(unwrap(e), operation);
        }
    }

    /**
     * Like {@link #transaction}, for writes to the ledger: an exclusion violation (23P01) or a deadlock (40P01)
     * surfaces as {@link OverlapDetected} so that the caller can name the blockers; nothing was written.
     *
     * @param restaurantId the tenant
     * @param operation what the caller does, for error messages
     * @param work the transactional work
     * @param <T> the result type
     * @return what {@code work} returned
     * @throws OverlapDetected when the constraint or a deadlock refused the write
     */
    public <T> T ledgerTransaction(RestaurantId restaurantId, String operation, Function<DSLContext, T> work) {
        try {
            return run(restaurantId, work);
        } catch (RuntimeException e) {
            throw ledgerFailure(e, operation);
        }
    }

    /**
     * Like {@link #ledgerTransaction}, but the work sends the transaction's settings itself, as part of its first
     * statement (see {@link #settings}), which saves the round trip of a separate {@code set_config}. Only the
     * first statement runs without the statement timeout (a setting takes effect for the next statement); the lock
     * timeout applies to it as soon as the settings were evaluated, so the first statement must take its locks
     * after them.
     *
     * @param restaurantId the tenant
     * @param operation what the caller does, for error messages
     * @param work the transactional work, given the settings to send first
     * @param <T> the result type
     * @return what {@code work} returned
     * @throws OverlapDetected when the constraint or a deadlock refused the write
     */
    public <T> T ledgerTransactionSendingSettings(RestaurantId restaurantId, String operation,
            BiFunction<DSLContext, List<Field<String>>, T> work) {
        try {
            return inTransaction(tx -> work.apply(tx, settings(restaurantId, lockTimeout, statementTimeout)));
        } catch (RuntimeException e) {
            throw ledgerFailure(e, operation);
        }
    }

    private static RuntimeException ledgerFailure(RuntimeException e, String operation) {
        Throwable t = unwrap(e);
        SqlStates.Kind kind = SqlStates.classify(t);
        if (kind == SqlStates.Kind.EXCLUSION_VIOLATION || kind == SqlStates.Kind.DEADLOCK) {
            return new OverlapDetected(t);
        }
        return SqlStates.translate(t, operation);
    }

    private <T> T run(@Nullable RestaurantId restaurantId, Function<DSLContext, T> work) {
        return inTransaction(tx -> {
            prepare(tx, restaurantId, lockTimeout, statementTimeout);
            return work.apply(tx);
        });
    }

    /**
     * Runs {@code work} in one transaction. With the library's own pool the connection is taken once, directly:
     * jOOQ's default transaction provider, when the pool has no connection to give, asks it again to roll back
     * and again to restore auto-commit, so an exhausted pool would make the caller wait three connection
     * timeouts instead of one. With a host configuration, its transaction provider runs the transaction.
     */
    private <T> T inTransaction(Function<DSLContext, T> work) {
        if (ownPool == null) {
            return dsl.transactionResult(cfg -> work.apply(cfg.dsl()));
        }
        Connection c;
        try {
            c = ownPool.getConnection();
        } catch (SQLException e) {
            throw new DataAccessException("Could not get a connection from the pool: " + e.getMessage(), e);
        }
        try {
            c.setAutoCommit(false);
            T result = work.apply(DSL.using(dsl.configuration().derive(new DefaultConnectionProvider(c))));
            c.commit();
            return result;
        } catch (RuntimeException | Error | SQLException e) {
            try {
                c.rollback();
            } catch (SQLException | RuntimeException rollback) {
                e.addSuppressed(rollback);
            }
            if (e instanceof SQLException sql) {
                throw new DataAccessException("Transaction failed: " + sql.getMessage(), sql);
            }
            if (e instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) e;
        } finally {
            release(c);
        }
    }

    /** Hands the connection back; a broken one must not replace the outcome the caller is about to see. */
    private static void release(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Could not restore auto-commit on a connection going back to the pool", e);
        }
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Could not close a pooled connection", e);
        }
    }

    /**
     * Runs one batch of a cross-tenant job (sweeper, pruner) in its own transaction with its own timeouts, so
     * that one stuck lock cannot hang the host's scheduler thread. No tenant scope is set.
     *
     * @param operation what the job does, for error messages
     * @param statementTimeout statement timeout for the batch
     * @param lockTimeout lock timeout for the batch
     * @param work the batch
     * @param <T> the result type
     * @return what {@code work} returned
     */
    public <T> T jobTransaction(String operation, Duration statementTimeout, Duration lockTimeout,
            Function<DSLContext, T> work) {
        try {
            return inTransaction(tx -> {
                prepare(tx, null, millis(lockTimeout), millis(statementTimeout));
                return work.apply(tx);
            });
        } catch (RuntimeException e) {
            throw SqlStates.translate(unwrap(e), operation);
        }
    }

    /**
     * The {@code set_config} calls that give a job's batch its timeouts, for a job that sends them itself in the same
     * round trip as its statement (see {@link SweepSql.Batch}) and runs in {@link #jobTransactionSendingSettings}.
     *
     * @param statementTimeout statement timeout for the batch
     * @param lockTimeout lock timeout for the batch
     * @return the settings, to be selected in one statement before the batch's; empty when both are zero
     */
    public List<Field<String>> jobSettings(Duration statementTimeout, Duration lockTimeout) {
        return settings(null, millis(lockTimeout), millis(statementTimeout));
    }

    /**
     * Like {@link #jobTransaction}, but the work sends the batch's settings ({@link #jobSettings}) itself, in the
     * same round trip as its statement: the settings go first, so both timeouts are in force when the batch's
     * statement is parsed and run.
     *
     * @param operation what the job does, for error messages
     * @param work the batch, which sends its settings first
     * @param <T> the result type
     * @return what {@code work} returned
     */
    public <T> T jobTransactionSendingSettings(String operation, Function<DSLContext, T> work) {
        try {
            return inTransaction(work);
        } catch (RuntimeException e) {
            throw SqlStates.translate(unwrap(e), operation);
        }
    }

    /**
     * Runs a read: one autocommit statement, or, with the tenant scope on, a transaction that sets it first (so
     * row-level security sees the tenant).
     *
     * @param restaurantId the tenant
     * @param operation what the caller does, for error messages
     * @param work the read
     * @param <T> the result type
     * @return what {@code work} returned
     */
    public <T> T read(RestaurantId restaurantId, String operation, Function<DSLContext, T> work) {
        if (!tenantScope) {
            // Reads take no row locks, so the lock timeout does not matter; a single autocommit statement saves the
            // BEGIN, set_config and COMMIT round trips. The statement timeout is the driver's (see the constructor).
            try {
                return work.apply(readDsl);
            } catch (RuntimeException e) {
                throw SqlStates.translate(unwrap(e), operation);
            }
        }
        return transaction(restaurantId, operation, work);
    }

    private void prepare(DSLContext tx, @Nullable RestaurantId restaurantId, String lockTimeout,
            String statementTimeout) {
        List<Field<String>> settings = settings(restaurantId, lockTimeout, statementTimeout);
        if (!settings.isEmpty()) {
            tx.select(settings).fetch();
        }
    }

    /**
     * The transaction's settings as {@code set_config(..., true)} calls, to be selected in one statement:
     * transaction-local, so nothing leaks into pooled connections, and all in one round trip.
     */
    private List<Field<String>> settings(@Nullable RestaurantId restaurantId, String lockTimeout,
            String statementTimeout) {
        List<Field<String>> settings = new ArrayList<>(3);
        if (tenantScope && restaurantId != null) {
            settings.add(setConfig("capacity.restaurant_id", restaurantId.toString()));
        }
        if (!lockTimeout.isEmpty()) {
            settings.add(setConfig("lock_timeout", lockTimeout));
        }
        if (!statementTimeout.isEmpty()) {
            settings.add(setConfig("statement_timeout", statementTimeout));
        }
        return settings;
    }

    private static Field<String> setConfig(String name, String value) {
        return DSL.field("set_config({0}, {1}, true)", String.class, DSL.val(name), DSL.val(value));
    }

    /** jOOQ wraps callbacks' runtime exceptions; take the original back out so domain errors keep their type. */
    private static Throwable unwrap(RuntimeException e) {
        Throwable t = e;
        while (t instanceof org.jooq.exception.DataAccessException && t.getCause() instanceof CapacityError c) {
            t = c;
        }
        return t;
    }

    /**
     * Converts an instant to the type the generated classes use.
     *
     * @param instant the instant
     * @return the same instant at UTC
     */
    public static OffsetDateTime odt(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
