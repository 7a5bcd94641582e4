package dev.enoki.demo.auth;

import dev.enoki.EnokiClient;
import dev.enoki.RemoteError;
import dev.enoki.ServiceProxy;
import dev.enoki.testing.ContainerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthServiceTest {
    private final ContainerFactory factory = new ContainerFactory();
    private EnokiClient client;

    @BeforeEach
    void start() {
        factory.start(AuthService.class);
        client = factory.client();
    }

    @AfterEach
    void close() {
        factory.close();
    }

    private String login(String user, String password) {
        return client.proxy("auth_service").call("login", String.class, user, password);
    }

    private ServiceProxy withToken(String token) {
        return client.withContextData(Map.of(Authenticator.CONTEXT_KEY, token)).proxy("auth_service");
    }

    @Test
    void anAdminsTokenReadsTheSecret() {
        String token = login("susie", "super-secret");
        assertThat(withToken(token).call("secretData", String.class)).isEqualTo("the secret data");
    }

    @Test
    void aDevelopersTokenIsUnauthorized() {
        String token = login("matt", "secret");
        assertThatThrownBy(() -> withToken(token).call("secretData"))
                .isInstanceOfSatisfying(RemoteError.class, e -> assertThat(e.excType()).isEqualTo("Unauthorized"));
    }

    @Test
    void aWrongPasswordIsUnauthenticated() {
        assertThatThrownBy(() -> login("matt", "guess"))
                .isInstanceOfSatisfying(RemoteError.class, e -> assertThat(e.excType()).isEqualTo("Unauthenticated"));
    }

    @Test
    void aCallWithoutTokenIsUnauthenticatedAndAForgedTokenUnauthorized() {
        assertThatThrownBy(() -> client.proxy("auth_service").call("secretData"))
                .isInstanceOfSatisfying(RemoteError.class, e -> assertThat(e.excType()).isEqualTo("Unauthenticated"));
        String token = login("susie", "super-secret");
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA";
        assertThatThrownBy(() -> withToken(forged).call("secretData"))
                .isInstanceOfSatisfying(RemoteError.class, e -> assertThat(e.excType()).isEqualTo("Unauthorized"));
    }
}
