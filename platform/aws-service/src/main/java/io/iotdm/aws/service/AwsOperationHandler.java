package io.iotdm.aws.service;

import io.smallrye.mutiny.Uni;

/**
 * The handler of one AWS operation: a CDI bean per command. It receives input that already satisfies the model's
 * constraints and answers the operation's output, or fails with an {@link io.iotdm.aws.protocol.AwsServiceException}.
 * Handlers run on the event loop and must not block.
 */
public interface AwsOperationHandler {

    /** The model the operation belongs to: {@code iot}, {@code iot-data}, {@code iot-jobs-data} or {@code signer}. */
    String service();

    /** The operation name as the model spells it, for example {@code CreateThing}. */
    String operation();

    Uni<AwsResponse> handle(AwsRequest request);
}
