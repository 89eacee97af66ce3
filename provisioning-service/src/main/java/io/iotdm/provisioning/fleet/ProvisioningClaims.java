package io.iotdm.provisioning.fleet;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.Arns;
import io.iotdm.outbox.Outcome;
import io.iotdm.provisioning.ProvisioningConfig;
import io.iotdm.provisioning.certificate.CertificateCreation;
import io.iotdm.provisioning.certificate.CertificateCreation.KeysAndCertificate;
import io.iotdm.provisioning.store.FleetProvisioningRepository;
import io.iotdm.provisioning.store.ProvisioningClaim;
import io.iotdm.provisioning.store.ProvisioningTransactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * CreateProvisioningClaim's temporary claim certificates (docs/aws-behaviour.md §6.10): a key pair and a certificate of
 * iotdm's CA valid for {@code claim-validity}, kept apart from the account's certificates (AWS lists no claim), and
 * the implicit policy a connection of the claim is held to: its template's fleet-provisioning topics and nothing else.
 */
@ApplicationScoped
public class ProvisioningClaims {

    /** The name under which the claim's implicit policy is reported to the device gateway. */
    static final String POLICY_NAME_PREFIX = "iotdm-provisioning-claim-";

    private final FleetTemplates templates;
    private final CertificateCreation creation;
    private final ProvisioningTransactions transactions;
    private final FleetProvisioningRepository repository;
    private final Arns arns;
    private final Duration validity;
    private final Clock clock = Clock.systemUTC();

    ProvisioningClaims(
            FleetTemplates templates,
            CertificateCreation creation,
            ProvisioningTransactions transactions,
            FleetProvisioningRepository repository,
            Arns arns,
            ProvisioningConfig config) {
        this.templates = templates;
        this.creation = creation;
        this.transactions = transactions;
        this.repository = repository;
        this.arns = arns;
        this.validity = config.fleetProvisioning().claimValidity();
    }

    /** A claim for the template: its certificate and the key pair, which is answered once and not kept. */
    record IssuedClaim(ProvisioningClaim claim, KeysAndCertificate issued) {}

    Uni<IssuedClaim> create(String templateName) {
        return templates.usable(templateName).chain(template -> {
            Instant now = clock.instant();
            Instant expiration = now.plus(validity);
            return creation.issueKeys(expiration).chain(issued -> {
                ProvisioningClaim claim = new ProvisioningClaim(
                        issued.certificate().certificateId(),
                        issued.certificate().pem(),
                        templateName,
                        issued.certificate().notBefore(),
                        issued.certificate().notAfter(),
                        now);
                // no change event: a claim is not one of the account's certificates, and nothing holds it yet
                return transactions.commit(session -> session.persist(claim)
                        .call(session::flush)
                        .map(done -> new Outcome<>(new IssuedClaim(claim, issued), List.of())));
            });
        });
    }

    /** @return the claim of this certificate id (expired or not, until it is pruned), or empty */
    public Uni<Optional<ProvisioningClaim>> claimed(String certificateId) {
        return transactions
                .read(session -> repository.claim(session, certificateId))
                .map(Optional::ofNullable);
    }

    /**
     * The claim's implicit policy: connect with any client id, and publish, receive and subscribe on the template's
     * fleet-provisioning topics ({@code $aws/certificates/create/*}, {@code create-from-csr/*}, {@code
     * $aws/provisioning-templates/<name>/provision/*}), as the claim policy of AWS's fleet-provisioning guide.
     */
    public String policyDocument(String templateName) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode document = json.objectNode().put("Version", "2012-10-17");
        ArrayNode statements = document.putArray("Statement");
        statements
                .addObject()
                .put("Effect", "Allow")
                .put("Action", "iot:Connect")
                .put("Resource", "*");
        List<String> topics = List.of(
                "$aws/certificates/create/*",
                "$aws/certificates/create-from-csr/*",
                "$aws/provisioning-templates/" + templateName + "/provision/*");
        ObjectNode publish = statements.addObject().put("Effect", "Allow");
        publish.putArray("Action").add("iot:Publish").add("iot:Receive");
        ArrayNode topicArns = publish.putArray("Resource");
        ObjectNode subscribe = statements.addObject().put("Effect", "Allow").put("Action", "iot:Subscribe");
        ArrayNode filterArns = subscribe.putArray("Resource");
        String prefix = "arn:aws:iot:" + arns.region() + ":" + arns.account() + ":";
        topics.forEach(topic -> {
            topicArns.add(prefix + "topic/" + topic);
            filterArns.add(prefix + "topicfilter/" + topic);
        });
        return document.toString();
    }

    /** The name of the claim's implicit policy as the device gateway sees it. */
    public static String policyName(String templateName) {
        return POLICY_NAME_PREFIX + templateName;
    }

    /** Forgets the claims that have expired. */
    Uni<Integer> prune() {
        Instant now = clock.instant();
        return transactions.commit(session ->
                repository.deleteClaimsExpiredBefore(session, now).map(count -> new Outcome<>(count, List.of())));
    }
}
