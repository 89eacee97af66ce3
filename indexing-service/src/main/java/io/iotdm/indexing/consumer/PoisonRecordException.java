package io.iotdm.indexing.consumer;

/** A record that no retry can make readable: logged, counted and skipped. */
final class PoisonRecordException extends Exception {

    PoisonRecordException(String message) {
        super(message);
    }

    PoisonRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
