package io.iotdm.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.smallrye.mutiny.Uni;
import java.io.EOFException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.junit.jupiter.api.Test;

class DeviceRequestFailuresTest {

    @Test
    void outagesOfTheDatabaseKafkaAndPeersAreToldFromFailuresOfOneRequest() {
        assertThat(DeviceRequestFailures.outage(new IllegalStateException("wrapped", new ConnectException("refused"))))
                .isTrue();
        assertThat(DeviceRequestFailures.outage(new SQLException("the server is shutting down", "57P01")))
                .isTrue();
        assertThat(DeviceRequestFailures.outage(new RuntimeException(new SQLException("deadlock", "40P01"))))
                .isTrue();
        assertThat(DeviceRequestFailures.outage(new NotLeaderOrFollowerException("moving")))
                .isTrue();
        assertThat(DeviceRequestFailures.outage(Status.UNAVAILABLE.asRuntimeException()))
                .isTrue();
        assertThat(DeviceRequestFailures.outage(new io.smallrye.mutiny.TimeoutException()))
                .isTrue();

        assertThat(DeviceRequestFailures.outage(new IllegalStateException("A stored job document is not JSON")))
                .isFalse();
        assertThat(DeviceRequestFailures.outage(new SQLException("duplicate key", "23505")))
                .isFalse();
        assertThat(DeviceRequestFailures.outage(Status.INVALID_ARGUMENT.asRuntimeException()))
                .isFalse();
        assertThat(DeviceRequestFailures.outage(new NullPointerException())).isFalse();
        assertThat(DeviceRequestFailures.outage(new UncheckedIOException(new EOFException("a stored JSON cut short"))))
                .isFalse();
    }

    @Test
    void aPoisonRequestIsRejectedAndAnOutageIsRetriedUntilItPasses() {
        String poison = DeviceRequestFailures.answeredOrRejected(
                        "poison",
                        Uni.createFrom().<String>failure(new IllegalStateException("never")),
                        failure -> Uni.createFrom().item("rejected: " + failure.getMessage()))
                .await()
                .atMost(Duration.ofSeconds(10));
        assertThat(poison).isEqualTo("rejected: never");

        AtomicInteger attempts = new AtomicInteger();
        UntilApplied.apply(
                        "outage",
                        () -> DeviceRequestFailures.answeredOrRejected(
                                "outage",
                                Uni.createFrom()
                                        .<Void>deferred(() -> attempts.incrementAndGet() < 3
                                                ? Uni.createFrom().failure(new ConnectException("database away"))
                                                : Uni.createFrom().voidItem()),
                                failure -> Uni.createFrom().failure(new AssertionError("an outage is not rejected"))),
                        Duration.ofMillis(1),
                        Duration.ofMillis(2))
                .await()
                .atMost(Duration.ofSeconds(10));
        assertThat(attempts).hasValue(3);
    }
}
