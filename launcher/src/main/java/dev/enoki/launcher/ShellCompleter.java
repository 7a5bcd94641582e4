package dev.enoki.launcher;

import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Tab completion: the shell's words, and {@code n.SERVICE.METHOD(} for every method the registry knows now. */
final class ShellCompleter implements Completer {
    private static final List<String> WORDS = List.of("services", "help", "exit", "n.config", "n.dispatch_event(");

    private final ShellSession session;

    ShellCompleter(ShellSession session) {
        this.session = session;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        WORDS.forEach(w -> candidates.add(new Candidate(w, w, null, null, null, null, false)));
        Set<String> seen = new HashSet<>();
        session.records().forEach(r -> r.methods().forEach(m -> {
            String value = "n." + r.service() + "." + m.name() + "(";
            if (seen.add(value)) {
                candidates.add(new Candidate(value, value, r.service(), null, null, null, false));
            }
        }));
    }
}
