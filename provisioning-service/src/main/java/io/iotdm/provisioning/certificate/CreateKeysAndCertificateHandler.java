package io.iotdm.provisioning.certificate;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** An RSA-2048 key pair and a certificate for it from iotdm's CA; the private key is in this answer only. */
@Singleton
class CreateKeysAndCertificateHandler extends AwsOperationHandler {

    private final CertificateCreation creation;
    private final Arns arns;

    CreateKeysAndCertificateHandler(CertificateCreation creation, Arns arns) {
        super("iot", "CreateKeysAndCertificate");
        this.creation = creation;
        this.arns = arns;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return creation.createKeysAndCertificate(request.flag("setAsActive")).map(issued -> {
            var output = CertificateJson.created(issued.certificate(), arns);
            output.putObject("keyPair")
                    .put("PublicKey", issued.keys().publicKeyPem())
                    .put("PrivateKey", issued.keys().privateKeyPem());
            return AwsResponse.json(output);
        });
    }
}
