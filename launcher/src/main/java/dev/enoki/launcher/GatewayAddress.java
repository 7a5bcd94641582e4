package dev.enoki.launcher;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --gateway [HOST:]PORT}: where the HTTP gateway listens; the host defaults to every interface. */
public record GatewayAddress(String host, int port) {

    public static GatewayAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? "0.0.0.0" : text.substring(0, colon);
        String port = colon < 0 ? text : text.substring(colon + 1);
        try {
            int number = Integer.parseInt(port);
            if (number < 0 || number > 65535 || host.isBlank()) {
                throw new NumberFormatException();
            }
            return new GatewayAddress(host, number);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + text + "' is not [HOST:]PORT");
        }
    }

    static final class Converter implements ITypeConverter<GatewayAddress> {
        @Override
        public GatewayAddress convert(String value) {
            return parse(value);
        }
    }
}
