package io.iotdm.outbox;

/**
 * One event as a row of {@code iotdm_outbox}, for a service that inserts it in a transaction of its own making
 * ({@link TransactionalOutbox#rows}); {@link #insert} is the statement, with named parameters.
 *
 * @param headers the Kafka record headers as a JSON object
 * @param payload the exact AWS JSON of the event
 */
public record OutboxRow(String topic, String key, String headers, String payload) {

    /**
     * The insert of {@code rows} rows in one statement (a change with several events costs one round trip, not one a
     * row), with the parameters {@code :topic<i>}, {@code :key<i>}, {@code :headers<i>} and {@code :payload<i>} for
     * each row's index {@code i} from 0.
     */
    public static String insert(int rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO iotdm_outbox (topic, record_key, headers, payload) VALUES ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ")
                    .append("(:topic")
                    .append(i)
                    .append(", :key")
                    .append(i)
                    .append(", :headers")
                    .append(i)
                    .append(", :payload")
                    .append(i)
                    .append(')');
        }
        return sql.toString();
    }
}
