package dev.enoki.doctests;

import dev.enoki.doctests.Markdown.Block;
import dev.enoki.testsupport.FreePorts;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the shell commands of the README and of docs/ (but the getting-started page, which
 * {@code scripts/getting-started-test.sh} plays), from the repository's root, as their markers say:
 * <ul>
 * <li>{@code run}: each block runs to exit code 0;</li>
 * <li>{@code server ready="TEXT" [port=P flag=--port]}: started in the background until TEXT appears in its output;
 * a Maven build before {@code &&} is left out (the build running this test made the jars). With {@code port}, a free
 * port replaces P, given with {@code flag}, so the test does not depend on P being free;</li>
 * <li>{@code probe}: runs while the server runs (P replaced the same way; a curl fails on an HTTP error status);</li>
 * <li>{@code output}: each line of the block appears in the previous command's output;</li>
 * <li>{@code ci}: each line is a command {@code .ci/run} runs;</li>
 * <li>{@code covered-by PATH}: the test (or script) at PATH runs these commands, e.g. a cluster of JVMs;</li>
 * <li>{@code manual REASON}: not run, for the reason given (a benchmark, Docker); listed in the output.</li>
 * </ul>
 * In {@code run} blocks, a Maven package build is left out as for a server.
 * The server is stopped with SIGTERM and must exit 0. A shell block with no marker fails the test.
 */
