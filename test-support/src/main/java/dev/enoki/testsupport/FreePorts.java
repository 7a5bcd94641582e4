package dev.enoki.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * Ports of 127.0.0.1 for the servers a test starts, chosen outside the kernel's ephemeral range.
 *
 * <p>A port handed out by {@code bind(0)} comes from that range, and between the test closing its probe and the server
 * binding it, any outgoing connection may take it as its local port; a client that keeps retrying a not yet listening
 * port of its own range can even connect to itself and hold it. Ports outside the range are only ever taken by a server
 * that asks for them by number, and one process never hands out the same port twice.
 */
public final class FreePorts {
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LOWEST = 10_000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    /** The span ports are picked from, {@code [first, last]}; the kernel's range is read once. */
    private static final int[] CANDIDATES = candidates();

    private FreePorts() {
    }

    /** A port nothing listens on now and no outgoing connection will take. */
    public static int next() {
        return block(1);
    }

    /** The first of {@code count} consecutive such ports. */
    public static int block(int count) {
        int[] range = CANDIDATES;
        for (int attempt = 0; attempt < 500; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(range[0], range[1] - count + 1);
            if (IntStream.range(first, first + count).allMatch(FreePorts::claim)) {
                return first;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports in " + range[0] + "-" + range[1]);
    }

    private static boolean claim(int port) {
        return !HANDED_OUT.contains(port) && bindable(port) && HANDED_OUT.add(port);
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The widest span outside the ephemeral range: below it, or above it where the range starts low. */
    private static int[] candidates() {
        int ephemeralLow = 32_768;
        int ephemeralHigh = 60_999;
        try {
            String[] bounds = Files.readString(EPHEMERAL_RANGE).trim().split("\\s+");
            ephemeralLow = Integer.parseInt(bounds[0]);
            ephemeralHigh = Integer.parseInt(bounds[1]);
        } catch (IOException | RuntimeException notLinux) {
            // the usual Linux defaults
        }
        int below = ephemeralLow - LOWEST;
        int above = 65_535 - ephemeralHigh;
        return below >= above ? new int[] {LOWEST, ephemeralLow - 1} : new int[] {ephemeralHigh + 1, 65_535};
    }
}
