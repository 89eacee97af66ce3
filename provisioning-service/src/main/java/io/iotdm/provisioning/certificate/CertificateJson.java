package io.iotdm.provisioning.certificate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.protocol.Timestamps;
import io.iotdm.provisioning.store.Certificate;

/** Certificates as AWS's outputs render them. */
public final class CertificateJson {

    private CertificateJson() {}

    /** DescribeCertificate's {@code certificateDescription}. */
    static ObjectNode description(Certificate certificate, Arns arns) {
        ObjectNode description = JsonNodeFactory.instance
                .objectNode()
                .put("certificateArn", arns.certificate(certificate.id()))
                .put("certificateId", certificate.id());
        if (certificate.caCertificateId() != null) {
            description.put("caCertificateId", certificate.caCertificateId());
        }
        description
                .put("status", certificate.status().name())
                .put("certificatePem", certificate.pem())
                .put("ownedBy", arns.account())
                .put("creationDate", Timestamps.epochSeconds(certificate.creationDate()))
                .put("lastModifiedDate", Timestamps.epochSeconds(certificate.lastModifiedDate()))
                .put("customerVersion", certificate.customerVersion())
                .put("generationId", certificate.generationId());
        description
                .putObject("validity")
                .put("notBefore", Timestamps.epochSeconds(certificate.notBefore()))
                .put("notAfter", Timestamps.epochSeconds(certificate.notAfter()));
        description.put("certificateMode", certificate.mode().name());
        return description;
    }

    /** The answer of CreateKeysAndCertificate (before its keyPair) and CreateCertificateFromCsr. */
    static ObjectNode created(Certificate certificate, Arns arns) {
        return JsonNodeFactory.instance
                .objectNode()
                .put("certificateArn", arns.certificate(certificate.id()))
                .put("certificateId", certificate.id())
                .put("certificatePem", certificate.pem());
    }

    /** An item of ListCertificates and ListCertificatesByCA. */
    static ObjectNode listed(Certificate certificate, Arns arns) {
        return JsonNodeFactory.instance
                .objectNode()
                .put("certificateArn", arns.certificate(certificate.id()))
                .put("certificateId", certificate.id())
                .put("status", certificate.status().name())
                .put("certificateMode", certificate.mode().name())
                .put("creationDate", Timestamps.epochSeconds(certificate.creationDate()));
    }
}
