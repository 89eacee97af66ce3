package io.iotdm.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The engines' addresses that devstack records in {@code stack.properties} (keys as in devstack's
 * {@code StackAddresses}), read with the JDK only so that bench does not depend on devstack.
 */
record StackFile(Path path, Properties values) {

    static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    static final String POSTGRES_HOST = "postgres.host";
    static final String POSTGRES_PORT = "postgres.port";
    static final String POSTGRES_USER = "postgres.user";
    static final String POSTGRES_PASSWORD = "postgres.password";
    static final String OPENSEARCH_URL = "opensearch.url";
    static final String API_ENDPOINT = "api.endpoint";
    static final String API_REGION = "api.region";
    static final String API_ACCESS_KEY = "api.access-key";
    static final String API_SECRET_KEY = "api.secret-key";
    static final String S3_ENDPOINT = "s3.endpoint";
    static final String S3_REGION = "s3.region";
    static final String S3_ACCESS_KEY = "s3.access-key";
    static final String S3_SECRET_KEY = "s3.secret-key";

    /** {@code $IOTDM_DATA_DIR}, else {@code <iotdm.root>/.iotdm/data} (set by bench/run), else {@code .iotdm/data}. */
    static Path defaultPath() {
        String dataDir = System.getenv("IOTDM_DATA_DIR");
        if (dataDir != null && !dataDir.isBlank()) {
            return Path.of(dataDir, "stack.properties");
        }
        return Path.of(System.getProperty("iotdm.root", "."), ".iotdm", "data", "stack.properties");
    }

    static Optional<StackFile> read(Path path) {
        if (path == null || !Files.isRegularFile(path)) {
            return Optional.empty();
        }
        Properties values = new Properties();
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            values.load(in);
        } catch (IOException unreadable) {
            System.err.println("bench: ignoring unreadable " + path + ": " + unreadable);
            return Optional.empty();
        }
        return Optional.of(new StackFile(path, values));
    }

    Optional<String> get(String key) {
        return Optional.ofNullable(values.getProperty(key)).filter(v -> !v.isBlank());
    }

    /** A JDBC URL for one database, if the file names PostgreSQL's host and port. */
    Optional<String> jdbcUrl(String database) {
        return get(POSTGRES_HOST).flatMap(host -> get(POSTGRES_PORT)
                .map(port -> "jdbc:postgresql://" + host + ":" + port + "/" + database));
    }
}
