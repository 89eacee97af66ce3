package io.iotdm.provisioning.ca;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.protocol.Timestamps;
import io.iotdm.provisioning.store.CaCertificate;
import io.iotdm.provisioning.store.CaCertificate.RegistrationConfig;

/** CA certificates as AWS's outputs render them. */
final class CaCertificateJson {

    private CaCertificateJson() {}

    /** DescribeCACertificate's output: {@code certificateDescription} and, when set, {@code registrationConfig}. */
    static ObjectNode described(CaCertificate ca, Arns arns) {
        ObjectNode output = JsonNodeFactory.instance.objectNode();
        ObjectNode description = output.putObject("certificateDescription")
                .put("certificateArn", arns.caCertificate(ca.id()))
                .put("certificateId", ca.id())
                .put("status", ca.status().name())
                .put("certificatePem", ca.pem())
                .put("ownedBy", arns.account())
                .put("creationDate", Timestamps.epochSeconds(ca.creationDate()))
                .put("autoRegistrationStatus", ca.autoRegistration().name())
                .put("lastModifiedDate", Timestamps.epochSeconds(ca.lastModifiedDate()))
                .put("customerVersion", ca.customerVersion())
                .put("generationId", ca.generationId());
        description
                .putObject("validity")
                .put("notBefore", Timestamps.epochSeconds(ca.notBefore()))
                .put("notAfter", Timestamps.epochSeconds(ca.notAfter()));
        description.put("certificateMode", ca.mode().name());
        RegistrationConfig config = ca.registrationConfig();
        if (config != null) {
            ObjectNode rendered = output.putObject("registrationConfig");
            putIfSet(rendered, "templateBody", config.templateBody());
            putIfSet(rendered, "roleArn", config.roleArn());
            putIfSet(rendered, "templateName", config.templateName());
        }
        return output;
    }

    /** An item of ListCACertificates. */
    static ObjectNode listed(CaCertificate ca, Arns arns) {
        return JsonNodeFactory.instance
                .objectNode()
                .put("certificateArn", arns.caCertificate(ca.id()))
                .put("certificateId", ca.id())
                .put("status", ca.status().name())
                .put("creationDate", Timestamps.epochSeconds(ca.creationDate()));
    }

    /** RegisterCACertificate's and RegisterCertificate's output. */
    static ObjectNode registered(String certificateArn, String certificateId) {
        return JsonNodeFactory.instance
                .objectNode()
                .put("certificateArn", certificateArn)
                .put("certificateId", certificateId);
    }

    private static void putIfSet(ObjectNode node, String member, String value) {
        if (value != null) {
            node.put(member, value);
        }
    }
}
