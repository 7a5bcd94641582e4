package dev.enoki.launcher;

import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enoki.json.Json;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code enoki show-config}: the config {@code run} would use, after substitution, secrets masked. */
@Command(name = "show-config", mixinStandardHelpOptions = true,
        description = {"Prints the effective config as YAML: the file after $${VAR} substitution, then --broker.",
                "Passwords in URIs and keys named like password, secret, token or api_key are masked."})
final class ShowConfigCommand implements Callable<Integer> {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() throws Exception {
        JsonObject masked = SecretMasker.mask(connection.config());
        Object plain = Json.mapper().readValue(masked.encode(), Object.class);
        spec.commandLine().getOut().print(masked.isEmpty() ? "{}\n" : YAML.writeValueAsString(plain));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
