package dev.enoki.rpc;

/** Jackson's messages as an error's text: their first line only, without the parser's location and source dump. */
final class JsonMessages {
    private JsonMessages() {
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
