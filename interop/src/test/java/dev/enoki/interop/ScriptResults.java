package dev.enoki.interop;

import io.vertx.core.json.JsonObject;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a Python script of {@code src/test/python} printed on its {@code RESULTS} line: for each case
 * {@code {"result": ...}} or {@code {"error": {"class", "args", "exc_type", "value"}}} (outcomes.py).
 */
record ScriptResults(JsonObject cases) {

    /** The case's result; fails when it raised. */
    Object result(String name) {
        JsonObject outcome = cases.getJsonObject(name);
        assertThat(outcome).as(name).isNotNull();
        assertThat(outcome.containsKey("result")).as(name + ": " + outcome).isTrue();
        return outcome.getValue("result");
    }

    /** What the case raised; fails when it returned. */
    JsonObject error(String name) {
        JsonObject outcome = cases.getJsonObject(name);
        assertThat(outcome).as(name).isNotNull();
        assertThat(outcome.containsKey("error")).as(name + ": " + outcome).isTrue();
        return outcome.getJsonObject("error");
    }
}
