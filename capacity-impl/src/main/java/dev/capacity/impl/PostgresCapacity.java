package dev.capacity.impl;

import dev.capacity.api.AllocationPruner;
import dev.capacity.api.AllocationStore;
import dev.capacity.api.FloorPlanStore;
import dev.capacity.api.FloorPlans;
import dev.capacity.api.HoldSweeper;
import dev.capacity.api.ManualAssignmentValidator;
import dev.capacity.api.PrunerSettings;
import dev.capacity.api.SlackPolicy;
import dev.capacity.api.SweeperSettings;
import dev.capacity.api.event.CapacityListener;
import dev.capacity.impl.internal.Db;
import dev.capacity.impl.internal.FloorPlanNotifications;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jooq.Configuration;
import org.jooq.SQLDialect;
import org.jooq.impl.DefaultConfiguration;
import org.jspecify.annotations.Nullable;

/**
 * The Capacity SDK on the host's PostgreSQL: one builder, every capability.
 *
 * <pre>{@code
 * PostgresCapacity capacity = PostgresCapacity.builder()
 *         .dataSource(dataSource)          // the host's pool
 *         .schema("capacity")              // where the migrations were applied
 *         .build();
 * Hold hold = capacity.allocationStore().placeHold(request);
 * }</pre>
 *
 * <p>The schema must have been migrated with the scripts in {@code db/capacity/migration} (for example with
 * Flyway, location {@code classpath:db/capacity/migration}). Time comes from the configured
 * {@link InstantSource} only; SQL never reads the database clock for business decisions.
 *
 * <p>Immutable and thread-safe once built; build one per application and share it.
 */
public final class PostgresCapacity implements AutoCloseable {

    private static final Pattern SCHEMA = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

    private final JooqAllocationStore allocationStore;
    private final JooqFloorPlanStore floorPlanStore;
    private final Db db;
    private final CapacityListener listener;
    private final JooqHoldSweeper holdSweeper;
    private final JooqManualAssignmentValidator validator;
    private final JooqAllocationPruner pruner;
    private final CaffeineFloorPlans floorPlans;
    private final @Nullable FloorPlanNotifications notifications;

    private PostgresCapacity(Builder b) {
        Configuration configuration = b.configuration != null ? b.configuration
                : new DefaultConfiguration().set(b.dataSource).set(SQLDialect.POSTGRES);
        Db db = new Db(configuration, b.configuration == null ? b.dataSource : null, b.schema, b.clock, b.tenantScope,
                b.lockTimeout, b.statementTimeout);
        SlackPolicy slack = b.slackPolicy != null ? b.slackPolicy : SlackPolicy.defaults();
        this.allocationStore = new JooqAllocationStore(db, b.listener, b.maxHoldLifetime, slack);
        this.floorPlans = new CaffeineFloorPlans(db, b.listener, b.cacheMaximumSize, b.cacheTimeToLive);
        this.validator = new JooqManualAssignmentValidator(db, slack, floorPlans);
        this.floorPlanStore = new JooqFloorPlanStore(db, b.listener, floorPlans);
        DataSource ds = b.dataSource;
        this.notifications = !b.listenForChanges ? null : new FloorPlanNotifications(
                ds != null ? ds::getConnection : configuration.connectionProvider()::acquire, floorPlans);
        this.db = db;
        this.listener = b.listener;
        this.holdSweeper = new JooqHoldSweeper(db, b.listener, b.sweeper);
        this.pruner = new JooqAllocationPruner(db, b.listener, b.pruner);
    }

    /**
     * Starts a builder.
     *
     * @return a builder with every default
     */
    public static Builder builder() {
        return new Builder();
    }

    private PostgresCapacity start() {
        if (notifications != null) {
            notifications.start();
        }
        return this;
    }

    /** @return the allocation ledger and holds */
    public AllocationStore allocationStore() {
        return allocationStore;
    }

    /** @return the cached floor plans, invalidated on every edit by anyone */
    public FloorPlans floorPlans() {
        return floorPlans;
    }

    /**
     * Stops listening for floor-plan changes and releases the listening connection. The stores stay usable, but
     * the cache then only learns of this instance's own edits (and its time-to-live). Idempotent.
     */
    @Override
    public void close() {
        if (notifications != null) {
            notifications.close();
        }
    }

    /** The backend pid of the listening connection, for tests that cut it. */
    java.util.OptionalInt listenerBackendPid() {
        return notifications == null ? java.util.OptionalInt.empty() : notifications.backendPid();
    }

    /** @return the floor-plan editor */
    public FloorPlanStore floorPlanStore() {
        return floorPlanStore;
    }

    /** @return the allocation pruner with the builder's {@link Builder#pruner pruner settings} */
    public AllocationPruner allocationPruner() {
        return pruner;
    }

