package io.iotdm.aws.protocol;

import java.util.HashSet;
import java.util.Set;

/**
 * An AWS error: the name clients read from {@code x-amzn-ErrorType}, its HTTP status and the members its body may
 * carry besides {@code message}. Codes of model error shapes come from {@link ServiceModel#errorCode(String)}, because
 * the same name can have different statuses in different models (ThrottlingException is 400 in {@code iot}, 429 in
 * {@code iot-data}).
 */
public record AwsErrorCode(String name, int httpStatus, Set<String> members) {

    public AwsErrorCode {
        members = Set.copyOf(members);
    }

    /** The code of a model error shape: its declared status and its members besides {@code message}. */
    static AwsErrorCode of(Shape errorShape) {
        if (!errorShape.exception()) {
            throw new IllegalArgumentException(errorShape.name() + " is not an error shape");
        }
        Set<String> members = new HashSet<>(errorShape.members().keySet());
        members.remove("message");
        return new AwsErrorCode(errorShape.name(), errorShape.errorHttpStatus(), members);
    }

    /** A protocol-level error that no model declares, so its body is the message alone. */
    static AwsErrorCode protocol(String name, int httpStatus) {
        return new AwsErrorCode(name, httpStatus, Set.of());
    }
}
