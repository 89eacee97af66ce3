package io.iotdm.tags;

import io.smallrye.mutiny.Uni;

/**
 * What a service tells the tagging operations about the resources it owns: one bean per service.
 */
public interface TaggedResources {

    /**
     * Succeeds when the ARN names an existing resource of this service; fails with AWS's error otherwise
     * (InvalidRequestException for an ARN of a type the service does not own, ResourceNotFoundException for a resource
     * that does not exist).
     */
    Uni<Void> requireResource(String resourceArn);
}
