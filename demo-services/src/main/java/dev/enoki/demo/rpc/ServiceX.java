package dev.enoki.demo.rpc;

import dev.enoki.Rpc;
import dev.enoki.RpcProxy;
import dev.enoki.Service;

/** Nameko's rpc example, the caller: {@code remoteMethod("value")} is {@code "value-x-y"}. */
@Service("service_x")
public class ServiceX {

    /** Service Y's remote methods as a plain interface. */
    public interface ServiceYApi {
        String appendIdentifier(String value);
    }

    @RpcProxy("service_y")
    ServiceYApi y;

    @Rpc
    public String remoteMethod(String value) {
        return y.appendIdentifier(value + "-x");
    }
}
