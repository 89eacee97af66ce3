package io.iotdm.provisioning.tags;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.provisioning.provisioningtemplate.TemplateRepository;
import io.iotdm.provisioning.store.ProvisioningTransactions;
import io.iotdm.tags.TaggedResources;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * provisioning-service tags provisioning templates (the api-gateway routes their ARNs here). Policies, certificates and
 * CA certificates join when their tags are stored.
 */
@ApplicationScoped
class ProvisioningTaggedResources implements TaggedResources {

    private final ProvisioningTransactions transactions;
    private final TemplateRepository templates;
    private final AwsErrors errors;
    private final Arns arns;

    ProvisioningTaggedResources(
            ProvisioningTransactions transactions, TemplateRepository templates, AwsErrors errors, Arns arns) {
        this.transactions = transactions;
        this.templates = templates;
        this.errors = errors;
        this.arns = arns;
    }

    @Override
    public Uni<Void> requireResource(String resourceArn) {
        String prefix = arns.provisioningTemplate("");
        if (!resourceArn.startsWith(prefix)) {
            return Uni.createFrom()
                    .failure(errors.invalidRequest("provisioning-service tags the provisioning templates of this"
                            + " account; " + resourceArn + " is not one"));
        }
        return transactions
                .read(session -> templates.find(session, resourceArn.substring(prefix.length())))
                .map(template -> {
                    if (template == null) {
                        throw errors.resourceNotFound("Resource " + resourceArn + " does not exist");
                    }
                    return null;
                });
    }
}
