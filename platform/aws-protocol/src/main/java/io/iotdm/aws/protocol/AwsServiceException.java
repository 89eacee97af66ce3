package io.iotdm.aws.protocol;

import java.util.Map;

/** An AWS error answer: thrown anywhere, rendered by {@link ErrorResponse}. */
public class AwsServiceException extends RuntimeException {

    private final AwsErrorCode code;
    private final Map<String, String> members;

    public AwsServiceException(AwsErrorCode code, String message) {
        this(code, message, Map.of());
    }

    /**
     * @param members extra body members, for example {@code resourceId} and {@code resourceArn} of
     *     ResourceAlreadyExistsException; only members the error shape declares
     */
    public AwsServiceException(AwsErrorCode code, String message, Map<String, String> members) {
        // An error answer is not a bug: no stack trace, so rejecting bad input stays cheap.
        super(message, null, false, false);
        if (!code.members().containsAll(members.keySet())) {
            throw new IllegalArgumentException(
                    code.name() + " declares only " + code.members() + ", not " + members.keySet());
        }
        this.code = code;
        this.members = Map.copyOf(members);
    }

    public AwsErrorCode code() {
        return code;
    }

    public int httpStatus() {
        return code.httpStatus();
    }

    public Map<String, String> members() {
        return members;
    }
}
