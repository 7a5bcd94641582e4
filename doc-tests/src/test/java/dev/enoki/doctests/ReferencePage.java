package dev.enoki.doctests;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** docs/reference.md read as sections (a heading and what follows it) holding tables of options or keys. */
final class ReferencePage {
    static final Path PATH = Markdown.root().resolve("docs/reference.md");

    private final List<String> lines = Markdown.read(PATH).lines().toList();

    /** The lines under the first heading containing {@code title}, up to the next heading of any level. */
    List<String> section(String title) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("#") && lines.get(i).contains(title)) {
                int end = i + 1;
                while (end < lines.size() && !lines.get(end).startsWith("#")) {
                    end++;
                }
                return lines.subList(i + 1, end);
            }
        }
        throw new AssertionError("docs/reference.md has no section titled " + title);
    }

    /** The cells of the table row whose first cell is {@code `name`}, trimmed, or empty. */
    static Optional<List<String>> row(List<String> section, String name) {
        return section.stream()
                .filter(l -> l.startsWith("|"))
                .map(l -> Arrays.stream(l.substring(1, l.length() - (l.endsWith("|") ? 1 : 0)).split("(?<!\\\\)\\|"))
                        .map(String::trim).toList())
                .filter(cells -> cells.get(0).equals("`" + name + "`"))
                .findFirst();
    }
}
