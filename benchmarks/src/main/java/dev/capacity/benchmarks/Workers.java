package dev.capacity.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs workers on their own threads, started together, and times them. */
final class Workers {

    /** A run that takes longer than this is a hang, not a measurement. */
    static final long DEADLINE_MINUTES = 30;

    private Workers() {
    }

    /**
     * Starts all workers at once and waits for all of them.
     *
     * @return nanoseconds from the common start until the last worker finished
     */
    static long timed(List<Callable<Void>> workers) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(workers.size());
        CountDownLatch ready = new CountDownLatch(workers.size());
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (Callable<Void> w : workers) {
                futures.add(executor.submit(() -> {
                    ready.countDown();
                    go.await();
                    return w.call();
                }));
            }
            ready.await();
            long start = System.nanoTime();
            go.countDown();
            executor.shutdown();
            if (!executor.awaitTermination(DEADLINE_MINUTES, TimeUnit.MINUTES)) {
                throw new IllegalStateException("workers did not finish within " + DEADLINE_MINUTES + " minutes");
            }
            long elapsed = System.nanoTime() - start;
            for (Future<Void> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception x ? x : new IllegalStateException(e.getCause());
                }
            }
            return elapsed;
        } finally {
            executor.shutdownNow();
        }
    }
}
