package dev.enoki.rpc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JavaType;
import dev.enoki.json.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScalarValuesTest {

    @Test
    void scalarsBindAsTheMapperBindsThem() throws Exception {
        String[] values = {"\"Matt\"", "\"caf\\u00e9\"", "7", "-2147483648", "9000000000", "123456789012345678901234",
                "true", "false", "null", "2.5", "\"12\"", "[1]"};
        Class<?>[] types = {String.class, Object.class, int.class, Integer.class, long.class, Long.class,
                boolean.class, Boolean.class};
        for (String json : values) {
            for (Class<?> type : types) {
                JavaType javaType = Json.type(type);
                Object expected = Outcome.of(() -> Json.mapper().readerFor(javaType).readValue(json));
                Object actual = Outcome.of(() -> {
                    try (JsonParser parser = Json.mapper().createParser(json)) {
                        parser.nextToken();
                        return ScalarValues.read(parser, type, Json.mapper().readerFor(javaType));
                    }
                });
                assertThat(actual).as(json + " as " + type).isEqualTo(expected);
            }
        }
    }
}
