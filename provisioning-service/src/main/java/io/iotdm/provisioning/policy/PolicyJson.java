package io.iotdm.provisioning.policy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.protocol.Timestamps;
import io.iotdm.provisioning.store.Policy;
import io.iotdm.provisioning.store.PolicyVersion;

/** Policies and versions as AWS's outputs render them. */
final class PolicyJson {

    private PolicyJson() {}

    /** GetPolicy's output: the default version's document. */
    static ObjectNode policy(Policy policy, PolicyVersion defaultVersion, Arns arns) {
        return JsonNodeFactory.instance
                .objectNode()
                .put("policyName", policy.name())
                .put("policyArn", arns.policy(policy.name()))
                .put("policyDocument", defaultVersion.document())
                .put("defaultVersionId", Integer.toString(policy.defaultVersionId()))
                .put("creationDate", Timestamps.epochSeconds(policy.creationDate()))
                .put("lastModifiedDate", Timestamps.epochSeconds(policy.lastModifiedDate()))
                .put("generationId", policy.generationId());
    }

    /** An item of ListPolicies (and of the attached-policy listings). */
    static ObjectNode listed(String policyName, Arns arns) {
        return JsonNodeFactory.instance
                .objectNode()
                .put("policyName", policyName)
                .put("policyArn", arns.policy(policyName));
    }

    /** GetPolicyVersion's output. */
    static ObjectNode version(Policy policy, PolicyVersion version, Arns arns) {
        return JsonNodeFactory.instance
                .objectNode()
                .put("policyArn", arns.policy(policy.name()))
                .put("policyName", policy.name())
                .put("policyDocument", version.document())
                .put("policyVersionId", Integer.toString(version.versionId()))
                .put("isDefaultVersion", version.versionId() == policy.defaultVersionId())
                .put("creationDate", Timestamps.epochSeconds(version.creationDate()))
                .put("lastModifiedDate", Timestamps.epochSeconds(policy.lastModifiedDate()))
                .put("generationId", policy.generationId());
    }

    /** An item of ListPolicyVersions. */
    static ObjectNode listedVersion(Policy policy, PolicyVersion version) {
        return JsonNodeFactory.instance
                .objectNode()
                .put("versionId", Integer.toString(version.versionId()))
                .put("isDefaultVersion", version.versionId() == policy.defaultVersionId())
                .put("createDate", Timestamps.epochSeconds(version.creationDate()));
    }
}
