package io.iotdm.indexing.search;

import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.AwsRequest;
import jakarta.inject.Singleton;
import java.util.function.Function;

/**
 * Reads the fleet index's iotdm extension headers ({@code iotdm-*}, see the README) into their parsed values. A parser
 * refuses a malformed value with an {@link IllegalArgumentException}; the client gets InvalidRequestException, the
 * error AWS gives a malformed input.
 */
@Singleton
public class ExtensionHeaders {

    private final AwsErrors errors;

    ExtensionHeaders(AwsErrors errors) {
        this.errors = errors;
    }

    /** The parsed header, or {@code absent} when the client did not send it (AWS behaviour). */
    public <T> T read(AwsRequest request, String header, Function<String, T> parse, T absent) {
        String value = request.extension(header);
        if (value == null) {
            return absent;
        }
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException malformed) {
            throw invalid(header, malformed.getMessage());
        }
    }

    /** InvalidRequestException about a header's value. */
    public RuntimeException invalid(String header, String reason) {
        return errors.invalidRequest("Invalid " + header + " header: " + reason);
    }

    /** A yes/no header: {@code true} or {@code false}. */
    public static boolean flag(String value) {
        return switch (value.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false, got '" + value + "'");
        };
    }
}
