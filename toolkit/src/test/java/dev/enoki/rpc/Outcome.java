package dev.enoki.rpc;

/** What a piece of code gave: its value, or the type of the exception it threw, so two ways can be compared. */
final class Outcome {
    interface Code {
        Object run() throws Exception;
    }

    private Outcome() {
    }

    static Object of(Code code) {
        try {
            return code.run();
        } catch (Exception e) {
            return e.getClass();
        }
    }
}
