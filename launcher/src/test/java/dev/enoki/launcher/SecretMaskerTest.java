package dev.enoki.launcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretMaskerTest {

    @Test
    void keysNamedLikeSecretsAndPasswordsInUrisAreMaskedAtAnyDepth() {
        JsonObject config = new JsonObject()
                .put("AMQP_URI", "amqp://guest:guest@localhost:5672/")
                .put("db", new JsonObject().put("password", "hunter2").put("host", "db.local").put("port", 5432))
                .put("auth", new JsonObject().put("JWT_SECRET", "s3cret").put("api_key", "k").put("token", 42))
                .put("mirrors", new JsonArray().add("https://user:pw@mirror.example/x").add("https://mirror.example/y"))
                .put("max_workers", 10);

        JsonObject masked = SecretMasker.mask(config);

        assertThat(masked.getString("AMQP_URI")).isEqualTo("amqp://guest:********@localhost:5672/");
        assertThat(masked.getJsonObject("db")).isEqualTo(new JsonObject().put("password", "********")
                .put("host", "db.local").put("port", 5432));
        assertThat(masked.getJsonObject("auth").getMap()).containsOnlyKeys("JWT_SECRET", "api_key", "token")
                .allSatisfy((k, v) -> assertThat(v).isEqualTo("********"));
        assertThat(masked.getJsonArray("mirrors")).containsExactly("https://user:********@mirror.example/x",
                "https://mirror.example/y");
        assertThat(masked.getInteger("max_workers")).isEqualTo(10);
        assertThat(config.getString("AMQP_URI")).contains("guest:guest"); // the original is left alone
    }

    @Test
    void uriWithoutPasswordIsUnchanged() {
        assertThat(SecretMasker.maskUri("amqp://localhost:5672/")).isEqualTo("amqp://localhost:5672/");
        assertThat(SecretMasker.maskUri("amqp://user@localhost/")).isEqualTo("amqp://user@localhost/");
    }
}
