package dev.enoki.launcher;

import dev.enoki.registry.ServiceRecord;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Tab completion: the shell's words, and {@code n.rpc.SERVICE.METHOD(} (also {@code n.SERVICE.METHOD(}) for every
 * method of every service the registry knows now, so {@code n.rpc.orders.} completes to the methods of orders.
 */
final class ShellCompleter implements Completer {
    private static final List<String> WORDS = List.of("services", "help", "exit", "n.config", "n.dispatch_event(");

    private final ShellSession session;

    ShellCompleter(ShellSession session) {
        this.session = session;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        WORDS.forEach(w -> candidates.add(candidate(w, null)));
        Set<String> seen = new HashSet<>();
        for (ServiceRecord record : session.records()) {
            for (String call : calls(record)) {
                if (seen.add(call)) {
                    candidates.add(candidate(call, record.service()));
                }
            }
        }
    }

    /** {@code n.rpc.SERVICE.METHOD(} and {@code n.SERVICE.METHOD(} for each method of a service. */
    static List<String> calls(ServiceRecord record) {
        return Stream.of("n.rpc.", "n.").flatMap(prefix -> record.methods().stream()
                .map(m -> prefix + record.service() + "." + m.name() + "(")).toList();
    }

    private static Candidate candidate(String value, String group) {
        return new Candidate(value, value, group, null, null, null, false);
    }
}
