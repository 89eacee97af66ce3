package io.iotdm.provisioning.certificate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** A certificate with its PEM, status and validity. */
@Singleton
class DescribeCertificateHandler extends AwsOperationHandler {

    private final CertificateService certificates;
    private final Arns arns;

    DescribeCertificateHandler(CertificateService certificates, Arns arns) {
        super("iot", "DescribeCertificate");
        this.certificates = certificates;
        this.arns = arns;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return certificates.describe(request.string("certificateId")).map(certificate -> {
            var output = JsonNodeFactory.instance.objectNode();
            output.set("certificateDescription", CertificateJson.description(certificate, arns));
            return AwsResponse.json(output);
        });
    }
}
