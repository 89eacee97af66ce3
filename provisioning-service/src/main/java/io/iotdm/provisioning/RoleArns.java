package io.iotdm.provisioning;

import io.iotdm.aws.service.AwsErrors;
import java.util.regex.Pattern;

/**
 * The IAM role ARNs that operations take (a template's {@code provisioningRoleArn}, a registration task's
 * {@code roleArn}). iotdm never assumes them (it provisions and reads with its own rights); their shape is checked so
 * that a call that works here has the shape AWS wants (docs/aws-behaviour.md §6.5, §6.9).
 */
public final class RoleArns {

    /**
     * Partition, no region, a 12-digit account, then {@code role/} with an optional path and the role name (IAM's
     * {@code [\w+=,.@-]{1,64}}).
     */
    private static final Pattern ROLE_ARN =
            Pattern.compile("arn:aws(-[a-z]+)*:iam::\\d{12}:role/([\\x21-\\x7E&&[^/]]+/)*[\\w+=,.@-]{1,64}");

    private RoleArns() {}

    /**
     * @param member the input member, named in the refusal
     * @throws io.iotdm.aws.protocol.AwsServiceException InvalidRequestException unless {@code arn} is an IAM role's
     */
    public static void check(AwsErrors errors, String member, String arn) {
        if (!ROLE_ARN.matcher(arn).matches()) {
            throw errors.invalidRequest(
                    member + " " + arn + " is not the ARN of an IAM role (arn:aws:iam::<account>:role/<name>)");
        }
    }
}
