package dev.enoki.launcher;

import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;

/**
 * The Vert.x settings of a command that hosts no service and only calls and looks ({@code call}, {@code services},
 * {@code shell} without classes): it lives for a second or one person's session, so it starts only what that needs.
 */
final class ClientVertxOptions {
    private static final String NETTY_JFR = "io.netty.jfr.enabled";

    private ClientVertxOptions() {
    }

    /** Call before anything makes a {@link VertxOptions}: Netty reads its switches once, when Vert.x first loads it. */
    static VertxOptions create() {
        // Netty's allocator reports its chunks to Flight Recorder, and finding out whether anyone listens starts
        // Flight Recorder's machinery: a tenth of a second of a call's CPU, for a recording nobody makes of a CLI call
        if (System.getProperty(NETTY_JFR) == null) {
            System.setProperty(NETTY_JFR, "false");
        }
        return new VertxOptions()
                // One caller, a connection to each member it talks to: one event loop serves them all
                .setEventLoopPoolSize(1)
                // It serves no files, so no cache directory is made at start and walked to be deleted at close
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false));
    }
}
