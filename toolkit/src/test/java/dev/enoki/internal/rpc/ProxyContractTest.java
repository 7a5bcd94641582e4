package dev.enoki.internal.rpc;


import dev.enoki.ConfigurationError;
import dev.enoki.registry.ServiceRecord;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProxyContractTest {

    interface Payments {
        String charge(String customer, int amount);

        Future<String> status(String id);

        default String chargeOne(String customer) {
            return charge(customer, 1);
        }
    }

    interface PaymentsWithRefund extends Payments {
        void refund(String id);
    }

    interface PaymentsWithWrongArity {
        String charge(String customer);
    }

    private static ServiceRecord payments(String... methods) {
        ServiceRecord.Builder b = ServiceRecord.builder("payments", "i1", "n1", "eventbus");
        for (String m : methods) {
            List<ServiceRecord.Parameter> params = m.equals("charge")
                    ? List.of(new ServiceRecord.Parameter("customer", "java.lang.String"),
                    new ServiceRecord.Parameter("amount", "int"))
                    : List.of(new ServiceRecord.Parameter("id", "java.lang.String"));
            b.method(new ServiceRecord.RpcMethod(m, params, "java.lang.String"));
        }
        return b.build();
    }

    @Test
    void interfaceWhoseMethodsTheServiceOffersPasses() {
        assertThat(ProxyContract.check(Payments.class, "payments", "payments",
                List.of(payments("charge", "status")))).isNull();
    }

    @Test
    void methodNoInstanceOffersIsAConfigurationErrorNamingIt() {
        ConfigurationError error = ProxyContract.check(PaymentsWithRefund.class, "payments", "payments",
                List.of(payments("charge", "status")));
        assertThat(error).hasMessageContaining("refund is not an RPC method")
                .hasMessageContaining("charge(customer, amount)");
    }

    @Test
    void methodWithAnotherNumberOfArgumentsIsAConfigurationError() {
        assertThat(ProxyContract.check(PaymentsWithWrongArity.class, "payments", "payments",
                List.of(payments("charge")))).hasMessageContaining("charge takes 1 argument(s)");
    }

    @Test
    void oneInstanceOfferingTheMethodIsEnoughDuringARollingUpgrade() {
        assertThat(ProxyContract.check(PaymentsWithRefund.class, "payments", "payments",
                List.of(payments("charge", "status"), payments("charge", "status", "refund")))).isNull();
    }

    @Test
    void withNoInstanceKnownNothingIsChecked() {
        assertThat(ProxyContract.check(PaymentsWithRefund.class, "payments", "payments", List.of())).isNull();
    }
}
