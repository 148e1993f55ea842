package dev.capacity.benchmarks;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * Counts database round trips made through a {@link DataSource}, by wrapping it, its connections and their
 * statements in {@link Proxy dynamic proxies}: every statement execution ({@code execute*}) and every
 * {@code commit}/{@code rollback} is one round trip. pgjdbc sends {@code BEGIN} together with the first statement of
 * a transaction, so {@code setAutoCommit(false)} costs none. What the pool does on its own (validation, resets) goes
 * around the proxies and is not counted.
 *
 * <p>Counts are kept in total and per thread, so that a measurement on one thread is not disturbed by a
 * background thread (the floor-plan listener) using the same pool. Optionally records the SQL text of the
 * statements it sees. Thread-safe.
 */
final class RoundTrips {

    private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate",
            "executeLargeUpdate", "executeBatch", "executeLargeBatch");

    private final LongAdder total = new LongAdder();
    private final ThreadLocal<long[]> perThread = ThreadLocal.withInitial(() -> new long[1]);
    private volatile boolean recording;
    private final List<String> recorded = new ArrayList<>();

    /** @return round trips made so far, all threads */
    long total() {
        return total.sum();
    }

    /** @return round trips made so far by the calling thread */
    long ofThisThread() {
        return perThread.get()[0];
    }

    /** Starts or stops recording the SQL text of statements (prepared and plain). */
    void record(boolean on) {
        recording = on;
    }

    /** @return the statements recorded so far, in order, and forget them */
    List<String> drainRecorded() {
        synchronized (recorded) {
            List<String> out = List.copyOf(recorded);
            recorded.clear();
            return out;
        }
    }

    private void count() {
        total.increment();
        perThread.get()[0]++;
    }

    private void remember(Object sql) {
        if (recording && sql instanceof String s) {
            synchronized (recorded) {
                recorded.add(s);
            }
        }
    }

    /**
     * Wraps a data source.
     *
     * @param target the real data source
     * @return a data source whose round trips this object counts
     */
    DataSource wrap(DataSource target) {
        return (DataSource) Proxy.newProxyInstance(RoundTrips.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(target, method, args);
                    if (result instanceof Connection c && method.getName().equals("getConnection")) {
                        return connection(c);
                    }
                    return result;
                });
    }

    private Connection connection(Connection target) {
        InvocationHandler handler = new InvocationHandler() {
            @Override
            public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
                String name = method.getName();
                if (name.equals("commit") || name.equals("rollback")) {
                    count();
                }
                if (name.equals("prepareStatement") || name.equals("prepareCall")) {
                    remember(args[0]);
                }
                Object result = RoundTrips.invoke(target, method, args);
                if (result instanceof Statement s && !name.equals("unwrap")) {
                    return statement(s, (Connection) proxy);
                }
                return result;
            }
        };
        return (Connection) Proxy.newProxyInstance(RoundTrips.class.getClassLoader(),
                new Class<?>[] {Connection.class}, handler);
    }

    private Statement statement(Statement target, Connection connection) {
        Class<?> type = target instanceof CallableStatement ? CallableStatement.class
                : target instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
        return (Statement) Proxy.newProxyInstance(RoundTrips.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    String name = method.getName();
                    if (EXECUTIONS.contains(name)) {
                        count();
                        if (args != null && args.length > 0) {
                            remember(args[0]);
                        }
                    }
                    if (name.equals("getConnection")) {
                        return connection;
                    }
                    return invoke(target, method, args);
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
