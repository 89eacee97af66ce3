package io.iotdm.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StackEndpointsTest {

    @TempDir
    Path dir;

    @Test
    void readsTheGatewayAndTheApiFromStackProperties() throws IOException {
        Path file = Files.writeString(
                dir.resolve("stack.properties"),
                """
                mqtt.endpoint=127.0.0.1\\:28883
                mqtt.ca-file=/data/gateway-ca.pem
                api.endpoint=http\\://127.0.0.1\\:29080
                api.region=eu-west-1
                api.access-key=AKID
                api.secret-key=SECRET
                """);

        StackEndpoints stack = StackEndpoints.read(file);

        assertThat(stack.mqttHost()).isEqualTo("127.0.0.1");
        assertThat(stack.mqttPort()).isEqualTo(28883);
        assertThat(stack.mqttCaFile()).isEqualTo(Path.of("/data/gateway-ca.pem"));
        assertThat(stack.api()).isEqualTo(URI.create("http://127.0.0.1:29080"));
        assertThat(stack.region()).isEqualTo("eu-west-1");
        assertThat(stack.accessKey()).isEqualTo("AKID");
        assertThat(stack.secretKey()).isEqualTo("SECRET");
    }

    @Test
    void aStackWithoutTheDeviceGatewayIsNamed() throws IOException {
        Path file = Files.writeString(dir.resolve("stack.properties"), "api.endpoint=http\\://127.0.0.1\\:29080\n");

        assertThatThrownBy(() -> StackEndpoints.read(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has no mqtt.endpoint");
    }

    @Test
    void aMissingFileSaysToStartTheStack() {
        assertThatThrownBy(() -> StackEndpoints.read(dir.resolve("stack.properties")))
                .hasMessageContaining("is the stack running (./iotdm up)?");
    }

    @Test
    void intervalsAreWrittenAsPeopleWriteThem() {
        SimulateCommand.DurationText text = new SimulateCommand.DurationText();
        assertThat(text.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(text.convert("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(text.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> text.convert("5")).isInstanceOf(CommandLine.TypeConversionException.class);
        assertThatThrownBy(() -> text.convert("0s")).isInstanceOf(CommandLine.TypeConversionException.class);
    }
}
