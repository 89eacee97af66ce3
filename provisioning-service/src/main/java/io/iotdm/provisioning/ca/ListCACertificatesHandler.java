package io.iotdm.provisioning.ca;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** The registered CA certificates in creation order, those of one JITP template with {@code templateName}. */
@Singleton
class ListCACertificatesHandler extends AwsOperationHandler {

    /** ListCACertificates' documented default page size (API reference), unlike the other marker listings. */
    static final int DEFAULT_PAGE_SIZE = 25;

    private final CaCertificateService cas;
    private final Arns arns;

    ListCACertificatesHandler(CaCertificateService cas, Arns arns) {
        super("iot", "ListCACertificates");
        this.cas = cas;
        this.arns = arns;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return cas.list(
                        request.string("templateName"),
                        request.string("marker"),
                        request.pageSize("pageSize", DEFAULT_PAGE_SIZE),
                        request.flag("ascendingOrder"))
                .map(page -> AwsResponse.json(
                        page.json("certificates", "nextMarker", ca -> CaCertificateJson.listed(ca, arns))));
    }
}
