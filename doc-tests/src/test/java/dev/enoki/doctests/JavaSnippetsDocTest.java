package dev.enoki.doctests;

import dev.enoki.doctests.Markdown.Block;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java block of the pages is compiled code: either a region of a source file under {@code snippets/}, which
 * Maven compiles with this module's tests (the block must equal the region), or, on the getting-started page, a file
 * of the project that {@code scripts/getting-started-test.sh} builds.
 */
class JavaSnippetsDocTest {
    static final Path SNIPPETS = Markdown.root().resolve("doc-tests/src/test/java/dev/enoki/doctests/snippets");

    @Test
    void everyJavaBlockIsACompiledSnippet() throws IOException {
        Map<String, String> regions = regions();
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Block block : Markdown.blocks()) {
            if (!block.language().equals("java")) {
                continue;
            }
            checked++;
            String marker = block.marker();
            if (marker.startsWith("snippet ")) {
                String name = marker.substring("snippet ".length()).trim();
                String region = regions.get(name);
                if (region == null) {
                    problems.add(block.where() + ": no region '" + name + "' under " + SNIPPETS);
                } else if (!region.equals(block.text())) {
                    problems.add(block.where() + ": differs from region '" + name + "':\n" + region);
                }
            } else if (!(marker.startsWith("file ") && block.page().endsWith("getting-started.md"))) {
                problems.add(block.where() + ": a java block needs <!-- doc-test: snippet NAME --> above it");
            }
        }
        assertThat(problems).isEmpty();
        assertThat(checked).as("java blocks found").isGreaterThan(3);
    }

    /** The text between {@code // doc:begin NAME} and {@code // doc:end}, with its common indentation removed. */
    static Map<String, String> regions() throws IOException {
        Map<String, String> regions = new HashMap<>();
        try (Stream<Path> files = Files.walk(SNIPPETS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).trim();
                    if (line.startsWith("// doc:begin ")) {
                        int end = i + 1;
                        while (!lines.get(end).trim().equals("// doc:end")) {
                            end++;
                        }
                        regions.put(line.substring("// doc:begin ".length()).trim(), dedent(lines.subList(i + 1, end)));
                        i = end;
                    }
                }
            }
        }
        return regions;
    }

    private static String dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder text = new StringBuilder();
        lines.forEach(l -> text.append(l.isBlank() ? "" : l.substring(indent)).append('\n'));
        return text.toString();
    }
}
