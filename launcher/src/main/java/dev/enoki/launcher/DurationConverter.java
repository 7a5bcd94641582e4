package dev.enoki.launcher;

import dev.enoki.ConfigurationError;
import dev.enoki.config.Durations;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

/** An option's duration as config takes it ({@code 500ms}, {@code 5s}, {@code 2m}); anything else is a usage error. */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            Duration duration = Durations.parse(value);
            if (duration.isNegative() || duration.isZero()) {
                throw new TypeConversionException("'" + value + "' is not a positive duration (try 500ms, 5s, 2m)");
            }
            return duration;
        } catch (ConfigurationError e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
