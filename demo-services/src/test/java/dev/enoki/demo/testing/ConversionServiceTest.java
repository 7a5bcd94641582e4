package dev.enoki.demo.testing;

import dev.enoki.testing.WorkerFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyDouble;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Nameko's unit-test example: a worker with a mocked maths proxy, no container. */
class ConversionServiceTest {

    @Test
    void conversionsDelegateTheArithmeticToTheMathsService() {
        ConversionService service = WorkerFactory.create(ConversionService.class);
        when(service.mathsRpc.multiply(anyDouble(), anyDouble())).thenAnswer(i -> (double) i.getArgument(0) * (double) i.getArgument(1));
        when(service.mathsRpc.divide(anyDouble(), anyDouble())).thenAnswer(i -> (double) i.getArgument(0) / (double) i.getArgument(1));

        assertThat(service.inchesToCm(300)).isCloseTo(762, org.assertj.core.data.Offset.offset(0.01));
        assertThat(service.cmsToInches(762)).isCloseTo(300, org.assertj.core.data.Offset.offset(0.01));

        verify(service.mathsRpc).divide(300, 0.393700);
        verify(service.mathsRpc).multiply(762, 0.393700);
    }
}
