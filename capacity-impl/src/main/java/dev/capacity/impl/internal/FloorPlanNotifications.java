package dev.capacity.impl.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on the floor-plan channel (the schema's triggers {@code pg_notify} it with the restaurant id in the
 * editing transaction) and turns its notifications into {@link Callbacks}, so that every instance drops its
 * cached floor plan, also for edits made by plain SQL outside the library.
 *
 * <p>Why it looks like this:
 * <ul>
 *   <li>pgjdbc cannot push notifications: {@link PGConnection#getNotifications(int)} blocks on the socket. So one
 *       daemon thread owns one dedicated connection (from a pool, it occupies one slot for good) and blocks for
 *       at most the poll interval at a time. {@code LISTEN} belongs to the session: the connection goes back
 *       only after {@code UNLISTEN *}, and a broken one is aborted so that a pool evicts it.</li>
 *   <li>NOTIFY is not durable: whatever is sent while we are disconnected is lost. So after every successful
 *       {@code LISTEN} (the first one too: a floor plan may have been cached and edited before it) the thread
 *       calls {@link Callbacks#reset()}; {@code LISTEN} runs first so that nothing falls between the two.</li>
 *   <li>A blocked read does not notice a backend that died without closing its socket, so after about a
 *       second without traffic the thread sends {@code SELECT 1}; a network timeout bounds that round trip.</li>
 *   <li>Failures never end the thread: connection errors are retried with a doubling backoff (logged at warn
 *       once per outage), and callback exceptions are logged and swallowed.</li>
 * </ul>
 * Thread-safe: {@link #start()} and {@link #close()} may be called from any thread; the getters are snapshots.
 */
public final class FloorPlanNotifications implements AutoCloseable {

    /** The channel that the schema's triggers notify. */
    public static final String DEFAULT_CHANNEL = "capacity_floor_plan";

    private static final Logger LOG = LoggerFactory.getLogger(FloorPlanNotifications.class);
    /** How long the connection may go without a server round trip before a {@code SELECT 1} checks it. */
    private static final long LIVENESS_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Bounds LISTEN and {@code SELECT 1} on a half-open socket; getNotifications sets its own timeout. */
    private static final int NETWORK_TIMEOUT_MILLIS = 10_000;
    private static final long JOIN_MILLIS = 5_000;
    /** An hour: longer pauses would hide an outage, and doubling can never overflow. */
    private static final long MAX_BACKOFF_MILLIS = 3_600_000;

    /** Opens the dedicated connection, for example {@code dataSource::getConnection}; failures are retried. */
    @FunctionalInterface
    public interface ConnectionSource {
        /** @return a new connection that the listener owns and closes */
        Connection get() throws SQLException;
    }

    /** What the listener reports; called on the listener's thread, one call at a time. */
    public interface Callbacks {
        /** @param restaurantId a restaurant whose floor plan changed in a committed transaction */
        void changed(UUID restaurantId);

        /** Notifications may have been missed (the connection was (re)established): drop everything. */
        void reset();
    }

    private final ConnectionSource connections;
    private final String channel;
    private final Callbacks callbacks;
    private final int pollMillis;
    private final long initialBackoffMillis;
    private final long maxBackoffMillis;
    private final String threadName;
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private volatile boolean closed;
    private volatile boolean connected;
    private volatile int backendPid = -1;
    private volatile @Nullable Connection current;
    private @Nullable Thread thread;

    /**
     * @param connections opens the dedicated connection
     * @param channel the channel to listen on, for example {@link #DEFAULT_CHANNEL}
     * @param callbacks receives changes and resets
     * @param pollInterval how long one {@code getNotifications} call blocks before the loop checks for close
     * @param initialBackoff the first pause after a failure; doubles per failed attempt
     * @param maxBackoff the longest pause between attempts
     * @param threadName the name of the listener thread
     */
    public FloorPlanNotifications(ConnectionSource connections, String channel, Callbacks callbacks,
            Duration pollInterval, Duration initialBackoff, Duration maxBackoff, String threadName) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.channel = Objects.requireNonNull(channel, "channel");
        // pg_notify rejects names of 64 bytes or more, while LISTEN would silently truncate them: fail early.
        if (channel.isEmpty() || channel.getBytes(StandardCharsets.UTF_8).length > 63 || channel.indexOf(0) >= 0) {
            throw new IllegalArgumentException("channel must be 1-63 bytes without NUL, was '" + channel + "'");
        }
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
        this.pollMillis = (int) millis(pollInterval, "pollInterval", Integer.MAX_VALUE);
        this.initialBackoffMillis = millis(initialBackoff, "initialBackoff", MAX_BACKOFF_MILLIS);
        this.maxBackoffMillis = millis(maxBackoff, "maxBackoff", MAX_BACKOFF_MILLIS);
        if (maxBackoffMillis < initialBackoffMillis) {
            throw new IllegalArgumentException("maxBackoff must be >= initialBackoff, was " + maxBackoff);
        }
        this.threadName = Objects.requireNonNull(threadName, "threadName");
    }

    /** The default channel, a 250 ms poll, backoff from 100 ms doubling to 5 s, and a thread named for it. */
    public FloorPlanNotifications(ConnectionSource connections, Callbacks callbacks) {
        this(connections, DEFAULT_CHANNEL, callbacks, Duration.ofMillis(250), Duration.ofMillis(100),
                Duration.ofSeconds(5), "capacity-floor-plan-listener");
    }

    private static long millis(Duration d, String name, long max) {
        Objects.requireNonNull(d, name);
        if (d.compareTo(Duration.ofMillis(1)) < 0 || d.compareTo(Duration.ofMillis(max)) > 0) {
            throw new IllegalArgumentException(name + " must be between 1 ms and " + max + " ms, was " + d);
        }
        return d.toMillis();
    }

    /** Starts the listener thread, a daemon so that it never keeps the JVM alive; only once, never after close. */
    public synchronized void start() {
        if (closed || thread != null) {
            throw new IllegalStateException(closed ? "closed" : "already started");
        }
        Thread t = new Thread(this::run, threadName);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /**
     * Stops the thread and waits up to 5 s for it. Idempotent. The thread first gets one poll interval (at most
     * 1 s) to {@code UNLISTEN} and hand its connection back cleanly, since a socket read cannot be interrupted;
     * then the connection is aborted, which ends even a read on a half-open socket at once.
     */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = thread;
        }
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        t.interrupt();
        try {
            t.join(Math.min(pollMillis + 250L, 1_000L));
            if (t.isAlive()) {
                abort(current);
                t.join(JOIN_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.warn("Floor-plan listener thread {} did not stop within {} ms", threadName, JOIN_MILLIS);
        }
    }

    /** @return whether the listener currently holds a connection that runs {@code LISTEN} */
    public boolean connected() {
        return connected;
    }

    /** @return how many times a connection was established after a lost connection or a failed attempt */
    public long reconnects() {
        return reconnects.get();
    }

    /** @return how many notifications arrived on the channel, including ignored ones */
    public long notificationsReceived() {
        return received.get();
    }

    /** @return the server process id of the listening connection while connected */
    public OptionalInt backendPid() {
        int pid = backendPid;
        return connected && pid > 0 ? OptionalInt.of(pid) : OptionalInt.empty();
    }

    private void run() {
        long backoff = initialBackoffMillis;
        long failures = 0;
        long outages = 0;
        while (!closed) {
            Connection c = null;
            boolean clean = false;
            try {
                c = connections.get();
                current = c;
                if (closed) {
                    clean = true;
                    break; // close() may have missed this connection; the finally closes it
                }
                PGConnection pg = listen(c);
                connected = true;
                if (failures > 0) {
                    reconnects.incrementAndGet();
                    LOG.info("Floor-plan listener on '{}' reconnected after {} failed attempt(s); dropping all"
                            + " cached floor plans", channel, failures);
                }
                failures = 0;
                backoff = initialBackoffMillis;
                safely(callbacks::reset, "reset()");
                poll(c, pg); // returns only once closed
                clean = true;
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    break;
                }
                if (failures++ == 0) {
                    LOG.warn("Floor-plan listener on '{}' lost its connection (outage {}); retrying every {}-{} ms"
                            + " until it is back", channel, ++outages, initialBackoffMillis, maxBackoffMillis, e);
                } else {
                    LOG.debug("Floor-plan listener on '{}': attempt {} failed: {}", channel, failures, e.toString());
                }
            } finally {
                connected = false;
                backendPid = -1;
                current = null;
                release(c, clean);
            }
            if (!closed && !pause(backoff)) {
                break;
            }
            backoff = Math.min(backoff * 2, maxBackoffMillis);
        }
    }

    private PGConnection listen(Connection c) throws SQLException {
        c.setAutoCommit(true); // LISTEN takes effect at commit, and an open transaction would pin the queue
        c.setNetworkTimeout(Runnable::run, NETWORK_TIMEOUT_MILLIS);
        PGConnection pg = c.unwrap(PGConnection.class); // also through pool proxies such as HikariCP's
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN \"" + channel.replace("\"", "\"\"") + "\"");
            try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                backendPid = rs.getInt(1);
            }
        }
        return pg;
    }

    private void poll(Connection c, PGConnection pg) throws SQLException {
        long lastContact = System.nanoTime();
        while (!closed) {
            PGNotification[] batch = pg.getNotifications(pollMillis);
            if (batch != null && batch.length > 0) {
                lastContact = System.nanoTime();
                for (PGNotification n : batch) {
                    received.incrementAndGet();
                    deliver(n.getParameter());
                }
            } else if (System.nanoTime() - lastContact >= LIVENESS_NANOS) {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                }
                lastContact = System.nanoTime();
            }
        }
    }

    private void deliver(String payload) {
        UUID id;
        try {
            id = UUID.fromString(payload);
        } catch (IllegalArgumentException e) {
            LOG.debug("Floor-plan listener on '{}' ignored a payload that is not a restaurant id: '{}'",
                    channel, payload);
            return;
        }
        safely(() -> callbacks.changed(id), "changed(" + id + ")");
    }

    private void safely(Runnable call, String what) {
        try {
            call.run();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Floor-plan callback {} failed; the listener carries on", what, e);
        }
    }

    private boolean pause(long millis) { // false when close() interrupted it
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            return !closed; // a stray interrupt is not a reason to stop listening
        }
    }

    /** Closes the socket without the driver's lock, so that a read blocked on another thread fails at once. */
    private static void abort(@Nullable Connection c) {
        if (c != null) {
            try {
                c.abort(Runnable::run);
            } catch (SQLException | RuntimeException e) {
                LOG.debug("Aborting the floor-plan listener connection failed", e);
            }
        }
    }

    /**
     * A session that still LISTENs, or died behind the unwrapped {@link PGConnection} where a pool's proxy saw no
     * error, must never go back to a pool. So a healthy one is closed after {@code UNLISTEN *}, and any other is
     * aborted first: the pool's close then finds it closed and evicts it (HikariCP does, with a warning).
     */
    private static void release(@Nullable Connection c, boolean healthy) {
        if (c == null) {
            return;
        }
        Thread.interrupted(); // close()'s interrupt has done its job; keep it away from the pool's code
        boolean unlistened = false;
        if (healthy) {
            try (Statement s = c.createStatement()) {
                s.execute("UNLISTEN *");
                unlistened = true;
            } catch (SQLException | RuntimeException e) {
                LOG.debug("UNLISTEN failed; aborting the floor-plan listener connection instead", e);
            }
        }
        if (!unlistened) {
            abort(c);
        }
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Closing the floor-plan listener connection failed", e);
        }
    }
}
