package dev.enoki.internal.amqp;

import com.rabbitmq.client.DefaultSaslConfig;
import com.rabbitmq.client.LongString;
import com.rabbitmq.client.SaslConfig;
import com.rabbitmq.client.SaslMechanism;
import com.rabbitmq.client.impl.LongStringHelper;
import dev.enoki.ConfigurationError;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The SASL mechanism of the broker login, Nameko's {@code LOGIN_METHOD}: {@code PLAIN} (the default), {@code AMQPLAIN}
 * (user and password in an AMQP table, as py-amqp sends them) or {@code EXTERNAL} (the broker takes the user from
 * the TLS client certificate, which {@code AMQP_SSL} must then give).
 */
enum LoginMethod {
    PLAIN,
    AMQPLAIN,
    EXTERNAL;

    static LoginMethod of(Object value) {
        if (value == null || value.toString().isBlank()) {
            return PLAIN;
        }
        try {
            return valueOf(value.toString().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationError("LOGIN_METHOD '" + value + "' is not supported: use one of "
                    + Arrays.toString(values()));
        }
    }

    SaslConfig saslConfig() {
        return switch (this) {
            case PLAIN -> DefaultSaslConfig.PLAIN;
            case EXTERNAL -> DefaultSaslConfig.EXTERNAL;
            case AMQPLAIN -> serverMechanisms -> Arrays.asList(serverMechanisms).contains(name())
                    ? new AmqPlain() : null;
        };
    }

    /** AMQPLAIN's one response: the fields {@code LOGIN} and {@code PASSWORD} of an AMQP table, without its length. */
    private static final class AmqPlain implements SaslMechanism {
        @Override
        public String getName() {
            return AMQPLAIN.name();
        }

        @Override
        public LongString handleChallenge(LongString challenge, String username, String password) {
            ByteArrayOutputStream table = new ByteArrayOutputStream();
            field(table, "LOGIN", username);
            field(table, "PASSWORD", password);
            return LongStringHelper.asLongString(table.toByteArray());
        }

        private static void field(ByteArrayOutputStream table, String name, String value) {
            byte[] key = name.getBytes(StandardCharsets.US_ASCII);
            byte[] text = value.getBytes(StandardCharsets.UTF_8);
            table.write(key.length);
            table.writeBytes(key);
            table.write('S');
            table.writeBytes(ByteBuffer.allocate(4).putInt(text.length).array());
            table.writeBytes(text);
        }
    }
}
