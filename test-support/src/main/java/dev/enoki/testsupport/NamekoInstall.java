package dev.enoki.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Where the real Nameko 2.14.1 that tests run comes from, looked up once: the folder in {@code NAMEKO_PATH}, else
 * {@code ../shared/nameko-2.14.1} beside the repository, else a {@code nameko} module installed for
 * {@code /usr/bin/python3}. A folder holds the {@code nameko} package and, in the shared copy, its documentation
 * examples under {@code docs/examples}.
 *
 * @param folder  the folder to put on {@code PYTHONPATH}, or null when Nameko is installed
 * @param missing why Nameko cannot run here, or null when it can
 */
public record NamekoInstall(Path folder, String missing) {
    public static final String PYTHON = "/usr/bin/python3";
    static final String SHARED_COPY = "../shared/nameko-2.14.1";
    private static final String IMPORTS = "import eventlet, kombu, yaml, nameko";

    private static volatile NamekoInstall found;

    /** The Nameko tests use here, found on first use. */
    public static NamekoInstall find() {
        NamekoInstall install = found;
        if (install == null) {
            synchronized (NamekoInstall.class) {
                if (found == null) {
                    found = lookUp();
                }
                install = found;
            }
        }
        return install;
    }

    /**
     * Returns when Nameko can run here. When it cannot, with the environment variable {@code CI} set the reason is an
     * {@link AssertionError}; elsewhere it goes to {@code skip} (a test passes JUnit's {@code Assumptions::abort}).
     */
    public static void requireOrSkip(Consumer<String> skip) {
        String missing = find().missing();
        if (missing != null) {
            failOrSkip(missing, skip);
        }
    }

    /** With {@code CI} set, an {@link AssertionError} saying {@code reason}; elsewhere {@code reason} goes to skip. */
    public static void failOrSkip(String reason, Consumer<String> skip) {
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank() && !"false".equalsIgnoreCase(ci)) {
            throw new AssertionError(reason);
        }
        skip.accept(reason);
        throw new AssertionError(reason);   // a skip that returned
    }

    /** Nameko's documentation examples (a package {@code examples} in the folder this returns), or null. */
    public Path docs() {
        return folder != null && Files.isRegularFile(folder.resolve("docs/examples/__init__.py"))
                ? folder.resolve("docs") : null;
    }

    private static NamekoInstall lookUp() {
        String configured = System.getenv("NAMEKO_PATH");
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured).toAbsolutePath().normalize();
            if (!Files.isDirectory(path.resolve("nameko"))) {
                return new NamekoInstall(null, "NAMEKO_PATH is " + path + ", which holds no nameko package");
            }
            return checked(path);
        }
        Path shared = sharedCopy();
        if (shared != null) {
            return checked(shared);
        }
        NamekoInstall installed = checked(null);
        return installed.missing() == null ? installed : new NamekoInstall(null, "Nameko 2.14.1 not found: set "
                + "NAMEKO_PATH to its folder, put it at " + SHARED_COPY + " beside the repository, or install it for "
                + PYTHON + " (" + installed.missing() + ")");
    }

    /** {@code ../shared/nameko-2.14.1} beside the repository's root (the folder with mvnw and toolkit), or null. */
    private static Path sharedCopy() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("toolkit"))) {
                Path shared = dir.resolve(SHARED_COPY).normalize();
                return Files.isDirectory(shared.resolve("nameko")) ? shared : null;
            }
        }
        return null;
    }

    /** Nameko in {@code folder} (null: installed), if it imports with its dependencies. */
    private static NamekoInstall checked(Path folder) {
        try {
            ProcessBuilder builder = new ProcessBuilder(PYTHON, "-c", IMPORTS).redirectErrorStream(true);
            if (folder != null) {
                builder.environment().put("PYTHONPATH", folder.toString());
            }
            Process check = builder.start();
            check.getOutputStream().close();
            String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!check.waitFor(60, TimeUnit.SECONDS) || check.exitValue() != 0) {
                check.destroyForcibly();
                return new NamekoInstall(folder, "Nameko " + (folder == null ? "installed" : "at " + folder)
                        + " does not import with " + PYTHON + " (install the Debian packages .ci/run names): "
                        + out.strip());
            }
            return new NamekoInstall(folder, null);
        } catch (IOException e) {
            return new NamekoInstall(folder, PYTHON + " cannot run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new NamekoInstall(folder, "interrupted while looking for Nameko");
        }
    }
}
