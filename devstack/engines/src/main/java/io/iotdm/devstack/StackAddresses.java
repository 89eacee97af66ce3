package io.iotdm.devstack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The engines' addresses as devstack writes them to {@code stack.properties} in its data directory,
 * for services and tests to read. Uses the JDK only, like {@link ChildJvm}.
 */
public record StackAddresses(Map<String, String> values) {

    public static final String FILE_NAME = "stack.properties";

    public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    public static final String POSTGRES_HOST = "postgres.host";
    public static final String POSTGRES_PORT = "postgres.port";
    public static final String POSTGRES_USER = "postgres.user";
    public static final String POSTGRES_PASSWORD = "postgres.password";
    public static final String OPENSEARCH_URL = "opensearch.url";
    public static final String S3_ENDPOINT = "s3.endpoint";
    public static final String S3_ACCESS_KEY = "s3.access-key";
    public static final String S3_SECRET_KEY = "s3.secret-key";
    public static final String S3_REGION = "s3.region";
    public static final String API_ENDPOINT = "api.endpoint";
    public static final String API_REGION = "api.region";
    public static final String API_ACCESS_KEY = "api.access-key";
    public static final String API_SECRET_KEY = "api.secret-key";
    /** The device gateway's MQTT over TLS, {@code host:port}. */
    public static final String MQTT_ENDPOINT = "mqtt.endpoint";
    /** The absolute path of the CA certificate (PEM) devices trust for {@link #MQTT_ENDPOINT}. */
    public static final String MQTT_CA_FILE = "mqtt.ca-file";

    /** The key of where one service (or the api-gateway) listens: its /q/health and /q/metrics are there. */
    public static String serviceUrl(String service) {
        return "service." + service + ".url";
    }

    public StackAddresses {
        values = Map.copyOf(values);
    }

    public String get(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalStateException("devstack did not record " + key);
        }
        return value;
    }

    /** A JDBC URL for one database of the embedded PostgreSQL. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + get(POSTGRES_HOST) + ":" + get(POSTGRES_PORT) + "/" + database;
    }

    /** A Vert.x reactive client URL for one database of the embedded PostgreSQL. */
    public String reactivePostgresUrl(String database) {
        return "postgresql://" + get(POSTGRES_HOST) + ":" + get(POSTGRES_PORT) + "/" + database;
    }

    /** These addresses and more. */
    public StackAddresses with(Map<String, String> more) {
        Map<String, String> all = new TreeMap<>(values);
        all.putAll(more);
        return new StackAddresses(all);
    }

    /** Writes atomically, so that a reader never sees half a file; only its owner may read it (a password). */
    public void write(Path file) throws IOException {
        Properties properties = new Properties();
        properties.putAll(values);
        Path temp = StackSecrets.ownerOnly(file.resolveSibling(file.getFileName() + ".tmp"));
        try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            properties.store(out, "iotdm devstack: where the engines listen");
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static StackAddresses read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        Map<String, String> values = new TreeMap<>();
        properties.forEach((key, value) -> values.put((String) key, (String) value));
        return new StackAddresses(values);
    }
}
