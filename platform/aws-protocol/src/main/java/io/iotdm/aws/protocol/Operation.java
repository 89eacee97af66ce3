package io.iotdm.aws.protocol;

import java.util.List;

/**
 * One operation of a service model, with the iotdm service that owns it.
 *
 * @param service the model it belongs to: {@code iot}, {@code iot-data}, {@code iot-jobs-data} or {@code signer}
 * @param requestUri the URI template, for example {@code /things/{thingName}}
 * @param input the input shape name, or {@code null} when the operation takes none
 * @param errors the error shapes the operation declares
 * @param owner the iotdm service that implements it (for example {@code registry-service}), or empty when iotdm
 *     does not implement it
 * @param validationError the error AWS answers for an input that breaks the model's constraints
 */
public record Operation(
        String service,
        String name,
        String httpMethod,
        String requestUri,
        String input,
        List<String> errors,
        String owner,
        AwsErrorCode validationError) {

    public Operation {
        errors = List.copyOf(errors);
    }

    public boolean inScope() {
        return !owner.isEmpty();
    }
}
