package io.iotdm.registry.thing;

import io.iotdm.aws.service.AwsResponse;

/**
 * The registry revision of a thing write, answered with the write so that a client can later ask a reader of the
 * thing events (the fleet index) to have caught up with it: the same number as the resource-version header of the
 * write's events. Client-facing extension headers are named {@code iotdm-*} (RFC 6648: no "x-"); the gateway keeps
 * {@code x-iotdm-*} for the identity it passes to services.
 */
final class RevisionHeader {

    static final String NAME = "iotdm-registry-revision";

    private RevisionHeader() {}

    static AwsResponse add(AwsResponse response, long revision) {
        return response.withExtension(NAME, Long.toString(revision));
    }
}
