package io.iotdm.provisioning.grpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.iotdm.grpc.provisioning.v1.ProvisioningGrpc;
import io.iotdm.grpc.provisioning.v1.ThingHasPrincipalsRequest;
import io.iotdm.grpc.provisioning.v1.ThingHasPrincipalsResponse;
import io.iotdm.grpc.service.GrpcAnswers;
import io.iotdm.provisioning.store.ProvisioningTransactions;
import io.iotdm.provisioning.store.ThingPrincipalRepository;
import io.quarkus.grpc.GrpcService;

/** The provisioning-service's gRPC contract (platform/grpc-api: iotdm.provisioning.v1.Provisioning), on the HTTP port. */
@GrpcService
class ProvisioningGrpcService extends ProvisioningGrpc.ProvisioningImplBase {

    private final ProvisioningTransactions transactions;
    private final ThingPrincipalRepository thingPrincipals;

    ProvisioningGrpcService(ProvisioningTransactions transactions, ThingPrincipalRepository thingPrincipals) {
        this.transactions = transactions;
        this.thingPrincipals = thingPrincipals;
    }

    @Override
    public void thingHasPrincipals(
            ThingHasPrincipalsRequest request, StreamObserver<ThingHasPrincipalsResponse> responses) {
        if (request.getThingName().isEmpty()) {
            responses.onError(Status.INVALID_ARGUMENT
                    .withDescription("thing_name is required")
                    .asRuntimeException());
            return;
        }
        GrpcAnswers.unary(
                transactions
                        .read(session -> thingPrincipals.hasPrincipals(session, request.getThingName()))
                        .map(has -> ThingHasPrincipalsResponse.newBuilder()
                                .setHasPrincipals(has)
                                .build()),
                responses);
    }
}
