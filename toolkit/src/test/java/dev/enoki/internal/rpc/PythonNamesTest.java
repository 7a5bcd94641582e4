package dev.enoki.internal.rpc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PythonNamesTest {

    @Test
    void aCamelCaseNameIsSpeltInSnakeCase() {
        assertThat(PythonNames.of("appendIdentifier")).isEqualTo("append_identifier");
        assertThat(PythonNames.of("onPing")).isEqualTo("on_ping");
        assertThat(PythonNames.of("userId")).isEqualTo("user_id");
        assertThat(PythonNames.of("dispatchingMethod")).isEqualTo("dispatching_method");
    }

    @Test
    void acronymsAndDigitsMakeOneWordEach() {
        assertThat(PythonNames.of("getHTTPResponse")).isEqualTo("get_http_response");
        assertThat(PythonNames.of("parseURL")).isEqualTo("parse_url");
        assertThat(PythonNames.of("sum2Numbers")).isEqualTo("sum2_numbers");
    }

    @Test
    void aNameWithoutCapitalsIsKeptAsItIs() {
        String name = "append_identifier";
        assertThat(PythonNames.of(name)).isSameAs(name);
        assertThat(PythonNames.of("hello")).isEqualTo("hello");
        assertThat(PythonNames.of("Hello")).isEqualTo("hello");
    }
}
