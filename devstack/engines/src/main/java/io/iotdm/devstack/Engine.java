package io.iotdm.devstack;

import java.util.Map;
import java.util.Optional;

/** One real engine that devstack runs on 127.0.0.1. */
interface Engine {

    /** Short name, as printed on the progress line and in errors. */
    String name();

    /** Starts the engine and returns once it really answers a client. */
    void start() throws Exception;

    /** Where clients reach it, for the progress line. */
    String endpoint();

    /** Where clients reach it, as {@link StackAddresses} keys and values. */
    Map<String, String> addresses();

    /** Empty while the engine runs; otherwise why it stopped. */
    Optional<String> failure();

    /** Stops the engine cleanly; safe to call on an engine that never started. */
    void stop();
}