    /**
     * Returns an allocation pruner with other settings, sharing this instance's database, clock and listener.
     *
     * @param settings the pruner's settings
     * @return a new pruner
     */
    public AllocationPruner allocationPruner(PrunerSettings settings) {
        return new JooqAllocationPruner(db, listener, Objects.requireNonNull(settings, "settings"));
    }

    /** @return the manual assignment validator, with the same rules and slack policy as the store's writes */
    public ManualAssignmentValidator validator() {
        return validator;
    }

    /** @return the hold sweeper with the builder's {@link Builder#sweeper sweeper settings} */
    public HoldSweeper holdSweeper() {
        return holdSweeper;
    }

    /**
     * Returns a hold sweeper with other settings, sharing this instance's database, clock and listener.
     *
     * @param settings the sweeper's settings
     * @return a new sweeper
     */
    public HoldSweeper holdSweeper(SweeperSettings settings) {
        return new JooqHoldSweeper(db, listener, Objects.requireNonNull(settings, "settings"));
    }

    /**
     * Returns the default listener, which writes every event to slf4j under the logger {@code dev.capacity.events}:
     * jobs that did something at INFO, failed jobs at WARN, idle jobs and per-item events (an expired hold, a dropped
     * cached plan, a refused assignment) at DEBUG.
     *
     * @return the shared, stateless logging listener
     */
    public static CapacityListener loggingListener() {
        return LoggingListener.INSTANCE;
    }

    /**
     * Configures {@link PostgresCapacity}. Each setter checks its argument at once and names it in the exception.
     * Not thread-safe; the built object is.
     */
    public static final class Builder {
        private @Nullable DataSource dataSource;
        private @Nullable Configuration configuration;
        private String schema = "capacity";
        private InstantSource clock = InstantSource.system();
        private CapacityListener listener = LoggingListener.INSTANCE;
        private Duration maxHoldLifetime = Duration.ofMinutes(30);
        private boolean tenantScope = false;
        private Duration lockTimeout = Duration.ofSeconds(5);
        private Duration statementTimeout = Duration.ofSeconds(30);
        private SweeperSettings sweeper = SweeperSettings.defaults();
        private @Nullable SlackPolicy slackPolicy;
        private PrunerSettings pruner = PrunerSettings.defaults();
        private long cacheMaximumSize = 10_000;
        private Duration cacheTimeToLive = Duration.ofMinutes(10);
        private boolean listenForChanges = true;

        private Builder() {
        }

        /**
         * The host's connection pool. Required unless {@link #configuration} is given.
         *
         * @param dataSource the data source
         * @return this builder
         */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /**
         * The host's jOOQ configuration, so that the library joins the host's transactions (its
         * {@code TransactionProvider} decides). Replaces {@link #dataSource}.
         *
         * @param configuration the configuration
         * @return this builder
         */
        public Builder configuration(Configuration configuration) {
            this.configuration = Objects.requireNonNull(configuration, "configuration");
            return this;
        }

        /**
         * The schema holding the library's tables. Default {@code capacity}.
         *
         * @param schema an unquoted PostgreSQL identifier
         * @return this builder
         * @throws IllegalArgumentException if it is not a plain identifier
         */
        public Builder schema(String schema) {
            Objects.requireNonNull(schema, "schema");
            if (!SCHEMA.matcher(schema).matches()) {
                throw new IllegalArgumentException("schema must be a plain identifier: " + schema);
            }
            this.schema = schema;
            return this;
        }

        /**
         * The source of business time. Default {@link InstantSource#system()}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Receives events after commit. Default: {@link #loggingListener()}, which writes them to slf4j. A listener
         * given here replaces it; to keep the log lines as well, pass
         * {@code CapacityListener.composite(PostgresCapacity.loggingListener(), yours)}, and to silence the
         * library, {@link CapacityListener#NONE}.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(CapacityListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * The hard cap on a hold's total lifetime (expiry minus creation), enforced on placement and extension.
         * Default 30 minutes.
         *
         * @param maxHoldLifetime positive duration
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder maxHoldLifetime(Duration maxHoldLifetime) {
            this.maxHoldLifetime = positive(maxHoldLifetime, "maxHoldLifetime");
            return this;
        }

        /**
         * Whether every tenant-scoped transaction sets {@code capacity.restaurant_id} for the optional
         * row-level-security policies ({@code db/capacity/rls}). Turn it on when those policies are installed.
         * Default {@code false}, which saves a statement per transaction and keeps reads to one round trip.
         *
         * @param tenantScope whether to set the tenant scope
         * @return this builder
         */
        public Builder tenantScope(boolean tenantScope) {
            this.tenantScope = tenantScope;
            return this;
        }

