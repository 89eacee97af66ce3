package io.iotdm.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotdm.devstack.StackAddresses;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The AWS CLI on PATH, pointed at the suite's gateway with its keys, as a migrating team runs it. */
final class AwsCli {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AwsCli() {}

    static boolean onPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(new File(dir, "aws").toPath())) {
                return true;
            }
        }
        return false;
    }

    /** {@code aws <args> --endpoint-url … --region … --output json}: its JSON answer (empty when it prints none). */
    static JsonNode run(String... args) {
        StackAddresses stack = Suite.addresses();
        List<String> command = new ArrayList<>(List.of("aws"));
        command.addAll(List.of(args));
        command.addAll(List.of(
                "--endpoint-url",
                stack.get(StackAddresses.API_ENDPOINT),
                "--region",
                stack.get(StackAddresses.API_REGION),
                "--output",
                "json"));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        environment.put("AWS_ACCESS_KEY_ID", stack.get(StackAddresses.API_ACCESS_KEY));
        environment.put("AWS_SECRET_ACCESS_KEY", stack.get(StackAddresses.API_SECRET_KEY));
        environment.remove("AWS_SESSION_TOKEN");
        environment.remove("AWS_PROFILE");
        environment.put("AWS_CONFIG_FILE", "/dev/null");
        environment.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        try {
            // stderr to a file: the CLI's warnings there must not spoil the JSON, nor fill a pipe nobody reads
            Path errors = Files.createTempFile("aws-cli", ".stderr");
            Process process = builder.redirectError(errors.toFile()).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean exited = process.waitFor(60, TimeUnit.SECONDS);
            String errorText = Files.readString(errors);
            Files.delete(errors);
            if (!exited || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed: " + errorText + output);
            }
            return output.isBlank() ? JSON.createObjectNode() : JSON.readTree(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
