package io.iotdm.simulator;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where a running stack listens and how to sign for its AWS API, as devstack records them in {@code stack.properties}
 * (keys as in devstack's {@code StackAddresses}; read with the JDK so that the simulator does not depend on devstack).
 *
 * @param mqttHost the device gateway's MQTT over TLS ({@code mqtt.endpoint})
 * @param mqttCaFile the CA certificate (PEM) devices trust for it ({@code mqtt.ca-file})
 */
public record StackEndpoints(
        String mqttHost, int mqttPort, Path mqttCaFile, URI api, String region, String accessKey, String secretKey) {

    /** {@code stack.properties} in {@code $IOTDM_DATA_DIR}, else in {@code <root>/.iotdm/data}. */
    public static Path defaultFile(Path root) {
        String dataDir = System.getenv("IOTDM_DATA_DIR");
        Path dir = dataDir == null || dataDir.isBlank() ? root.resolve(".iotdm").resolve("data") : Path.of(dataDir);
        return dir.resolve("stack.properties");
    }

    public static StackEndpoints read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no " + file + ": is the stack running (./iotdm up)?");
        }
        Properties values = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            values.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return of(key -> {
            String value = values.getProperty(key);
            if (value == null || value.isBlank()) {
                throw new IllegalStateException(file + " has no " + key + " (a stack without the device gateway?)");
            }
            return value;
        });
    }

    /** From any source of devstack's keys, such as the e2e suite's addresses. */
    public static StackEndpoints of(java.util.function.Function<String, String> values) {
        String endpoint = values.apply("mqtt.endpoint");
        int colon = endpoint.lastIndexOf(':');
        return new StackEndpoints(
                endpoint.substring(0, colon),
                Integer.parseInt(endpoint.substring(colon + 1)),
                Path.of(values.apply("mqtt.ca-file")),
                URI.create(values.apply("api.endpoint")),
                values.apply("api.region"),
                values.apply("api.access-key"),
                values.apply("api.secret-key"));
    }
}
