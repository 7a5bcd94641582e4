package dev.enoki.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * This JVM's CPU time split by the part each thread plays (the calling event loop, the serving one, the workers...),
 * told apart by thread name: the per-call CPU of a whole process says how much a call costs, this says where.
 */
final class CpuByRole {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final List<String> roles;
    private final Function<String, String> roleOf;

    /** {@code roleOf}: the role of a thread with that name, one of {@code roles} (the order they are printed in). */
    CpuByRole(List<String> roles, Function<String, String> roleOf) {
        this.roles = roles;
        this.roleOf = roleOf;
    }

    /** CPU time so far of every live thread, by thread id, with its role. */
    Snapshot snapshot() {
        long[] ids = THREADS.getAllThreadIds();
        ThreadInfo[] infos = THREADS.getThreadInfo(ids);
        Map<Long, Sample> samples = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            long cpu = THREADS.getThreadCpuTime(ids[i]);
            if (infos[i] != null && cpu >= 0) {
                samples.put(ids[i], new Sample(roleOf.apply(infos[i].getThreadName()), cpu));
            }
        }
        return new Snapshot(roles, samples);
    }

    /** Nanoseconds of CPU each role used from {@code before} to {@code after}; a thread born between counts whole. */
    static Map<String, Long> between(Snapshot before, Snapshot after) {
        Map<String, Long> byRole = new LinkedHashMap<>();
        after.roles.forEach(role -> byRole.put(role, 0L));
        after.samples.forEach((id, sample) -> {
            Sample earlier = before.samples.get(id);
            long used = sample.cpuNanos - (earlier == null ? 0 : earlier.cpuNanos);
            byRole.merge(sample.role, Math.max(0, used), Long::sum);
        });
        return byRole;
    }

    record Snapshot(List<String> roles, Map<Long, Sample> samples) {
    }

    private record Sample(String role, long cpuNanos) {
    }
}
