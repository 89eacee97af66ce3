package io.iotdm.outbox;

import java.util.List;
import java.util.function.IntFunction;

/**
 * One event as a row of {@code iotdm_outbox}, for a service that inserts it in a transaction of its own making
 * ({@link TransactionalOutbox#rows}); {@link #insert} is the statement, {@link #columns} its parameters.
 *
 * @param headers the Kafka record headers as a JSON object
 * @param payload the exact AWS JSON of the event
 */
public record OutboxRow(String topic, String key, String headers, String payload) {

    /**
     * The insert of any number of rows in one statement whose text does not depend on their number (one statement to
     * prepare, and four parameters however many events a change has: PostgreSQL takes at most 65,535): the columns
     * bound as four arrays, {@link #columns}, unnested.
     *
     * @param parameter the name of the parameter of each column, 1 to 4, as the caller's client writes it: {@code $1}
     *     for the Vert.x client, {@code :name} for a Hibernate Reactive native query
     */
    public static String insert(IntFunction<String> parameter) {
        StringBuilder sql = new StringBuilder(
                "INSERT INTO iotdm_outbox (topic, record_key, headers, payload) SELECT * FROM unnest(");
        for (int column = 1; column <= 4; column++) {
            sql.append(column == 1 ? "" : ", ")
                    .append("CAST(")
                    .append(parameter.apply(column))
                    .append(" AS text[])");
        }
        return sql.append(')').toString();
    }

    /** The parameters of {@link #insert}, 1 to 4: the rows' topics, keys, headers and payloads, each an array. */
    public static List<String[]> columns(List<OutboxRow> rows) {
        int size = rows.size();
        String[] topics = new String[size];
        String[] keys = new String[size];
        String[] headers = new String[size];
        String[] payloads = new String[size];
        for (int i = 0; i < size; i++) {
            OutboxRow row = rows.get(i);
            topics[i] = row.topic();
            keys[i] = row.key();
            headers[i] = row.headers();
            payloads[i] = row.payload();
        }
        return List.of(topics, keys, headers, payloads);
    }
}