        /**
         * How long a transaction waits for a row lock before failing with a retryable
         * {@link dev.capacity.api.error.CapacityUnavailable} ({@code BUSY}). Default 5 s; zero keeps the server's.
         *
         * @param lockTimeout zero, or from 1 ms to {@link SweeperSettings#MAX_TIMEOUT} (PostgreSQL's limit)
         * @return this builder
         * @throws IllegalArgumentException if negative, below 1 ms or above the limit
         */
        public Builder lockTimeout(Duration lockTimeout) {
            this.lockTimeout = timeout(lockTimeout, "lockTimeout");
            return this;
        }

        /**
         * How long one statement may run before failing with a retryable {@code BUSY} error. Default 30 s; zero
         * keeps the server's. Reads outside a transaction (with {@link #tenantScope} off) are bounded by the
         * driver's query timeout instead, rounded up to whole seconds, so that a read queued behind an exclusive
         * table lock (a migration, {@code LOCK TABLE}) gives up too.
         *
         * @param statementTimeout zero, or from 1 ms to {@link SweeperSettings#MAX_TIMEOUT} (PostgreSQL's limit)
         * @return this builder
         * @throws IllegalArgumentException if negative, below 1 ms or above the limit
         */
        public Builder statementTimeout(Duration statementTimeout) {
            this.statementTimeout = timeout(statementTimeout, "statementTimeout");
            return this;
        }

        /**
         * The slack budget of manual assignments. Default {@link SlackPolicy#defaults()}, read at
         * {@link #build()}: an invalid {@code CAPACITY_MANUAL_MAX_SLACK} fails the build.
         *
         * @param slackPolicy the policy
         * @return this builder
         */
        public Builder slackPolicy(SlackPolicy slackPolicy) {
            this.slackPolicy = Objects.requireNonNull(slackPolicy, "slackPolicy");
            return this;
        }

        /**
         * Most restaurants whose floor plans are cached. Default 10,000.
         *
         * @param maximumSize at least 1
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder cacheMaximumSize(long maximumSize) {
            if (maximumSize < 1) {
                throw new IllegalArgumentException("cacheMaximumSize must be at least 1: " + maximumSize);
            }
            this.cacheMaximumSize = maximumSize;
            return this;
        }

        /**
         * How long a cached floor plan may live without being invalidated: a backstop in case a notification is
         * lost. Default 10 minutes.
         *
         * @param timeToLive positive
         * @return this builder
         */
        public Builder cacheTimeToLive(Duration timeToLive) {
            this.cacheTimeToLive = positive(timeToLive, "cacheTimeToLive");
            return this;
        }

        /**
         * Whether to keep one connection listening for floor-plan changes (channel {@code capacity_floor_plan}) so
         * that edits by other instances and by plain SQL invalidate this instance's cache. Default {@code true};
         * size the pool one connection larger. {@link PostgresCapacity#close()} releases it.
         *
         * @param listen whether to listen
         * @return this builder
         */
        public Builder listenForChanges(boolean listen) {
            this.listenForChanges = listen;
            return this;
        }

        /**
         * Settings of {@link PostgresCapacity#allocationPruner()}. Default {@link PrunerSettings#defaults()}.
         *
         * @param pruner the settings
         * @return this builder
         */
        public Builder pruner(PrunerSettings pruner) {
            this.pruner = Objects.requireNonNull(pruner, "pruner");
            return this;
        }

        /**
         * Settings of {@link PostgresCapacity#holdSweeper()}. Default {@link SweeperSettings#defaults()}.
         *
         * @param sweeper the settings
         * @return this builder
         */
        public Builder sweeper(SweeperSettings sweeper) {
            this.sweeper = Objects.requireNonNull(sweeper, "sweeper");
            return this;
        }

        /**
         * Builds the library.
         *
         * @return the library
         * @throws IllegalStateException if neither a data source nor a configuration was given
         * @throws IllegalArgumentException if no slack policy was given and {@code CAPACITY_MANUAL_MAX_SLACK} is
         *     invalid
         */
        public PostgresCapacity build() {
            if (dataSource == null && configuration == null) {
                throw new IllegalStateException("dataSource or configuration is required");
            }
            return new PostgresCapacity(this).start();
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }

        /** PostgreSQL applies whole milliseconds up to a 32-bit limit; less than 1 ms would turn it off. */
        private static Duration timeout(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (!d.isZero() && (d.compareTo(Duration.ofMillis(1)) < 0 || d.compareTo(SweeperSettings.MAX_TIMEOUT) > 0)) {
                throw new IllegalArgumentException(name + " must be zero or from 1 ms to " + SweeperSettings.MAX_TIMEOUT
                        + ": " + d);
            }
            return d;
        }
    }
}
