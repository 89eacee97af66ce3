package io.iotdm.provisioning.certificate;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.provisioning.store.CreationOrder;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** The account's certificates in creation order, newest first unless {@code isAscendingOrder}. */
@Singleton
class ListCertificatesHandler extends AwsOperationHandler {

    private final CertificateService certificates;
    private final Arns arns;

    ListCertificatesHandler(CertificateService certificates, Arns arns) {
        super("iot", "ListCertificates");
        this.certificates = certificates;
        this.arns = arns;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return certificates
                .list(
                        null,
                        request.string("marker"),
                        request.pageSize("pageSize", CreationOrder.DEFAULT_PAGE_SIZE),
                        request.flag("ascendingOrder"))
                .map(page -> AwsResponse.json(page.json(
                        "certificates", "nextMarker", certificate -> CertificateJson.listed(certificate, arns))));
    }
}