class CommandsDocIT {
    private static final Pattern MAVEN_BUILD_FIRST = Pattern.compile("^\\./mvnw [^&\n]*package && ");
    private static final Pattern MAVEN_BUILD_LINE = Pattern.compile("(?m)^\\./mvnw [^&\n]*package$");
    private static final Pattern OPTION = Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S+)");
    private static final Path ROOT = Markdown.root();

    private final List<String> problems = new ArrayList<>();
    private Process server;
    private Path serverOutput;
    private String port;
    private String freePort;
    private String lastOutput = "";
    private boolean lastWasServer;

    @Test
    void everyCommandOfTheReadmeAndDocsRuns() throws Exception {
        int played = 0;
        for (Path page : Markdown.pages()) {
            if (page.endsWith("getting-started.md")) {
                continue;
            }
            try {
                for (Block block : Markdown.blocks(page)) {
                    if (play(block)) {
                        played++;
                    }
                }
            } finally {
                stopServer(page);
            }
        }
        System.out.println("played " + played + " command blocks");
        assertThat(problems).isEmpty();
        assertThat(played).isGreaterThan(5);
    }

    private boolean play(Block block) throws Exception {
        String marker = block.marker();
        boolean afterServer = lastWasServer;
        lastWasServer = marker.startsWith("server");
        String kind = marker.split(" ", 2)[0];
        Map<String, String> options = options(marker);
        switch (kind) {
            case "ci" -> {
                String ci = Files.readString(ROOT.resolve(".ci/run"));
                block.lines().stream().filter(l -> !l.isBlank() && !ci.contains(l.trim()))
                        .forEach(l -> problems.add(block.where() + ": .ci/run does not run " + l));
            }
            case "run" -> run(block, MAVEN_BUILD_LINE.matcher(MAVEN_BUILD_FIRST.matcher(block.text()).replaceAll(""))
                    .replaceAll(""));
            case "covered-by" -> {
                String path = marker.substring("covered-by ".length()).trim();
                if (!Files.exists(ROOT.resolve(path))) {
                    problems.add(block.where() + ": covered by " + path + ", which does not exist");
                }
                return false;
            }
            case "manual" -> {
                String reason = marker.substring("manual".length()).trim();
                if (reason.isEmpty()) {
                    problems.add(block.where() + ": manual needs a reason");
                }
                System.out.println("not run, " + block.where() + ": " + reason);
                return false;
            }
            case "probe" -> {
                if (server == null || !server.isAlive()) {
                    problems.add(block.where() + ": a probe with no server running");
                    return false;
                }
                run(block, withPort(block.text()).lines()
                        .map(l -> l.startsWith("curl ") ? "curl --fail-with-body " + l.substring(5) : l)
                        .reduce("", (a, b) -> a + b + "\n"));
            }
            case "server" -> startServer(block, options);
            case "output" -> {
                lastWasServer = afterServer;
                String output = awaitOutput(block);
                block.lines().stream().filter(l -> !l.isBlank() && !output.contains(l))
                        .forEach(l -> problems.add(block.where() + ": no line '" + l + "' in the output:\n" + output));
            }
            case "snippet", "file" -> {
                return false;   // Java blocks: JavaSnippetsDocTest
            }
            default -> {
                if (List.of("sh", "bash", "shell").contains(block.language())) {
                    problems.add(block.where() + ": a shell block needs a doc-test marker (run, server, probe, ci)");
                }
                return false;
            }
        }
        return true;
    }

    private void run(Block block, String script) throws Exception {
        Path output = Files.createTempFile("doc-command", ".out");
        Process process = new ProcessBuilder("bash", "-e", "-c", script).directory(ROOT.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean ended = process.waitFor(2, TimeUnit.MINUTES);
        lastOutput = Files.readString(output);
        Files.delete(output);
        if (!ended) {
            process.destroyForcibly();
            problems.add(block.where() + ": still running after 2 minutes");
        } else if (process.exitValue() != 0) {
            problems.add(block.where() + ": exit code " + process.exitValue() + ":\n" + script + lastOutput);
        }
    }

    private void startServer(Block block, Map<String, String> options) throws Exception {
        stopServer(block.page());
        String command = MAVEN_BUILD_FIRST.matcher(block.text().strip()).replaceFirst("");
        port = options.get("port");
        if (port != null) {
            freePort = String.valueOf(FreePorts.next());
            command = withPort(command) + (options.containsKey("flag") ? " " + options.get("flag") + " " + freePort : "");
        }
        serverOutput = Files.createTempFile("doc-server", ".out");
        server = new ProcessBuilder("bash", "-c", "exec " + command).directory(ROOT.toFile())
                .redirectErrorStream(true).redirectOutput(serverOutput.toFile()).start();
        String ready = options.get("ready");
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!Files.readString(serverOutput).contains(ready)) {
            if (!server.isAlive() || System.nanoTime() > deadline) {
                problems.add(block.where() + ": no '" + ready + "' from " + command + ":\n"
                        + Files.readString(serverOutput));
                server.destroyForcibly();
                return;
            }
            Thread.sleep(100);
        }
        lastOutput = Files.readString(serverOutput);
    }

    /** The previous command's output; a server's may still be coming, so it is read again for a while. */
    private String awaitOutput(Block block) throws Exception {
        if (!lastWasServer) {
            return lastOutput;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String output = Files.readString(serverOutput);
        while (!containsAll(output, block) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            output = Files.readString(serverOutput);
        }
        return output;
    }

    private static boolean containsAll(String output, Block block) {
        return block.lines().stream().allMatch(l -> l.isBlank() || output.contains(l));
    }

    private String withPort(String text) {
        return port == null ? text : text.replace(port, freePort);
    }

    private void stopServer(Path page) throws IOException, InterruptedException {
        if (server == null) {
            return;
        }
        server.destroy();   // SIGTERM: a graceful stop
        if (!server.waitFor(60, TimeUnit.SECONDS)) {
            server.destroyForcibly();
            problems.add(page.getFileName() + ": the server did not stop within 60 s of SIGTERM");
        } else if (server.exitValue() != 0 && server.exitValue() != 143) {   // 143: ended by SIGTERM, as the demo is
            problems.add(page.getFileName() + ": the server exited " + server.exitValue() + " on SIGTERM:\n"
                    + Files.readString(serverOutput));
        }
        Files.deleteIfExists(serverOutput);
        server = null;
        serverOutput = null;
        port = null;
        lastOutput = "";
    }

    private static Map<String, String> options(String marker) {
        Map<String, String> options = new HashMap<>();
        Matcher m = OPTION.matcher(marker);
        while (m.find()) {
            options.put(m.group(1), m.group(2).replaceAll("^\"|\"$", ""));
        }
        return options;
    }
}
