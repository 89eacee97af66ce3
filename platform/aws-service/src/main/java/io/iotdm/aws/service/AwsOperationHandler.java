package io.iotdm.aws.service;

import io.smallrye.mutiny.Uni;

/**
 * The handler of one AWS operation: a CDI bean per command. It receives input that already satisfies the model's
 * constraints and answers the operation's output, or fails with an {@link io.iotdm.aws.protocol.AwsServiceException}.
 * Handlers run on the event loop and must not block.
 */
public abstract class AwsOperationHandler {

    private final String service;
    private final String operation;

    /**
     * @param service the model the operation belongs to: {@code iot}, {@code iot-data}, {@code iot-jobs-data} or
     *     {@code signer}
     * @param operation the operation name as the model spells it, for example {@code CreateThing}
     */
    protected AwsOperationHandler(String service, String operation) {
        this.service = service;
        this.operation = operation;
    }

    public final String service() {
        return service;
    }

    public final String operation() {
        return operation;
    }

    public abstract Uni<AwsResponse> handle(AwsRequest request);
}
