package dev.enoki.demo.expected;

import dev.enoki.RemoteError;
import dev.enoki.demo.auth.AuthService;
import dev.enoki.demo.auth.Authenticator;
import dev.enoki.testing.ContainerFactory;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpectedExceptionsServiceTest {

    @Test
    void aNonAdminGetsTheExpectedErrorAndAnAdminHitsTheGenuineBug() {
        try (ContainerFactory factory = new ContainerFactory()) {
            factory.start(ExpectedExceptionsService.class);
            factory.start(AuthService.class);
            var client = factory.client();
            String developer = client.proxy("auth_service").call("login", String.class, "matt", "secret");
            String admin = client.proxy("auth_service").call("login", String.class, "susie", "super-secret");

            assertThatThrownBy(() -> client.withContextData(Map.of(Authenticator.CONTEXT_KEY, developer))
                    .proxy("expected_service").call("update", Map.of("a", 1)))
                    .isInstanceOfSatisfying(RemoteError.class, e -> assertThat(e.excType()).isEqualTo("Unauthorized"));
            assertThatThrownBy(() -> client.withContextData(Map.of(Authenticator.CONTEXT_KEY, admin))
                    .proxy("expected_service").call("update", Map.of("a", 1)))
                    .isInstanceOfSatisfying(RemoteError.class, e -> {
                        assertThat(e.excType()).isEqualTo("IllegalStateException");
                        assertThat(e.value()).isEqualTo("Whoops, genuine error.");
                    });
        }
    }
}
