package dev.enoki.launcher;

import com.zaxxer.hikari.HikariDataSource;
import dev.enoki.database.Database;
import dev.enoki.demo.helloworld.GreetingService;
import dev.enoki.testsupport.ChildJvm;
import org.flywaydb.core.Flyway;
import org.flywaydb.database.postgresql.PostgreSQLDatabaseType;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The packaged {@code enoki.jar} run as a separate process, its output collected line by line. */
final class LauncherProcess implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final ChildJvm jvm;

    private LauncherProcess(ChildJvm jvm) {
        this.jvm = jvm;
    }

    static LauncherProcess start(String... args) {
        return start(Map.of(), args);
    }

    static LauncherProcess start(Map<String, String> env, String... args) {
        return new LauncherProcess(ChildJvm.java("enoki.jar")
                .args("-XX:TieredStopAtLevel=1", "-jar", System.getProperty("enoki.jar", "target/enoki.jar"))
                .args(args).env(env).start());
    }

    /** Runs to the end with this stdin; returns the finished process. */
    static LauncherProcess runWithInput(String stdin, String... args) {
        return start(args).finishWith(stdin);
    }

    static LauncherProcess run(String... args) {
        return runWithInput("", args);
    }

    /** Runs to the end with this environment added and no stdin. */
    static LauncherProcess run(Map<String, String> env, String... args) {
        return start(env, args).finishWith("");
    }

    private LauncherProcess finishWith(String stdin) {
        jvm.finishInput(stdin);
        exitCode();
        return this;
    }

    /** Where the demo services' classes are, for {@code --classpath}. */
    static String demoClasses() {
        return ChildJvm.locationOf(GreetingService.class);
    }

    /** Where this module's test fixtures are, for {@code --classpath}. */
    static String fixtureClasses() {
        return ChildJvm.locationOf(LauncherProcess.class);
    }

    static String classpath() {
        return demoClasses() + File.pathSeparator + fixtureClasses() + File.pathSeparator + databaseClasses();
    }

    /**
     * The database extension the shop's payments service stores its payments with, and the libraries it needs, as a
     * user puts them on {@code --classpath} beside plain service classes (the demo's jar carries them itself).
     */
    static String databaseClasses() {
        return Stream.of(Database.class, HikariDataSource.class, org.h2.Driver.class, org.postgresql.Driver.class,
                        Flyway.class, PostgreSQLDatabaseType.class)
                .map(ChildJvm::locationOf).distinct().collect(Collectors.joining(File.pathSeparator));
    }

    void awaitOutput(Predicate<String> line) {
        jvm.awaitLine("that line", line, WAIT);
    }

    /** Sends SIGTERM. */
    void terminate() {
        jvm.terminate();
    }

    /** The exit code; a process still running after the wait is killed and fails the test. */
    int exitCode() {
        try {
            return jvm.awaitExit(WAIT);
        } catch (AssertionError e) {
            jvm.kill();
            throw e;
        }
    }

    List<String> stdout() {
        return jvm.stdout();
    }

    /** The position of the first stdout line starting with {@code prefix}, or -1. */
    int lineStartingWith(String prefix) {
        List<String> lines = stdout();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    String stdoutText() {
        return String.join("\n", jvm.stdout());
    }

    List<String> stderr() {
        return jvm.stderr();
    }

    String stderrText() {
        return String.join("\n", jvm.stderr());
    }

    @Override
    public void close() {
        jvm.close();
    }
}
