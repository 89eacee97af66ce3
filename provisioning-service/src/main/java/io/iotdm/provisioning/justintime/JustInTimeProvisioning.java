package io.iotdm.provisioning.justintime;

import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.iotpolicy.CertificateVariables;
import io.iotdm.provisioning.provisioningtemplate.TemplateService;
import io.iotdm.provisioning.provisioningtemplate.TemplateType;
import io.iotdm.provisioning.registration.ThingRegistrations;
import io.iotdm.provisioning.store.CaCertificate;
import io.iotdm.provisioning.store.CaCertificate.RegistrationConfig;
import io.iotdm.provisioning.template.InjectedParameters;
import io.iotdm.provisioning.template.ProvisioningPlan;
import io.iotdm.provisioning.template.ProvisioningTemplate;
import io.iotdm.provisioning.template.TemplateException;
import io.iotdm.provisioning.template.TemplateUse;
import io.iotdm.x509.IotCertificate;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * JITP (docs/aws-behaviour.md §6.3): the CA's registrationConfig template (named, its default version; or given as a
 * body) runs with the parameters AWS takes from the certificate's subject, as a registration of the one executor
 * ({@link ThingRegistrations}): the thing and the policies created and attached, the PENDING_ACTIVATION certificate
 * given the template's status. A template that cannot provision the certificate (a subject field it refers to is
 * missing, a resource is refused) is logged and leaves the certificate PENDING_ACTIVATION, as AWS leaves it.
 */
@ApplicationScoped
class JustInTimeProvisioning {

    private static final Logger LOG = Logger.getLogger(JustInTimeProvisioning.class);

    /** AWS's JITP parameters by the {@code iot:Certificate.Subject.*} policy variable of the same subject attribute. */
    private static final Map<String, String> SUBJECT_PARAMETERS = Map.of(
            "AWS::IoT::Certificate::Country", "Country",
            "AWS::IoT::Certificate::Organization", "Organization",
            "AWS::IoT::Certificate::OrganizationalUnit", "OrganizationalUnit",
            "AWS::IoT::Certificate::DistinguishedNameQualifier", "DistinguishedNameQualifier",
            "AWS::IoT::Certificate::StateName", "State",
            "AWS::IoT::Certificate::CommonName", "CommonName",
            "AWS::IoT::Certificate::SerialNumber", "SerialNumber");

    private final TemplateService templates;
    private final ThingRegistrations registrations;
    private final AwsErrors errors;

    JustInTimeProvisioning(TemplateService templates, ThingRegistrations registrations, AwsErrors errors) {
        this.templates = templates;
        this.registrations = registrations;
        this.errors = errors;
    }

    /**
     * Provisions the certificate with the CA's template. The registration is keyed by the certificate and the
     * template's body: concurrent CONNECTs of the certificate share one registration (and wait for it), a presentation
     * after a failure answers that failure again, and a changed template (a new default version) tries afresh.
     */
    Uni<Void> provision(IotCertificate device, CaCertificate ca) {
        return body(ca.registrationConfig())
                .chain(body -> {
                    ProvisioningPlan plan =
                            ProvisioningTemplate.parse(body, TemplateUse.JITP).evaluate(Map.of(), parameters(device));
                    return registrations.registerAwaitingOthers(
                            "JITP:" + device.certificateId() + ":" + sha256(body), plan);
                })
                .invoke(outcome -> LOG.infof(
                        "Certificate %s provisioned just in time by the template of CA %s: %s",
                        device.certificateId(), ca.id(), outcome.resourceArns()))
                .replaceWithVoid()
                .onFailure(JustInTimeProvisioning::refusal)
                .recoverWithUni(refusal -> {
                    LOG.warnf(
                            "Certificate %s cannot be provisioned just in time by the template of CA %s and stays"
                                    + " PENDING_ACTIVATION: %s",
                            device.certificateId(), ca.id(), refusal.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    /** The template's own refusals; an unavailable peer or database is not one (the question fails). */
    private static boolean refusal(Throwable failure) {
        return failure instanceof TemplateException
                || (failure instanceof AwsServiceException error
                        && error.httpStatus() < 500
                        && error.httpStatus() != 429);
    }

    /** The body of the template the configuration gives, or names (which must be an enabled JITP template). */
    private Uni<String> body(RegistrationConfig config) {
        if (config.templateBody() != null) {
            return Uni.createFrom().item(config.templateBody());
        }
        return templates.describe(config.templateName()).map(found -> {
            if (found.template().type() != TemplateType.JITP) {
                throw errors.invalidRequest("the provisioning template " + config.templateName() + " is of type "
                        + found.template().type() + ", not JITP");
            }
            if (!found.template().enabled()) {
                throw errors.invalidRequest("the provisioning template " + config.templateName() + " is disabled");
            }
            return found.version().body();
        });
    }

    /**
     * {@code AWS::IoT::Certificate::Id} and each subject attribute the certificate has (its first value); the ones it
     * lacks are left out, so that a template referring to one fails naming it.
     */
    static Map<String, String> parameters(IotCertificate device) {
        Map<String, List<String>> variables = CertificateVariables.of(device.x509());
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put(InjectedParameters.CERTIFICATE_ID, device.certificateId());
        SUBJECT_PARAMETERS.forEach((parameter, attribute) -> {
            List<String> values = variables.get("iot:Certificate.Subject." + attribute);
            if (values != null && !values.isEmpty()) {
                parameters.put(parameter, values.getFirst());
            }
        });
        return parameters;
    }

    private static String sha256(String body) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
