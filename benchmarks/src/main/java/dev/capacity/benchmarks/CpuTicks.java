package dev.capacity.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's CPU time from {@code /proc/stat}, in clock ticks summed over all CPUs: time spent running anything
 * (user, nice, system, irq, softirq) and time the hypervisor gave to other machines (steal). With the database on
 * the same machine, the busy time over a measurement is what the measured work cost the machine, client and server
 * together; unlike the elapsed time, it does not grow when the hypervisor takes the CPUs away.
 *
 * <p>The benchmark's own process is counted apart ({@code jvmNanos}): with nothing else running, the rest of the busy
 * time is the database's, which splits a side's cost into client and server.
 *
 * @param busy ticks spent running something
 * @param steal ticks taken by the hypervisor
 * @param jvmNanos CPU time of this Java process, in nanoseconds ({@code -1} where the JVM does not tell)
 */
record CpuTicks(long busy, long steal, long jvmNanos) {

    /** Clock ticks per second of {@code /proc/stat} (USER_HZ), 100 on every Linux this runs on. */
    static final int TICKS_PER_SECOND = 100;

    private static final Path STAT = Path.of("/proc/stat");

    /** @return the counters now, or {@code (-1, -1, ...)} where {@code /proc/stat} is not readable (not Linux) */
    static CpuTicks now() {
        long jvm = processNanos();
        try {
            String line = Files.readAllLines(STAT).get(0);
            String[] f = line.trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]);
            return new CpuTicks(busy, Long.parseLong(f[8]), jvm);
        } catch (IOException | RuntimeException e) {
            return new CpuTicks(-1, -1, jvm);
        }
    }

    private static long processNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }

    /** @return the counters' growth from {@code earlier} to this one */
    CpuTicks minus(CpuTicks earlier) {
        long jvm = jvmNanos < 0 || earlier.jvmNanos < 0 ? -1 : jvmNanos - earlier.jvmNanos;
        return busy < 0 || earlier.busy < 0 ? new CpuTicks(-1, -1, jvm)
                : new CpuTicks(busy - earlier.busy, steal - earlier.steal, jvm);
    }

    /** @return ticks of the busy time not spent in this process (the database's, when nothing else runs) */
    double otherTicks() {
        return busy < 0 || jvmNanos < 0 ? Double.NaN : busy - jvmNanos / (1e9 / TICKS_PER_SECOND);
    }
}
