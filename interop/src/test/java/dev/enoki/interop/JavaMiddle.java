package dev.enoki.interop;

import dev.enoki.Rpc;
import dev.enoki.RpcProxy;
import dev.enoki.Service;

import java.util.Map;

/** The middle of the chain Python -> Java -> Python: py_front calls it, it calls py_back. */
@Service("java_middle")
public class JavaMiddle {

    /** py_back's remote method. */
    public interface PyBack {
        Map<String, Object> trace(String value);
    }

    @RpcProxy("py_back")
    PyBack back;

    @Rpc
    public Map<String, Object> relay(String value) {
        return back.trace(value + ">java_middle");
    }
}
