package dev.enoki.demo.testing;

import dev.enoki.Rpc;
import dev.enoki.RpcProxy;
import dev.enoki.Service;

/** The service of Nameko's unit-test example: converts lengths through a maths service. */
@Service("conversions")
public class ConversionService {
    private static final double INCHES_PER_CM = 0.393700;

    /** The maths service's remote methods. */
    public interface MathsApi {
        double multiply(double x, double y);

        double divide(double x, double y);
    }

    @RpcProxy("maths")
    MathsApi mathsRpc;

    @Rpc
    public double inchesToCm(double value) {
        return mathsRpc.divide(value, INCHES_PER_CM);
    }

    @Rpc
    public double cmsToInches(double value) {
        return mathsRpc.multiply(value, INCHES_PER_CM);
    }
}
