package io.iotdm.jobs.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsErrors;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * CreateJob's {@code targets}: thing ARNs and thing-group ARNs of this endpoint's region and account
 * (docs/aws-behaviour.md §5.5), each once, in the caller's order.
 */
record JobTargets(List<String> arns, List<String> thingNames, List<String> groupNames) {

    static JobTargets parse(JsonNode targets, Arns ours, AwsErrors errors) {
        Set<String> arns = new LinkedHashSet<>();
        Set<String> things = new LinkedHashSet<>();
        Set<String> groups = new LinkedHashSet<>();
        String thingPrefix = ours.thing("");
        String groupPrefix = ours.thingGroup("");
        for (JsonNode target : targets) {
            String arn = target.asText();
            if (arn.startsWith(thingPrefix) && arn.length() > thingPrefix.length()) {
                things.add(arn.substring(thingPrefix.length()));
            } else if (arn.startsWith(groupPrefix) && arn.length() > groupPrefix.length()) {
                groups.add(arn.substring(groupPrefix.length()));
            } else {
                throw errors.invalidRequest("Invalid target ARN: " + arn
                        + ". A target must be the ARN of a thing or of a thing group in this region and account.");
            }
            arns.add(arn);
        }
        return new JobTargets(new ArrayList<>(arns), new ArrayList<>(things), new ArrayList<>(groups));
    }
}
