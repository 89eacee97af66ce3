package io.iotdm.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AwsRequestTimerTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AwsRequestTimer requests = new AwsRequestTimer(registry, "iotdm.test.requests", "requests");

    @Test
    void countsEachOperationAndStatusInItsOwnSeries() {
        long started = System.nanoTime();
        requests.record("iot", "UpdateThing", 200, started);
        requests.record("iot", "UpdateThing", 200, started);
        requests.record("iot", "UpdateThing", 409, started);
        requests.record(AwsRequestTimer.NO_OPERATION, AwsRequestTimer.NO_OPERATION, 403, started);

        assertThat(timer("iot", "UpdateThing", "200").count()).isEqualTo(2);
        assertThat(timer("iot", "UpdateThing", "409").count()).isEqualTo(1);
        assertThat(timer("none", "none", "403").count()).isEqualTo(1);
        assertThat(registry.find("iotdm.test.requests").timers()).hasSize(3);
    }

    @Test
    void hasTheServiceLevelBucketsFromFiveMillisecondsToThirtySeconds() {
        requests.record("iot", "DescribeThing", 200, System.nanoTime());

        CountAtBucket[] buckets =
                timer("iot", "DescribeThing", "200").takeSnapshot().histogramCounts();
        assertThat(Arrays.stream(buckets).mapToDouble(bucket -> bucket.bucket(java.util.concurrent.TimeUnit.SECONDS)))
                .containsExactly(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0);
    }

    private Timer timer(String awsService, String operation, String status) {
        return registry.get("iotdm.test.requests")
                .tags("aws_service", awsService, "operation", operation, "status", status)
                .timer();
    }
}
