package io.iotdm.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UntilAppliedTest {

    @Test
    void aFailedBatchIsAppliedAgainUntilItSucceeds() {
        AtomicInteger attempts = new AtomicInteger();

        UntilApplied.apply(
                        "test batch",
                        () -> attempts.incrementAndGet() < 4
                                ? Uni.createFrom().failure(new IllegalStateException("database down"))
                                : Uni.createFrom().voidItem(),
                        Duration.ofMillis(1),
                        Duration.ofMillis(5))
                .await()
                .atMost(Duration.ofSeconds(10));

        assertThat(attempts).hasValue(4);
    }

    @Test
    void eachAttemptSubscribesTheWorkAnew() {
        AtomicInteger built = new AtomicInteger();

        UntilApplied.apply(
                        "test batch",
                        () -> {
                            int attempt = built.incrementAndGet();
                            return Uni.createFrom()
                                    .item(attempt)
                                    .map(value -> {
                                        if (value == 1) {
                                            throw new IllegalStateException("first attempt fails");
                                        }
                                        return value;
                                    })
                                    .replaceWithVoid();
                        },
                        Duration.ofMillis(1),
                        Duration.ofMillis(5))
                .await()
                .atMost(Duration.ofSeconds(10));

        assertThat(built).hasValue(2);
    }
}
