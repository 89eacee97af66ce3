package io.iotdm.gateway.routing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotdm.aws.protocol.Operation;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The tagging operations (TagResource, UntagResource, ListTagsForResource) name their resource by ARN, and each
 * service keeps the tags of the resources it owns (a service never reads another's tables): the ARN's resource type
 * picks the owner. Types not listed stay with the operations' owner in api-scope.json, which answers for the rest.
 */
final class TaggedResources {

    private static final Set<String> OPERATIONS = Set.of("TagResource", "UntagResource", "ListTagsForResource");

    /** ARN resource type ({@code arn:aws:iot:<region>:<account>:<type>/<name>}) → owner. */
    private static final Map<String, String> OWNERS = Map.of(
            "thinggroup", "group-service",
            "provisioningtemplate", "provisioning-service",
            "policy", "provisioning-service",
            "cacert", "provisioning-service",
            "job", "jobs-service",
            "jobtemplate", "jobs-service");

    private static final ObjectMapper JSON = new ObjectMapper();

    private TaggedResources() {}

    /** @return the owner of the tagged resource when it is not the operation's owner */
    static Optional<String> owner(Operation operation, Map<String, List<String>> query, Supplier<byte[]> body) {
        if (!"iot".equals(operation.service()) || !OPERATIONS.contains(operation.name())) {
            return Optional.empty();
        }
        String arn = operation.name().equals("ListTagsForResource")
                ? query.getOrDefault("resourceArn", List.of("")).get(0)
                : bodyMember(body.get(), "resourceArn");
        return resourceType(arn).map(OWNERS::get);
    }

    private static Optional<String> resourceType(String arn) {
        if (arn == null) {
            return Optional.empty();
        }
        String[] parts = arn.split(":", 6);
        if (parts.length < 6 || !parts[0].equals("arn")) {
            return Optional.empty(); // the owner answers the malformed ARN with AWS's error
        }
        int slash = parts[5].indexOf('/');
        return Optional.of(slash < 0 ? parts[5] : parts[5].substring(0, slash));
    }

    private static String bodyMember(byte[] body, String member) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(body).path(member).textValue();
        } catch (IOException notJson) {
            return null; // the owner answers it with AWS's serialization error
        }
    }
}
