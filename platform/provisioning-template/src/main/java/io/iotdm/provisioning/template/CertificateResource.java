package io.iotdm.provisioning.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotdm.provisioning.template.ProvisioningPlan.CertificatePlan;
import io.iotdm.provisioning.template.ProvisioningPlan.CertificateSource;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** An {@code AWS::IoT::Certificate} resource, compiled, and how it resolves into a {@link CertificatePlan}. */
record CertificateResource(
        String logicalId,
        String form,
        Expr value,
        Optional<Expr> caCertificatePem,
        Optional<Expr> status,
        OverrideSetting statusOverride) {

    static final String TYPE = "AWS::IoT::Certificate";

    private static final String BY_ID = "CertificateId";
    private static final String FROM_CSR = "CertificateSigningRequest";
    private static final String FROM_PEM = "CertificatePem";
    private static final List<String> FORMS = List.of(BY_ID, FROM_CSR, FROM_PEM);
    private static final List<String> PROPERTIES = List.of(BY_ID, FROM_CSR, FROM_PEM, "CACertificatePem", "Status");

    /** The only property a certificate's override settings name. */
    enum Overridable {
        Status
    }

    static CertificateResource parse(String logicalId, JsonNode resource, ExprCompiler compiler, TemplateUse use) {
        ResourceDeclaration declaration = ResourceDeclaration.of(logicalId, resource, PROPERTIES, compiler);
        List<String> forms = FORMS.stream().filter(declaration::has).toList();
        if (forms.size() != 1) {
            throw ExprCompiler.invalid(
                    declaration.where,
                    "exactly one of " + String.join(", ", FORMS) + " is required, not "
                            + (forms.isEmpty() ? "none" : String.join(" and ", forms)));
        }
        String form = forms.getFirst();
        if (use.takesCertificateIdOnly() && !form.equals(BY_ID)) {
            throw ExprCompiler.invalid(
                    declaration.where, use + " templates take the certificate by CertificateId only");
        }
        if (declaration.has("CACertificatePem") && !form.equals(FROM_PEM)) {
            throw ExprCompiler.invalid(declaration.where, "CACertificatePem goes only with CertificatePem");
        }
        Optional<Expr> status = declaration.optional("Status");
        if (status.orElse(null) instanceof Expr.Literal literal
                && status(literal.value().asText()).isEmpty()) {
            throw ExprCompiler.invalid(
                    declaration.where, notAStatus(literal.value().asText()));
        }
        return new CertificateResource(
                logicalId,
                form,
                declaration.required(form),
                declaration.optional("CACertificatePem"),
                status,
                declaration.overrides(Overridable.class, List.of()).get(Overridable.Status));
    }

    CertificatePlan plan(Scope resource) {
        return new CertificatePlan(
                logicalId,
                source(resource),
                status.map(expr -> resource.at("Status").text(expr, "the value"))
                        .map(text -> status(text).orElseThrow(() -> resource.fail(notAStatus(text))))
                        .orElse(CertificateStatus.ACTIVE),
                statusOverride);
    }

    private CertificateSource source(Scope resource) {
        Scope property = resource.at(form);
        String text = property.text(value, "the value");
        return switch (form) {
            case BY_ID -> new CertificateSource.ById(NameRule.CERTIFICATE_ID.check(text, property));
            case FROM_CSR -> new CertificateSource.FromCsr(NameRule.CERTIFICATE_SIGNING_REQUEST.check(text, property));
            default ->
                new CertificateSource.FromPem(
                        NameRule.CERTIFICATE_PEM.check(text, property), caCertificatePem(resource));
        };
    }

    private Optional<String> caCertificatePem(Scope resource) {
        Scope property = resource.at("CACertificatePem");
        return caCertificatePem.map(ca -> NameRule.CA_CERTIFICATE_PEM.check(property.text(ca, "the value"), property));
    }

    /** ACTIVE or INACTIVE in any case: AWS's own fleet-provisioning example writes {@code "Active"}. */
    private static Optional<CertificateStatus> status(String text) {
        for (CertificateStatus status : CertificateStatus.values()) {
            if (status.name().equals(text.toUpperCase(Locale.ROOT))) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }

    private static String notAStatus(String text) {
        return "Status '" + text + "' is not ACTIVE or INACTIVE";
    }
}
