package io.iotdm.aws.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    @Test
    void controlPlaneTimesAreEpochSecondsWithMillisecondsAsAFraction() throws Exception {
        BigDecimal seconds = Timestamps.epochSeconds(Instant.ofEpochMilli(1_544_466_338_399L));

        assertThat(new JsonMapper().writeValueAsString(Map.of("creationDate", seconds)))
                .isEqualTo("{\"creationDate\":1544466338.399}");
    }

    @Test
    void wholeSecondsHaveNoFractionAndNeverAnExponent() {
        assertThat(Timestamps.epochSeconds(Instant.ofEpochSecond(1_544_466_330L))
                        .toString())
                .isEqualTo("1544466330");
        assertThat(Timestamps.epochSeconds(Instant.ofEpochMilli(1_544_466_338_390L))
                        .toString())
                .isEqualTo("1544466338.39");
        assertThat(Timestamps.epochSeconds(Instant.parse("2018-12-10T18:25:38.399999Z"))
                        .toString())
                .isEqualTo("1544466338.399");
    }

    @Test
    void eventTimesAreEpochMilliseconds() {
        assertThat(Timestamps.epochMillis(Instant.parse("2018-12-10T18:25:38.399Z")))
                .isEqualTo(1_544_466_338_399L);
    }

    @Test
    void readsEpochSecondsBackToTheMillisecond() {
        assertThat(Timestamps.fromEpochSeconds(new BigDecimal("1544466338.399")))
                .isEqualTo(Instant.parse("2018-12-10T18:25:38.399Z"));
        assertThat(Timestamps.fromEpochSeconds(new BigDecimal("1544466338")))
                .isEqualTo(Instant.parse("2018-12-10T18:25:38Z"));
    }

    @Test
    void parsesTheQueryStringFormsOfATimestamp() {
        assertThat(Timestamps.parse("2019-01-01T00:00:00Z")).isEqualTo(Instant.parse("2019-01-01T00:00:00Z"));
        assertThat(Timestamps.parse("2019-01-01T01:00:00.250+01:00"))
                .isEqualTo(Instant.parse("2019-01-01T00:00:00.250Z"));
        assertThat(Timestamps.parse("1546300800.5")).isEqualTo(Instant.parse("2019-01-01T00:00:00.500Z"));
        assertThatIllegalArgumentException().isThrownBy(() -> Timestamps.parse("yesterday"));
    }

    @Test
    void timesBeyondYear9999OrBeforeYearOneAreRefused() {
        assertThat(Timestamps.parse("9999-12-31T23:59:59Z")).isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
        assertThatIllegalArgumentException().isThrownBy(() -> Timestamps.parse("1e18"));
        assertThatIllegalArgumentException().isThrownBy(() -> Timestamps.parse("+10000-01-01T00:00:00Z"));
        assertThatIllegalArgumentException().isThrownBy(() -> Timestamps.parse("-62135596801"));
    }
}
