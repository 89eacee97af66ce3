package io.iotdm.provisioning.grpc;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.grpc.provisioning.v1.ConnectionThing;
import io.iotdm.grpc.provisioning.v1.DescribeClientCertificateResponse;
import io.iotdm.grpc.provisioning.v1.PolicyDocument;
import io.iotdm.provisioning.attachment.EffectivePolicyService;
import io.iotdm.provisioning.fleet.ProvisioningClaims;
import io.iotdm.provisioning.justintime.JustInTimeRegistration;
import io.iotdm.provisioning.store.CaCertificate;
import io.iotdm.provisioning.store.CaCertificateRepository;
import io.iotdm.provisioning.store.Certificate;
import io.iotdm.provisioning.store.CertificateRepository;
import io.iotdm.provisioning.store.ProvisioningTransactions;
import io.iotdm.provisioning.store.ThingPrincipal;
import io.iotdm.provisioning.store.ThingPrincipalRepository;
import io.iotdm.x509.IotCertificate;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * The device gateway's question at CONNECT (docs/aws-behaviour.md §9.1): who the certificate is and which policies are
 * in force for it, after just-in-time registration or provisioning of the certificate presented (§6.3), and the thing
 * that the client id names when it is attached (§9.2). The certificate, its CA and its things are read in one transaction; the policies come from {@link
 * EffectivePolicyService}, which asks the registry and the group-service for the thing's groups.
 */
@ApplicationScoped
class ClientCertificates {

    private static final DescribeClientCertificateResponse NOT_FOUND =
            DescribeClientCertificateResponse.newBuilder().setFound(false).build();

    private final ProvisioningTransactions transactions;
    private final CertificateRepository certificates;
    private final CaCertificateRepository caCertificates;
    private final ThingPrincipalRepository thingPrincipals;
    private final EffectivePolicyService effectivePolicies;
    private final ProvisioningClaims claims;
    private final Arns arns;
    private final JustInTimeRegistration justInTime;

    ClientCertificates(
            ProvisioningTransactions transactions,
            CertificateRepository certificates,
            CaCertificateRepository caCertificates,
            ThingPrincipalRepository thingPrincipals,
            EffectivePolicyService effectivePolicies,
            ProvisioningClaims claims,
            Arns arns,
            JustInTimeRegistration justInTime) {
        this.transactions = transactions;
        this.certificates = certificates;
        this.caCertificates = caCertificates;
        this.thingPrincipals = thingPrincipals;
        this.effectivePolicies = effectivePolicies;
        this.claims = claims;
        this.arns = arns;
        this.justInTime = justInTime;
    }

    /**
     * A temporary claim of CreateProvisioningClaim is no certificate of the account, but a device connects with it until
     * it expires, held to the claim's implicit policy (docs/aws-behaviour.md §6.10).
     */
    private Uni<DescribeClientCertificateResponse> claim(String certificateId) {
        return claims.claimed(certificateId)
                .map(found -> found.map(claim -> DescribeClientCertificateResponse.newBuilder()
                                .setFound(true)
                                .setCertificateArn(arns.certificate(certificateId))
                                .setStatus(Certificate.Status.ACTIVE.name())
                                .setNotBeforeEpochMillis(claim.notBefore().toEpochMilli())
                                .setNotAfterEpochMillis(claim.expiration().toEpochMilli())
                                .addPolicies(PolicyDocument.newBuilder()
                                        .setPolicyName(ProvisioningClaims.policyName(claim.templateName()))
                                        .setVersionId(1)
                                        .setDocument(claims.policyDocument(claim.templateName())))
                                .build())
                        .orElse(NOT_FOUND));
    }

    private record Registered(Certificate certificate, CaCertificate ca, List<String> things) {}

    /**
     * @param certificateId lower-case hex
     * @param clientId the connection's client id, or empty: the policies of the thing it names are in force only when
     *     that thing is attached to the certificate
     * @param presented the certificate of {@code certificateId} as presented at CONNECT, which gets just-in-time
     *     registration or provisioning first when it qualifies; empty for a question about a live session
     */
    Uni<DescribeClientCertificateResponse> describe(
            String certificateId, String clientId, Optional<IotCertificate> presented) {
        return presented
                .map(justInTime::presented)
                .orElseGet(() -> Uni.createFrom().voidItem())
                .chain(() -> describe(certificateId, clientId));
    }

    private Uni<DescribeClientCertificateResponse> describe(String certificateId, String clientId) {
        String arn = arns.certificate(certificateId);
        return transactions
                .read(session -> certificates.find(session, certificateId).chain(certificate -> {
                    if (certificate == null) {
                        return Uni.createFrom().nullItem();
                    }
                    Uni<CaCertificate> ca = certificate.caCertificateId() == null
                            ? Uni.createFrom().nullItem()
                            : caCertificates.find(session, certificate.caCertificateId());
                    return ca.chain(authority -> thingPrincipals
                            .thingsOf(session, arn, null, Integer.MAX_VALUE)
                            .map(things -> new Registered(
                                    certificate,
                                    authority,
                                    things.stream()
                                            .map(ThingPrincipal::thingName)
                                            .toList())));
                }))
                .chain(registered -> {
                    if (registered == null) {
                        return claim(certificateId);
                    }
                    String thing = registered.things().contains(clientId) ? clientId : null;
                    return effectivePolicies.inForce(arn, thing).map(inForce -> {
                        Certificate certificate = registered.certificate();
                        DescribeClientCertificateResponse.Builder answer =
                                DescribeClientCertificateResponse.newBuilder()
                                        .setFound(true)
                                        .setCertificateArn(arn)
                                        .setStatus(certificate.status().name())
                                        .setNotBeforeEpochMillis(
                                                certificate.notBefore().toEpochMilli())
                                        .setNotAfterEpochMillis(
                                                certificate.notAfter().toEpochMilli())
                                        .addAllThingNames(registered.things());
                        if (certificate.caCertificateId() != null) {
                            answer.setCaCertificateId(certificate.caCertificateId());
                        }
                        if (registered.ca() != null) {
                            answer.setCaStatus(registered.ca().status().name());
                        }
                        if (inForce.thing() != null) {
                            // docs/aws-behaviour.md §9.2: the values of the iot:Connection.Thing.* variables
                            answer.setConnectionThing(ConnectionThing.newBuilder()
                                    .setThingName(inForce.thing().getThingName())
                                    .setThingTypeName(inForce.thing().getThingTypeName())
                                    .putAllAttributes(inForce.thing().getAttributesMap()));
                        }
                        inForce.policies()
                                .forEach(policy -> answer.addPolicies(PolicyDocument.newBuilder()
                                        .setPolicyName(policy.policyName())
                                        .setVersionId(policy.versionId())
                                        .setDocument(policy.document())));
                        return answer.build();
                    });
                });
    }
}
