package io.iotdm.devstack;

/** An engine that could not start or that died, with the engine's name in the message. */
public final class EngineFailedException extends Exception {

    private final String engine;

    public EngineFailedException(String engine, String reason, Throwable cause) {
        super(engine + " " + reason, cause);
        this.engine = engine;
    }

    public String engine() {
        return engine;
    }
}
