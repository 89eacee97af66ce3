package io.iotdm.outbox;

/**
 * One event as a row of {@code iotdm_outbox}, for a service that inserts it in a transaction of its own making
 * ({@link TransactionalOutbox#rows}); {@link #INSERT} is the statement, with named parameters.
 *
 * @param headers the Kafka record headers as a JSON object
 * @param payload the exact AWS JSON of the event
 */
public record OutboxRow(String topic, String key, String headers, String payload) {

    /** The row's insert, with the parameters {@code :topic}, {@code :key}, {@code :headers} and {@code :payload}. */
    public static final String INSERT =
            "INSERT INTO iotdm_outbox (topic, record_key, headers, payload) VALUES (:topic, :key, :headers, :payload)";
}
