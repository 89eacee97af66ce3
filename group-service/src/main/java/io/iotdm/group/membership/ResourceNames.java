package io.iotdm.group.membership;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.AwsRequest;
import jakarta.inject.Singleton;
import java.util.regex.Pattern;

/**
 * The thing and the group that AddThingToThingGroup and RemoveThingFromThingGroup name, each by name or ARN
 * (docs/aws-behaviour.md §1.4): at least one of the two, and both identifying the same resource when both are given.
 */
@Singleton
class ResourceNames {

    /** ThingName and ThingGroupName of the model. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9:_-]{1,128}");

    private final Arns arns;
    private final AwsErrors errors;

    ResourceNames(Arns arns, AwsErrors errors) {
        this.arns = arns;
        this.errors = errors;
    }

    String thing(AwsRequest request) {
        return resolve(request, "thingName", "thingArn", arns.thing(""), "thing");
    }

    String group(AwsRequest request) {
        return resolve(request, "thingGroupName", "thingGroupArn", arns.thingGroup(""), "thing group");
    }

    private String resolve(AwsRequest request, String nameMember, String arnMember, String arnPrefix, String what) {
        String name = request.string(nameMember);
        String arn = request.string(arnMember);
        if (name == null && arn == null) {
            throw errors.invalidRequest("Either " + nameMember + " or " + arnMember + " must be specified");
        }
        if (arn == null) {
            return name;
        }
        String fromArn = arn.startsWith(arnPrefix) ? arn.substring(arnPrefix.length()) : null;
        if (fromArn == null || !NAME.matcher(fromArn).matches()) {
            throw errors.invalidRequest("Invalid " + what + " ARN: " + arn);
        }
        if (name != null && !name.equals(fromArn)) {
            throw errors.invalidRequest(
                    nameMember + " " + name + " and " + arnMember + " " + arn + " do not identify the same " + what);
        }
        return fromArn;
    }
}
