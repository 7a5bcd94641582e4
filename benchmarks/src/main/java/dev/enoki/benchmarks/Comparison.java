package dev.enoki.benchmarks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a bare baseline and Enoki side by side at 1, 64 and 256 calls in flight, alternating their windows so both
 * see the same machine, and prints the median window of each, the median of Enoki's ratio to bare round by round,
 * and the CPU time this JVM spent per call on each side (the whole cost when both sides run in it; the client's
 * share otherwise). Reference loads, when given, take their turn in the same rotation and are printed with their own
 * ratio to bare and Enoki's ratio to them.
 */
final class Comparison {
    static final int[] LEVELS = {1, 64, 256};

    private Comparison() {
    }

    static void run(String label, ClosedLoop bare, ClosedLoop enoki, Settings settings) {
        run(label, bare, enoki, Map.of(), settings);
    }

    /** {@code references}: by name, in the order to print them. */
    static void run(String label, ClosedLoop bare, ClosedLoop enoki, Map<String, ClosedLoop> references,
                    Settings settings) {
        run(label, new String[]{"bare", "enoki"}, LEVELS, bare, enoki, references, settings);
    }

    /**
     * The same for any two loads, named for the columns ({@code {"off", "on"}}, say), at {@code levels} in flight;
     * the ratio is the second's rate to the first's.
     */
    static void run(String label, String[] names, int[] levels, ClosedLoop bare, ClosedLoop enoki,
                    Map<String, ClosedLoop> references, Settings settings) {
        System.out.printf("warming up %d s each%n", settings.warmupSeconds());
        bare.run(64, settings.warmupSeconds() * 1000L).await();
        references.values().forEach(reference -> reference.run(64, settings.warmupSeconds() * 1000L).await());
        enoki.run(64, settings.warmupSeconds() * 1000L).await();

        System.out.printf("%n%-10s %9s | %12s %8s %8s %8s | %12s %8s %8s %8s | %6s%n", "bench", "in flight",
                names[0] + " req/s", "p50 µs", "p99 µs", "cpu µs", names[1] + " req/s", "p50 µs", "p99 µs", "cpu µs",
                "ratio");
        List<String> split = new ArrayList<>();
        List<String> byReference = new ArrayList<>();
        for (int level : levels) {
            List<ClosedLoop.Window> bareWindows = new ArrayList<>();
            List<ClosedLoop.Window> enokiWindows = new ArrayList<>();
            Map<String, List<ClosedLoop.Window>> referenceWindows = new LinkedHashMap<>();
            references.keySet().forEach(name -> referenceWindows.put(name, new ArrayList<>()));
            for (int i = 0; i < settings.windows(); i++) {
                // Every other round runs Enoki first: a window pays for garbage and compilation the one before it
                // left, so a fixed order would favour the side that always goes first.
                if (i % 2 == 1) {
                    enokiWindows.add(window(enoki, level, settings));
                }
                bareWindows.add(window(bare, level, settings));
                references.forEach((name, reference) ->
                        referenceWindows.get(name).add(window(reference, level, settings)));
                if (i % 2 == 0) {
                    enokiWindows.add(window(enoki, level, settings));
                }
            }
            double ratio = medianRatio(bareWindows, enokiWindows);
            ClosedLoop.Window b = median(bareWindows);
            ClosedLoop.Window e = median(enokiWindows);
            referenceWindows.forEach((name, windows) -> {
                ClosedLoop.Window r = median(windows);
                byReference.add(String.format("%-10s %9d  %-34s %,12.0f %8.1f %8.2f %12.2f", label, level, name,
                        r.perSecond(), r.cpuMicrosPerCall(), r.perSecond() / b.perSecond(),
                        e.perSecond() / r.perSecond()));
            });
            System.out.printf("%-10s %9d | %,12.0f %8d %8d %8.1f | %,12.0f %8d %8d %8.1f | %6.2f%n", label, level,
                    b.perSecond(), b.p50(), b.p99(), b.cpuMicrosPerCall(), e.perSecond(), e.p50(), e.p99(),
                    e.cpuMicrosPerCall(), ratio);
            split.add(cpuSplit(label, level, "bare", b));
            split.add(cpuSplit(label, level, "enoki", e));
        }
        if (!byReference.isEmpty()) {
            System.out.printf("%nReferences, in the same rotation of windows:%n%-10s %9s  %-34s %12s %8s %8s %12s%n",
                    "bench", "in flight", "reference", "req/s", "cpu µs", "of bare", "enoki of it");
            byReference.forEach(System.out::println);
        }
        split.removeIf(String::isEmpty);
        if (!split.isEmpty()) {
            System.out.printf("%nCPU µs per call by thread role, same windows:%n");
            split.forEach(System.out::println);
        }
    }

    /** One line of where a window's CPU went, or nothing when its load did not split it. */
    private static String cpuSplit(String label, int level, String side, ClosedLoop.Window w) {
        StringBuilder line = new StringBuilder();
        w.cpuMicrosPerCallByRole().forEach((role, micros) -> line.append(String.format("  %s %.1f", role, micros)));
        return line.isEmpty() ? "" : String.format("%-10s %9d %-6s%s", label, level, side, line);
    }

    private static ClosedLoop.Window window(ClosedLoop loop, int inFlight, Settings settings) {
        ClosedLoop.Window w = loop.run(inFlight, settings.seconds() * 1000L).await();
        if (w.errors() > 0) {
            throw new IllegalStateException(w.errors() + " calls failed during the benchmark");
        }
        return w;
    }

    /**
     * The median of Enoki's rate to bare's over the rounds, each round's two windows run back to back: a pair meets
     * the same state of the machine, so drift between rounds (another process waking, a slow stretch of the disk)
     * cancels out of each ratio instead of widening the gap between two medians taken apart.
     */
    private static double medianRatio(List<ClosedLoop.Window> bare, List<ClosedLoop.Window> enoki) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < bare.size(); i++) {
            ratios.add(enoki.get(i).perSecond() / bare.get(i).perSecond());
        }
        ratios.sort(Comparator.naturalOrder());
        return ratios.get(ratios.size() / 2);
    }

    /** The window with the median throughput. */
    private static ClosedLoop.Window median(List<ClosedLoop.Window> windows) {
        windows.sort(Comparator.comparingDouble(ClosedLoop.Window::perSecond));
        return windows.get(windows.size() / 2);
    }

    /** {@code windows=5 seconds=3 warmup=5}, each optional, plus any {@code key=value} a benchmark reads itself. */
    record Settings(int windows, int seconds, int warmupSeconds, java.util.Map<String, String> extra) {
        static Settings parse(String[] args) {
            java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
            for (String arg : args) {
                String[] kv = arg.split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("settings are key=value, not " + arg);
                }
                values.put(kv[0], kv[1]);
            }
            return new Settings(Integer.parseInt(values.getOrDefault("windows", "5")),
                    Integer.parseInt(values.getOrDefault("seconds", "3")),
                    Integer.parseInt(values.getOrDefault("warmup", "5")), values);
        }
    }
}
