package dev.enoki;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.enoki.testing.ContainerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A service compiled as a new user would, with plain javac, is told that keyword arguments need -parameters. */
class MissingParameterNamesTest {
    private static final String SOURCE = """
            package example;

            import dev.enoki.Rpc;
            import dev.enoki.Service;

            @Service("greeting")
            public class GreetingService {
                @Rpc
                public String hello(String name) {
                    return "Hello, " + name;
                }
            }
            """;

    @TempDir
    Path dir;

    private final ContainerFactory factory = new ContainerFactory();
    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    @AfterEach
    void close() {
        factory.close();
    }

    @Test
    void withoutParameterNamesTheContainerWarnsAndAKeywordCallIsToldWhy() throws Exception {
        factory.start(compile(false));
        var greeting = factory.client().proxy("greeting");

        assertThat(warnings()).singleElement().asString()
                .contains("example.GreetingService", "-parameters", "<maven.compiler.parameters>true",
                        "<parameters>true</parameters>", "options.compilerArgs << '-parameters'");
        assertThat(greeting.call("hello", String.class, "Ann")).isEqualTo("Hello, Ann");
        assertThatThrownBy(() -> greeting.callWithKwargs("hello", String.class, List.of(), Map.of("name", "Ann")))
                .isInstanceOf(IncorrectSignature.class)
                .hasMessage("hello() got an unexpected keyword argument 'name' (parameter names were not compiled "
                        + "into GreetingService; compile with -parameters to call it with keyword arguments)");
    }

    @Test
    void theWarningComesOncePerServiceClass() throws Exception {
        Class<?> service = compile(false);
        factory.start(service);
        factory.start(service);

        assertThat(warnings()).hasSize(1);
    }

    @Test
    void withParameterNamesThereIsNoWarningAndKeywordsBind() throws Exception {
        factory.start(compile(true));
        var greeting = factory.client().proxy("greeting");

        String reply = greeting.callWithKwargs("hello", String.class, List.of(), Map.of("name", "Ann"));

        assertThat(reply).isEqualTo("Hello, Ann");
        assertThatThrownBy(() -> greeting.callWithKwargs("hello", String.class, List.of(), Map.of("nom", "Ann")))
                .isInstanceOf(IncorrectSignature.class).hasMessage("hello() got an unexpected keyword argument 'nom'");
        assertThat(warnings()).isEmpty();
    }

    private List<String> warnings() {
        return logs.events().stream().filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("GreetingService")).toList();
    }

    /** GreetingService compiled at test time, with or without -parameters, and loaded by a loader of its own. */
    private Class<?> compile(boolean parameterNames) throws IOException, ReflectiveOperationException {
        Path source = dir.resolve("src/example/GreetingService.java");
        Path classes = dir.resolve("classes");
        Files.createDirectories(source.getParent());
        Files.createDirectories(classes);
        Files.writeString(source, SOURCE);
        String toolkit = new File(Service.class.getProtectionDomain().getCodeSource().getLocation().getPath()).getPath();
        List<String> options = new ArrayList<>(List.of("-d", classes.toString(), "-classpath", toolkit));
        if (parameterNames) {
            options.add("-parameters");
        }
        options.add(source.toString());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        assertThat(javac.run(null, null, errors, options.toArray(String[]::new))).as(errors.toString()).isZero();
        URLClassLoader loader = new URLClassLoader(new URL[]{classes.toUri().toURL()}, getClass().getClassLoader());
        return loader.loadClass("example.GreetingService");
    }
}
