package io.iotdm.provisioning.certificate;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.provisioning.store.CreationOrder;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** The certificates a registered CA issued, in creation order. */
@Singleton
class ListCertificatesByCAHandler extends AwsOperationHandler {

    private final CertificateService certificates;
    private final Arns arns;

    ListCertificatesByCAHandler(CertificateService certificates, Arns arns) {
        super("iot", "ListCertificatesByCA");
        this.certificates = certificates;
        this.arns = arns;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return certificates
                .list(
                        request.string("caCertificateId"),
                        request.string("marker"),
                        request.pageSize("pageSize", CreationOrder.DEFAULT_PAGE_SIZE),
                        request.flag("ascendingOrder"))
                .map(page -> AwsResponse.json(page.json(
                        "certificates", "nextMarker", certificate -> CertificateJson.listed(certificate, arns))));
    }
}
