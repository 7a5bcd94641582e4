package dev.enoki.internal.amqp;

import com.rabbitmq.client.LongString;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Context data as AMQP headers, as Nameko's header encoder and decoder (NAMEKO-WIRE.md §4): each {@code K} travels as
 * {@code nameko.K}; strings as long strings ({@code S}), lists as arrays ({@code A}) so {@code call_id_stack} is an
 * array of long strings. On the way in the prefix is removed and unprefixed headers keep their names. Decoding
 * never throws: a header of a type JSON cannot hold becomes its text.
 */
final class ContextHeaders {
    static final String PREFIX = "nameko.";
    /** Headers the transport keeps for itself (such as a retried event's delivery count); never context data. */
    static final String ENOKI_BOOKKEEPING = "x-enoki-";

    private ContextHeaders() {
    }

    /** The header table for a context; entries whose value is null are dropped, as Nameko does. */
    static Map<String, Object> encode(Map<String, Object> context) {
        Map<String, Object> headers = new LinkedHashMap<>();
        context.forEach((key, value) -> {
            if (value != null) {
                headers.put(PREFIX + key, toWire(value));
            }
        });
        return headers;
    }

    /** The header table of a message with headers of its own beside the context's, which win on a clash. */
    static Map<String, Object> encode(Map<String, Object> headers, Map<String, Object> context) {
        Map<String, Object> table = new LinkedHashMap<>();
        headers.forEach((key, value) -> {
            if (value != null) {
                table.put(key, toWire(value));
            }
        });
        table.putAll(encode(context));
        return table;
    }

    private static Object toWire(Object value) {
        if (value instanceof String || value instanceof Integer || value instanceof Long || value instanceof Boolean
                || value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            return value;
        }
        if (value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() < 64 ? (Object) big.longValue() : big.toString();
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(v == null ? "None" : toWire(v)));
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (v != null) {
                    out.put(String.valueOf(k), toWire(v));
                }
            });
            return out;
        }
        return String.valueOf(value);
    }

    /** The context carried by a message's headers, less Enoki's own bookkeeping headers. */
    static Map<String, Object> decode(Map<String, Object> headers) {
        if (headers == null || headers.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> context = new LinkedHashMap<>();
        headers.forEach((key, value) -> {
            if (key.startsWith(ENOKI_BOOKKEEPING) || DeadlineHeader.isDeadline(key)) {
                return;   // properties of the delivery or the request, not context data to pass on
            }
            String name = key.startsWith(PREFIX) ? key.substring(PREFIX.length()) : key;
            Object decoded = fromWire(value);
            if (decoded != null) {
                context.put(name, decoded);
            }
        });
        return context;
    }

    private static Object fromWire(Object value) {
        if (value instanceof LongString s) {
            return new String(s.getBytes(), StandardCharsets.UTF_8);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(fromWire(v)));
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), fromWire(v)));
            return out;
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof Date date) {
            return date.toInstant().toString();
        }
        if (value instanceof Byte || value instanceof Short) {
            return ((Number) value).intValue();
        }
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        return String.valueOf(value);
    }
}
