package dev.enoki.internal.container;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTest {

    @SuppressWarnings("unused")
    void login(String username, String password, Map<String, Object> card, List<String> codes) {
    }

    @Test
    void sensitiveArgumentsAndPartsOfThemAreMasked() throws NoSuchMethodException {
        var method = getClass().getDeclaredMethod("login", String.class, String.class, Map.class, List.class);
        Object[] args = {"matt", "hunter2", Map.of("number", "4111", "name", "M"), List.of("a", "b")};

        Map<String, Object> redacted = Redactor.redact(method, args,
                new String[]{"password", "card.number", "codes[1]"});

        assertThat(redacted.toString())
                .contains("username=\"matt\"", "password=\"********\"", "\"number\":\"********\"", "\"name\":\"M\"",
                        "[\"a\",\"********\"]")
                .doesNotContain("hunter2", "4111");
    }
}
