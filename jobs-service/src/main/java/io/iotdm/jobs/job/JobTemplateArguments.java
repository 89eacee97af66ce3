package io.iotdm.jobs.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.jobs.managed.ManagedJobTemplate;
import io.iotdm.jobs.managed.ManagedJobTemplates;
import io.iotdm.jobs.store.JobTemplate;
import io.iotdm.jobs.store.JobTemplateRepository;
import io.iotdm.jobs.store.Missing;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CreateJob's {@code jobTemplateArn} and {@code documentParameters} (docs/aws-behaviour.md §5.14, §5.15): the
 * template's members become CreateJob's input where the caller gave none, and CreateJob then runs on that input as if
 * the caller had given it all, so a template's configurations meet exactly CreateJob's validation.
 */
@ApplicationScoped
class JobTemplateArguments {

    /** CreateJob's input with the template applied, and the template to record on the job ({@code null}: none). */
    record Applied(AwsRequest request, JobTemplateRepository.Use use) {}

    private final Pool pool;
    private final JobTemplateRepository templates;
    private final ManagedJobTemplates managed;
    private final AwsErrors errors;
    private final Arns arns;

    JobTemplateArguments(
            Pool pool, JobTemplateRepository templates, ManagedJobTemplates managed, AwsErrors errors, Arns arns) {
        this.pool = pool;
        this.templates = templates;
        this.managed = managed;
        this.errors = errors;
        this.arns = arns;
    }

    Uni<Applied> apply(AwsRequest request) {
        String templateArn = request.string("jobTemplateArn");
        JsonNode parameters = request.node("documentParameters");
        boolean withParameters = !parameters.isMissingNode() && !parameters.isNull();
        if (templateArn == null) {
            if (withParameters) {
                throw errors.invalidRequest("documentParameters can be used only with an AWS managed template.");
            }
            return Uni.createFrom().item(new Applied(request, null));
        }
        ObjectNode input = request.input().deepCopy();
        input.remove("jobTemplateArn");
        input.remove("documentParameters");
        if (managed.names(templateArn)) {
            ManagedJobTemplate managedTemplate = managed.byArn(templateArn)
                    .orElseThrow(
                            () -> errors.resourceNotFound("Managed job template " + templateArn + " does not exist."));
            Map<String, String> values = new LinkedHashMap<>();
            parameters
                    .fields()
                    .forEachRemaining(
                            field -> values.put(field.getKey(), field.getValue().asText()));
            if (!input.hasNonNull("document") && !input.hasNonNull("documentSource")) {
                input.put("document", managed.fill(managedTemplate, values));
            }
            return Uni.createFrom()
                    .item(new Applied(
                            withInput(request, input),
                            new JobTemplateRepository.Use(
                                    templateArn, withParameters ? (ObjectNode) parameters : null)));
        }
        if (withParameters) {
            throw errors.invalidRequest("documentParameters can be used only with an AWS managed template.");
        }
        String prefix = arns.jobTemplate("");
        if (!templateArn.startsWith(prefix) || templateArn.length() == prefix.length()) {
            throw errors.resourceNotFound("Job template " + templateArn + " does not exist.");
        }
        String id = templateArn.substring(prefix.length());
        return templates.find(pool, id).map(template -> {
            if (template == null) {
                throw errors.resourceNotFound(Missing.jobTemplate(id));
            }
            takeMissing(input, template);
            return new Applied(withInput(request, input), new JobTemplateRepository.Use(templateArn, null));
        });
    }

    /** The template's members where the caller gave none; its maintenance windows are schedulingConfig's. */
    private static void takeMissing(ObjectNode input, JobTemplate template) {
        if (!input.hasNonNull("document") && !input.hasNonNull("documentSource")) {
            if (template.document() != null) {
                input.put("document", template.document());
            } else {
                input.put("documentSource", template.documentSource());
            }
        }
        template.configuration().fields().forEachRemaining(member -> {
            if ("maintenanceWindows".equals(member.getKey())) {
                JsonNode scheduling = input.path("schedulingConfig");
                if (!scheduling.has("maintenanceWindows")) {
                    ObjectNode merged =
                            scheduling.isObject() ? (ObjectNode) scheduling : input.putObject("schedulingConfig");
                    merged.set("maintenanceWindows", member.getValue());
                }
            } else if (!input.hasNonNull(member.getKey())) {
                input.set(member.getKey(), member.getValue());
            }
        });
    }

    private static AwsRequest withInput(AwsRequest request, ObjectNode input) {
        return new AwsRequest(request.requestId(), request.operation(), request.members(), input, request.extensions());
    }
}
