package dev.enoki.demo.config;

/** The caller asked for a feature the config turns off. */
public class FeatureNotEnabled extends RuntimeException {
    public FeatureNotEnabled(String message) {
        super(message);
    }
}
