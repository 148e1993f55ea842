package dev.capacity.impl.reliability;

import dev.capacity.testkit.time.MutableInstantSource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every task of a run shares: the business clock, the counters, the writers' ledger, the events, the stop
 * flag, and the list of unexpected outcomes (any of which fails the test). Thread-safe.
 */
final class Control {

    /** Unexpected outcomes kept in full; more are only counted. */
    private static final int KEEP = 50;

    final MutableInstantSource clock;
    final Tally tally = new Tally();
    final Ledger ledger = new Ledger();
    final EventLog events = new EventLog();
    /** How long a writer keeps retrying a call that fails retryably before it gives up (and reports that). */
    final Duration retryFor;

    private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();
    private final AtomicInteger unexpectedCount = new AtomicInteger();
    private final CountDownLatch stop = new CountDownLatch(1);

    Control(MutableInstantSource clock, Duration retryFor) {
        this.clock = clock;
        this.retryFor = retryFor;
    }

    boolean running() {
        return stop.getCount() > 0;
    }

    void stop() {
        stop.countDown();
    }

    /** Lets the tasks run for {@code duration}, or less if something unexpected happened. */
    void runFor(Duration duration) throws InterruptedException {
        stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Records an outcome that fails the test and stops the run. */
    void unexpected(String what, Throwable t) {
        if (unexpectedCount.incrementAndGet() <= KEEP) {
            StringWriter trace = new StringWriter();
            if (t != null) {
                t.printStackTrace(new PrintWriter(trace));
            }
            unexpected.add(what + (t == null ? "" : "\n" + trace));
        }
        stop();
    }

    List<String> unexpected() {
        return List.copyOf(unexpected);
    }

    int unexpectedCount() {
        return unexpectedCount.get();
    }
}
