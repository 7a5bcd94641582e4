package dev.enoki.demo.config;

import dev.enoki.Config;
import dev.enoki.Rpc;
import dev.enoki.Service;

import java.util.Optional;

/**
 * Nameko's config_dependency_provider example: a config key as a feature flag. The original guards an HTTP route
 * and answers 403; over RPC the caller gets the expected {@link FeatureNotEnabled} error.
 */
@Service("test_config")
public class FeatureFlagService {

    @Config("FOO_FEATURE_ENABLED")
    Optional<Boolean> fooEnabled;

    @Rpc(expectedExceptions = FeatureNotEnabled.class)
    public String foo() {
        if (!fooEnabled.orElse(false)) {
            throw new FeatureNotEnabled("FOO_FEATURE_ENABLED is off");
        }
        return "foo";
    }
}
