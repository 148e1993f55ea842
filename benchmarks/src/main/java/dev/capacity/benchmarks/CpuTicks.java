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
 * @param busy ticks spent running something
 * @param steal ticks taken by the hypervisor
 */
record CpuTicks(long busy, long steal) {

    private static final Path STAT = Path.of("/proc/stat");

    /** @return the counters now, or {@code (-1, -1)} where {@code /proc/stat} is not readable (not Linux) */
    static CpuTicks now() {
        try {
            String line = Files.readAllLines(STAT).get(0);
            String[] f = line.trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]);
            return new CpuTicks(busy, Long.parseLong(f[8]));
        } catch (IOException | RuntimeException e) {
            return new CpuTicks(-1, -1);
        }
    }

    /** @return the counters' growth from {@code earlier} to this one */
    CpuTicks minus(CpuTicks earlier) {
        return busy < 0 || earlier.busy < 0 ? new CpuTicks(-1, -1)
                : new CpuTicks(busy - earlier.busy, steal - earlier.steal);
    }
}
