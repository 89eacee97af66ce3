package io.iotdm.provisioning.tags;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.provisioning.provisioningtemplate.TemplateRepository;
import io.iotdm.provisioning.store.CaCertificateRepository;
import io.iotdm.provisioning.store.PolicyRepository;
import io.iotdm.provisioning.store.ProvisioningTransactions;
import io.iotdm.tags.TaggedResources;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.function.BiFunction;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * provisioning-service tags provisioning templates, policies and CA certificates (the api-gateway routes their ARNs
 * here). Certificates take no tags: no operation that makes one has a {@code tags} member.
 */
@ApplicationScoped
class ProvisioningTaggedResources implements TaggedResources {

    /** A taggable resource type: the ARN prefix of its resources, and whether one of them exists. */
    private record TaggedType(String arnPrefix, BiFunction<Mutiny.Session, String, Uni<?>> find) {}

    private final ProvisioningTransactions transactions;
    private final AwsErrors errors;
    private final List<TaggedType> types;

    ProvisioningTaggedResources(
            ProvisioningTransactions transactions,
            TemplateRepository templates,
            PolicyRepository policies,
            CaCertificateRepository cas,
            AwsErrors errors,
            Arns arns) {
        this.transactions = transactions;
        this.errors = errors;
        this.types = List.of(
                new TaggedType(arns.provisioningTemplate(""), templates::find),
                new TaggedType(arns.policy(""), policies::find),
                // CA ids are lower-case hex; an ARN that spells one in upper case names no CA of this account
                new TaggedType(arns.caCertificate(""), cas::find));
    }

    @Override
    public Uni<Void> requireResource(String resourceArn) {
        TaggedType type = types.stream()
                .filter(candidate -> resourceArn.startsWith(candidate.arnPrefix()))
                .findFirst()
                .orElse(null);
        if (type == null) {
            return Uni.createFrom()
                    .failure(errors.invalidRequest("provisioning-service tags the provisioning templates, policies and"
                            + " CA certificates of this account; " + resourceArn + " is not one"));
        }
        String id = resourceArn.substring(type.arnPrefix().length());
        return transactions
                .read(session -> type.find().apply(session, id).map(resource -> resource != null))
                .map(exists -> {
                    if (!exists) {
                        throw errors.resourceNotFound("Resource " + resourceArn + " does not exist");
                    }
                    return null;
                });
    }
}
