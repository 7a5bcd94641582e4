package dev.enoki.demo.rpc;

import dev.enoki.Rpc;
import dev.enoki.Service;

/** Nameko's rpc example, the callee: appends its identifier. */
@Service("service_y")
public class ServiceY {

    @Rpc
    public String appendIdentifier(String value) {
        return value + "-y";
    }
}
