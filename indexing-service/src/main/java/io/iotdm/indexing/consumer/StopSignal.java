package io.iotdm.indexing.consumer;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The service stopping, as the consumer's thread and the decisions' thread see it. */
final class StopSignal {

    /** Unwinds the consumer's thread, or the decisions' thread, when the service stops. */
    static final class StoppingException extends RuntimeException {
        StoppingException() {
            super(null, null, false, false);
        }
    }

    private final CountDownLatch stopped = new CountDownLatch(1);

    void stop() {
        stopped.countDown();
    }

    /** @throws StoppingException once the service stops */
    void check() {
        if (stopped.getCount() == 0) {
            throw new StoppingException();
        }
    }

    /** Waits, unless the service stops first. */
    void sleep(Duration duration) {
        try {
            if (stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new StoppingException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoppingException();
        }
    }
}
