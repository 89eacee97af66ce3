package io.iotdm.provisioning.attachment;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsErrors;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a policy target names: a certificate by its ARN, a thing group by its ARN, or a Cognito identity by its id
 * ({@code region:uuid}). Anything else is refused (InvalidRequestException).
 *
 * @param id the certificate id, the group name, or the identity id
 */
public record PolicyTargetName(Kind kind, String target, String id) {

    /** The kinds of target AWS IoT attaches policies to. */
    public enum Kind {
        CERTIFICATE,
        THING_GROUP,
        COGNITO_IDENTITY
    }

    private static final Pattern COGNITO_IDENTITY = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d:[0-9a-fA-F-]{36}");

    /** @param target as the caller sent it */
    public static PolicyTargetName parse(String target, Arns arns, AwsErrors errors) {
        String certificatePrefix = arns.certificate("");
        String groupPrefix = arns.thingGroup("");
        if (target.startsWith(certificatePrefix)) {
            String id = target.substring(certificatePrefix.length()).toLowerCase(Locale.ROOT);
            if (id.matches("[0-9a-f]{64}")) {
                return new PolicyTargetName(Kind.CERTIFICATE, arns.certificate(id), id);
            }
        } else if (target.startsWith(groupPrefix)) {
            String name = target.substring(groupPrefix.length());
            if (name.matches("[a-zA-Z0-9:_-]{1,128}")) {
                return new PolicyTargetName(Kind.THING_GROUP, target, name);
            }
        } else if (COGNITO_IDENTITY.matcher(target).matches()) {
            return new PolicyTargetName(Kind.COGNITO_IDENTITY, target, target);
        }
        throw errors.invalidRequest("Invalid target: " + target + " is not a certificate ARN, a thing group ARN of"
                + " this account and region, or a Cognito identity id");
    }
}
