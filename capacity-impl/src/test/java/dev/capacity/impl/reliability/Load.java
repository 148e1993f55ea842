package dev.capacity.impl.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The tasks of a run, each on a thread of its own named after it, started together and stopped together. */
final class Load {

    /** How long the tasks may take to notice the stop and finish their current call; far more means a hang. */
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(60);

    private final Map<String, Callable<Void>> tasks = new LinkedHashMap<>();
    private final Control control;
    private ExecutorService executor;
    private final List<Future<Void>> futures = new ArrayList<>();

    Load(Control control) {
        this.control = control;
    }

    Load add(String name, Callable<Void> task) {
        tasks.put(name, task);
        return this;
    }

    Load start() {
        List<String> names = new ArrayList<>(tasks.keySet());
        AtomicInteger next = new AtomicInteger();
        executor = Executors.newFixedThreadPool(tasks.size(), r -> {
            Thread t = new Thread(r, names.get(next.getAndIncrement()));
            t.setDaemon(true);
            return t;
        });
        tasks.values().forEach(task -> futures.add(executor.submit(task)));
        return this;
    }

    /** Stops the run and waits for every task; a task that does not finish, or threw, fails the test. */
    void stop() throws InterruptedException, ExecutionException {
        control.stop();
        executor.shutdown();
        boolean finished = executor.awaitTermination(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            executor.shutdownNow();
        }
        assertThat(finished).as("every task finished within %s of the stop", STOP_DEADLINE).isTrue();
        for (Future<Void> f : futures) {
            f.get();
        }
    }
}
