package dev.enoki.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node's live heap as the JDK's own {@code jcmd} reports it: a full collection first ({@code GC.run}), then the
 * used size of every generation ({@code GC.heap_info}), so what is left is what the node still holds.
 */
final class HeapProbe {
    private static final Pattern GENERATION_USED = Pattern.compile("generation\\s+total \\d+K, used (\\d+)K");

    private HeapProbe() {
    }

    /** Bytes of heap in use after a full GC of the JVM {@code pid}. */
    static long usedAfterGc(long pid) {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher m = GENERATION_USED.matcher(info);
        long kilobytes = 0;
        int generations = 0;
        while (m.find()) {
            kilobytes += Long.parseLong(m.group(1));
            generations++;
        }
        if (generations == 0) {
            throw new IllegalStateException("no heap figures in jcmd's answer: " + info);
        }
        return kilobytes * 1024;
    }

    static String megabytes(long bytes) {
        return String.format("%.1f MB", bytes / (1024.0 * 1024.0));
    }

    private static String jcmd(long pid, String command) {
        try {
            Process process = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run jcmd", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
