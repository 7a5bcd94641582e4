package dev.enoki.doctests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The fenced code blocks of a Markdown page, each with the marker comment written just above it
 * ({@code <!-- doc-test: ... -->}), which tells the doc tests what to do with the block.
 */
final class Markdown {
    private static final Pattern FENCE = Pattern.compile("^```(\\w*)\\s*$");
    private static final Pattern MARKER = Pattern.compile("^<!--\\s*doc-test:\\s*(.*?)\\s*-->\\s*$");

    /** One fenced block: its language, its text, and its marker ("" when it has none). */
    record Block(Path page, int line, String language, String text, String marker) {
        String where() {
            return root().relativize(page) + ":" + line;
        }

        List<String> lines() {
            return text.lines().toList();
        }
    }

    private Markdown() {
    }

    /** The repository's root, where the READMEs are. */
    static Path root() {
        return Path.of(System.getProperty("enoki.root", "..")).toAbsolutePath().normalize();
    }

    /** Every page the doc tests cover: the Markdown files of the root, of docs/ and of each module's folder. */
    static List<Path> pages() {
        Path root = root();
        List<Path> pages = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root, 2)) {
            files.filter(p -> p.toString().endsWith(".md") && Files.isRegularFile(p))
                    .filter(p -> !root.relativize(p).toString().startsWith("."))
                    .sorted().forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages;
    }

    static String read(Path page) {
        try {
            return Files.readString(page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Block> blocks(Path page) {
        List<String> lines = read(page).lines().toList();
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            int start = i;
            StringBuilder text = new StringBuilder();
            for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
                text.append(lines.get(i)).append('\n');
            }
            blocks.add(new Block(page, start + 1, open.group(1), text.toString(), markerAbove(lines, start)));
        }
        return blocks;
    }

    static List<Block> blocks() {
        return pages().stream().flatMap(p -> blocks(p).stream()).toList();
    }

    private static String markerAbove(List<String> lines, int fence) {
        for (int i = fence - 1; i >= 0; i--) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            Matcher marker = MARKER.matcher(lines.get(i));
            return marker.matches() ? marker.group(1) : "";
        }
        return "";
    }
}
