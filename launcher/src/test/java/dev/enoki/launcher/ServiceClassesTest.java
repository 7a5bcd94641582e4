package dev.enoki.launcher;

import dev.enoki.demo.helloworld.GreetingService;
import dev.enoki.demo.shop.EmailsService;
import dev.enoki.demo.shop.InventoryService;
import dev.enoki.demo.shop.OrdersService;
import dev.enoki.demo.shop.PaymentsService;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceClassesTest {
    private final ClassLoader loader = ServiceClasses.loader(List.of());

    @Test
    void aClassAPackageAndPackageColonClassAllNameServices() {
        assertThat(ServiceClasses.resolve(loader, List.of("dev.enoki.demo.shop", "dev.enoki.demo.helloworld:GreetingService",
                "dev.enoki.demo.shop.OrdersService")))
                .containsExactly(EmailsService.class, InventoryService.class, OrdersService.class,
                        PaymentsService.class, GreetingService.class);
    }

    @Test
    void aPackageIsScannedWithoutItsSubpackages() {
        assertThat(ServiceClasses.servicesIn(loader, "dev.enoki.demo")).isEmpty();
    }

    @Test
    void unknownNamesAndPlainClassesAreRefusedWithTheirExitCode() {
        assertThatThrownBy(() -> ServiceClasses.resolve(loader, List.of("dev.enoki.nothing")))
                .isInstanceOfSatisfying(LauncherException.class,
                        e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.NOT_A_SERVICE));
        assertThatThrownBy(() -> ServiceClasses.resolve(loader, List.of("java.lang.String")))
                .hasMessageContaining("is not a service");
        assertThatThrownBy(() -> ServiceClasses.loader(List.of("/no/such/dir")))
                .isInstanceOfSatisfying(LauncherException.class,
                        e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE));
    }
}
