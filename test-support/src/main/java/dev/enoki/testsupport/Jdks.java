package dev.enoki.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JDKs installed beside the one the tests run on, for a child JVM of another Java release: each directory of
 * {@code ENOKI_JDKS} (colon-separated) and of {@code /usr/lib/jvm} whose {@code release} file names its version.
 */
public final class Jdks {
    private static final Pattern VERSION = Pattern.compile("^JAVA_VERSION=\"(?:1\\.)?(\\d+)", Pattern.MULTILINE);

    private Jdks() {
    }

    /** The {@code java} of the newest installed JDK of at least {@code release}; an AssertionError if none is. */
    public static Path javaAtLeast(int release) {
        return find(v -> v >= release, Comparator.reverseOrder(), "Java " + release + " or later");
    }

    /** The {@code java} of an installed JDK older than {@code release}; an AssertionError if none is. */
    public static Path javaBefore(int release) {
        return find(v -> v < release, Comparator.naturalOrder(), "a Java older than " + release);
    }

    private static Path find(IntPredicate wanted, Comparator<Integer> preferred, String what) {
        List<Path> homes = new ArrayList<>();
        homes.add(Path.of(System.getProperty("java.home")));
        String extra = System.getenv("ENOKI_JDKS");
        if (extra != null) {
            Stream.of(extra.split(":")).filter(s -> !s.isBlank()).map(Path::of).forEach(homes::add);
        }
        try (Stream<Path> installed = Files.isDirectory(Path.of("/usr/lib/jvm"))
                ? Files.list(Path.of("/usr/lib/jvm")) : Stream.empty()) {
            installed.sorted().forEach(homes::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return homes.stream()
                .filter(home -> Files.isExecutable(home.resolve("bin/java")))
                .filter(home -> releaseOf(home).filter(wanted::test).isPresent())
                .min(Comparator.comparing(home -> releaseOf(home).orElseThrow(), preferred))
                .map(home -> home.resolve("bin/java"))
                .orElseThrow(() -> new AssertionError("no JDK of " + what + " is installed (looked in java.home, "
                        + "ENOKI_JDKS and /usr/lib/jvm)"));
    }

    private static Optional<Integer> releaseOf(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return Optional.empty();
        }
        try {
            Matcher m = VERSION.matcher(Files.readString(release));
            return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
