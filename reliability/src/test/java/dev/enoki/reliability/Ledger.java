package dev.enoki.reliability;

import io.vertx.core.AsyncResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one scenario sent and what came of each item (a call or an event, by id): completed, failed where its sender
 * saw the failure, or lost; and how often the services ran it. Lost means neither completed nor surfaced as a failure.
 * Anything the ledger never sent, or a second outcome for one item, is unexpected.
 */
final class Ledger {
    private final String scenario;
    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    private final Map<String, String> outcomes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();
    private final AtomicInteger unexpected = new AtomicInteger();

    Ledger(String scenario) {
        this.scenario = scenario;
    }

    void sent(String id) {
        if (!sent.add(id)) {
            throw new IllegalArgumentException("sent twice: " + id);
        }
    }

    void completed(String id) {
        settle(id, "ok");
    }

    void failed(String id, Throwable cause) {
        settle(id, cause.getClass().getSimpleName());
    }

    private void settle(String id, String outcome) {
        if (!sent.contains(id) || outcomes.putIfAbsent(id, outcome) != null) {
            unexpected.incrementAndGet();
        }
    }

    /** Settles a call to one of the fixtures that answer with the id they were given. */
    void settleEcho(String id, AsyncResult<String> result) {
        if (result.succeeded() && id.equals(result.result())) {
            completed(id);
        } else {
            failed(id, result.failed() ? result.cause() : new IllegalStateException("wrong result " + result.result()));
        }
    }

    /** Counts a node's {@code EXEC <id>} line, which the fixtures print as each call starts. */
    void nodeLine(String line) {
        if (line.startsWith("EXEC ")) {
            executed(line.substring(5));
        }
    }

    /** A service ran the item (once per run; a redelivered call may run again). */
    void executed(String id) {
        if (!sent.contains(id)) {
            unexpected.incrementAndGet();
        }
        executions.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    }

    boolean settled(String id) {
        return outcomes.containsKey(id);
    }

    int settledCount() {
        return outcomes.size();
    }

    int executions(String id) {
        AtomicInteger n = executions.get(id);
        return n == null ? 0 : n.get();
    }

    /** The events sent that neither completed nor surfaced as a failure. */
    List<String> lost() {
        return sent.stream().filter(id -> !outcomes.containsKey(id)).toList();
    }

    Tally tally() {
        int completed = (int) outcomes.values().stream().filter("ok"::equals).count();
        Map<String, Integer> failures = new TreeMap<>();
        outcomes.values().stream().filter(o -> !o.equals("ok")).forEach(o -> failures.merge(o, 1, Integer::sum));
        int lost = lost().size();
        int duplicated = executions.values().stream().mapToInt(n -> Math.max(0, n.get() - 1)).sum();
        return new Tally(scenario, sent.size(), completed, failures, lost, duplicated, unexpected.get());
    }

    /** The tally, printed to the build output and kept in the suite's ledger file, one line per scenario. */
    Tally report(String detail) {
        Tally tally = tally();
        String line = tally.line() + (detail.isEmpty() ? "" : " | " + detail);
        System.out.println(line);
        Path file = Path.of(System.getProperty("ledger.file", "target/ledger.txt"));
        try {
            Files.createDirectories(file.getParent());
            synchronized (Ledger.class) {
                List<String> lines = new ArrayList<>(Files.exists(file) ? Files.readAllLines(file) : List.of());
                lines.removeIf(l -> l.startsWith("LEDGER " + scenario + " |"));
                lines.add(line);
                Collections.sort(lines);
                Files.write(file, lines, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tally;
    }

    record Tally(String scenario, int sent, int completed, Map<String, Integer> failures, int lost, int duplicated,
                 int unexpected) {
        int failed() {
            return failures.values().stream().mapToInt(Integer::intValue).sum();
        }

        String line() {
            return "LEDGER " + scenario + " | sent " + sent + " | completed " + completed + " | failed " + failed()
                    + (failures.isEmpty() ? "" : " " + failures) + " | lost " + lost + " | duplicated " + duplicated
                    + " | unexpected " + unexpected;
        }
    }
}
