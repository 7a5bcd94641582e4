package dev.enoki.internal.metrics;

import dev.enoki.internal.metrics.BoundedMeters.Labels;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedMetersTest {

    @Test
    void eachSeriesHasOneMeterAndPastTheLimitNewSeriesShareTheOverflowMeter() {
        BoundedMeters<String> meters = new BoundedMeters<>(2);

        String add = meters.get(new Labels("calc", "add", "none"), BoundedMetersTest::meter);
        String failed = meters.get(new Labels("calc", "add", "IOException"), BoundedMetersTest::meter);
        String made = meters.get(new Labels("made", "up", "none"), BoundedMetersTest::meter);
        String alsoMade = meters.get(new Labels("made", "up again", "none"), BoundedMetersTest::meter);

        assertThat(add).isEqualTo("calc add none");
        assertThat(failed).isEqualTo("calc add IOException");
        assertThat(made).isEqualTo("_other _other _other").isSameAs(alsoMade);
        assertThat(meters.get(new Labels("calc", "add", "none"), BoundedMetersTest::meter)).isSameAs(add);
    }

    private static String meter(Labels labels) {
        return labels.owner() + " " + labels.name() + " " + labels.errorType();
    }
}
