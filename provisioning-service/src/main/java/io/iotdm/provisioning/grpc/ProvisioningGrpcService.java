package io.iotdm.provisioning.grpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.iotdm.grpc.provisioning.v1.DescribeClientCertificateRequest;
import io.iotdm.grpc.provisioning.v1.DescribeClientCertificateResponse;
import io.iotdm.grpc.provisioning.v1.ProvisioningGrpc;
import io.iotdm.grpc.provisioning.v1.ThingHasPrincipalsRequest;
import io.iotdm.grpc.provisioning.v1.ThingHasPrincipalsResponse;
import io.iotdm.grpc.service.GrpcAnswers;
import io.iotdm.provisioning.store.ProvisioningTransactions;
import io.iotdm.provisioning.store.ThingPrincipalRepository;
import io.iotdm.x509.IotCertificate;
import io.iotdm.x509.X509Exception;
import io.quarkus.grpc.GrpcService;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The provisioning-service's gRPC contract (platform/grpc-api: iotdm.provisioning.v1.Provisioning), on the HTTP port. */
@GrpcService
class ProvisioningGrpcService extends ProvisioningGrpc.ProvisioningImplBase {

    private static final Pattern CERTIFICATE_ID = Pattern.compile("[0-9a-f]{64}");

    private final ProvisioningTransactions transactions;
    private final ThingPrincipalRepository thingPrincipals;
    private final ClientCertificates clientCertificates;

    ProvisioningGrpcService(
            ProvisioningTransactions transactions,
            ThingPrincipalRepository thingPrincipals,
            ClientCertificates clientCertificates) {
        this.transactions = transactions;
        this.thingPrincipals = thingPrincipals;
        this.clientCertificates = clientCertificates;
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

    @Override
    public void describeClientCertificate(
            DescribeClientCertificateRequest request, StreamObserver<DescribeClientCertificateResponse> responses) {
        String certificateId = request.getCertificateId().toLowerCase(Locale.ROOT);
        if (!CERTIFICATE_ID.matcher(certificateId).matches()) {
            responses.onError(Status.INVALID_ARGUMENT
                    .withDescription("certificate_id must be 64 hex digits (the SHA-256 of the certificate's DER)")
                    .asRuntimeException());
            return;
        }
        Optional<IotCertificate> presented;
        try {
            presented = presented(request);
        } catch (CertificateException | X509Exception e) {
            responses.onError(Status.INVALID_ARGUMENT
                    .withDescription("presented_certificate_der is not an X.509 certificate: " + e.getMessage())
                    .asRuntimeException());
            return;
        }
        if (presented.isPresent() && !presented.get().certificateId().equals(certificateId)) {
            responses.onError(Status.INVALID_ARGUMENT
                    .withDescription("presented_certificate_der is not the certificate of certificate_id")
                    .asRuntimeException());
            return;
        }
        GrpcAnswers.unary(clientCertificates.describe(certificateId, request.getClientId(), presented), responses);
    }

    /** The certificate presented at CONNECT, when the gateway sent it. */
    private static Optional<IotCertificate> presented(DescribeClientCertificateRequest request)
            throws CertificateException {
        if (request.getPresentedCertificateDer().isEmpty()) {
            return Optional.empty();
        }
        IotCertificate presented = IotCertificate.of((X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(request.getPresentedCertificateDer().newInput()));
        return Optional.of(presented);
    }
}
