package io.iotdm.jobs.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.protocol.PaginationTokens;
import io.iotdm.aws.protocol.Timestamps;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.Page;
import io.iotdm.jobs.job.JobQueries;
import io.iotdm.jobs.store.JobTemplate;
import io.iotdm.jobs.store.JobTemplateRepository;
import io.iotdm.jobs.store.Missing;
import io.iotdm.tags.Tag;
import io.iotdm.tags.TagRepository;
import io.iotdm.tags.TagService;
import io.iotdm.tags.Tags;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * CreateJobTemplate, DescribeJobTemplate, ListJobTemplates and DeleteJobTemplate (docs/aws-behaviour.md §5.14). A
 * template keeps its members as given; CreateJob validates them when a job is created from it, as if its caller had
 * given them.
 */
@ApplicationScoped
class JobTemplates {

    private static final JsonMapper JSON = new JsonMapper();

    private final Pool pool;
    private final JobTemplateRepository templates;
    private final TagRepository tags;
    private final JobQueries jobs;
    private final AwsErrors errors;
    private final PaginationTokens tokens;
    private final Arns arns;
    private final Clock clock;

    JobTemplates(
            Pool pool,
            JobTemplateRepository templates,
            TagRepository tags,
            JobQueries jobs,
            AwsErrors errors,
            PaginationTokens tokens,
            Arns arns,
            Clock clock) {
        this.pool = pool;
        this.templates = templates;
        this.tags = tags;
        this.jobs = jobs;
        this.errors = errors;
        this.tokens = tokens;
        this.arns = arns;
        this.clock = clock;
    }

    Uni<JobTemplate> create(AwsRequest request) {
        String id = request.string("jobTemplateId");
        List<Tag> tagValues = request.node("tags").isArray() ? Tags.of(request.node("tags")) : List.of();
        if (tagValues.size() > TagService.MAX_TAGS) {
            throw errors.invalidRequest("A job template can have at most " + TagService.MAX_TAGS
                    + " tags; this one would have " + tagValues.size());
        }
        String jobArn = request.string("jobArn");
        String document = request.string("document");
        String documentSource = request.string("documentSource");
        int sources = (jobArn == null ? 0 : 1) + (document == null ? 0 : 1) + (documentSource == null ? 0 : 1);
        if (sources != 1) {
            throw errors.invalidRequest("Specify exactly one of jobArn, document or documentSource.");
        }
        if (document != null) {
            requireJson(document);
        }
        ObjectNode given = JsonNodeFactory.instance.objectNode();
        for (String member : JobTemplate.CONFIGURATION_MEMBERS) {
            if (!request.node(member).isMissingNode() && !request.node(member).isNull()) {
                given.set(member, request.node(member));
            }
        }
        Uni<JobTemplate> template = jobArn == null
                ? Uni.createFrom()
                        .item(new JobTemplate(
                                id, request.string("description"), document, documentSource, given, clock.instant()))
                : fromJob(id, request.string("description"), jobArn, given);
        return template.chain(made -> pool.withTransaction(transaction -> templates
                .insert(transaction, made)
                .chain(inserted -> {
                    if (!inserted) {
                        throw errors.conflict("Job template " + id + " already exists.", id);
                    }
                    return tags.put(transaction, arns.jobTemplate(id), tagValues);
                })
                .replaceWith(made)));
    }

    /**
     * A template of an existing job's document and configurations, those given beside {@code jobArn} winning
     * (docs/aws-behaviour.md §5.14). The job's configurations are read as DescribeJob answers them, so every
     * configuration a job can have is copied without this class naming its columns.
     */
    private Uni<JobTemplate> fromJob(String id, String description, String jobArn, ObjectNode given) {
        String prefix = arns.job("");
        if (!jobArn.startsWith(prefix) || jobArn.length() == prefix.length()) {
            throw errors.invalidRequest(
                    "Invalid job ARN: " + jobArn + ". It must be the ARN of a job in this region" + " and account.");
        }
        String jobId = jobArn.substring(prefix.length());
        return jobs.find(jobId).chain(job -> jobs.describe(jobId).map(described -> {
            JsonNode copied = described.path("job");
            ObjectNode configuration = JsonNodeFactory.instance.objectNode();
            for (String member : JobTemplate.CONFIGURATION_MEMBERS) {
                JsonNode value = "maintenanceWindows".equals(member)
                        ? copied.path("schedulingConfig").path(member)
                        : copied.path(member);
                if (!value.isMissingNode() && !value.isNull()) {
                    configuration.set(member, value);
                }
            }
            configuration.setAll(given);
            String documentSource = described.path("documentSource").asText(null);
            return new JobTemplate(
                    id,
                    description,
                    documentSource == null ? job.document() : null,
                    documentSource,
                    configuration,
                    clock.instant());
        }));
    }

    Uni<ObjectNode> describe(String id) {
        return find(id).map(template -> {
            ObjectNode output = JsonNodeFactory.instance
                    .objectNode()
                    .put("jobTemplateArn", arns.jobTemplate(id))
                    .put("jobTemplateId", id)
                    .put("description", template.description());
            if (template.documentSource() != null) {
                output.put("documentSource", template.documentSource());
            }
            if (template.document() != null) {
                output.put("document", template.document());
            }
            output.put("createdAt", Timestamps.epochSeconds(template.createdAt()));
            output.setAll(template.configuration());
            return output;
        });
    }

    /** One page of ListJobTemplates, in template id order. */
    Uni<ObjectNode> list(String nextToken, int maxResults) {
        String after = nextToken == null ? null : tokens.cursor("ListJobTemplates", Map.of(), nextToken);
        return templates.list(pool, after, maxResults + 1).map(found -> Page.of(
                        found, maxResults, last -> tokens.issue("ListJobTemplates", Map.of(), last.jobTemplateId()))
                .json("jobTemplates", template -> JsonNodeFactory.instance
                        .objectNode()
                        .put("jobTemplateArn", arns.jobTemplate(template.jobTemplateId()))
                        .put("jobTemplateId", template.jobTemplateId())
                        .put("description", template.description())
                        .put("createdAt", Timestamps.epochSeconds(template.createdAt()))));
    }

    /** The template and its tags; jobs created from it keep it as their {@code jobTemplateArn}, untouched. */
    Uni<Void> delete(String id) {
        return pool.withTransaction(
                transaction -> templates.delete(transaction, id).chain(deleted -> {
                    if (!deleted) {
                        throw errors.resourceNotFound(Missing.jobTemplate(id));
                    }
                    return tags.removeAll(transaction, arns.jobTemplate(id));
                }));
    }

    private Uni<JobTemplate> find(String id) {
        return templates.find(pool, id).map(template -> {
            if (template == null) {
                throw errors.resourceNotFound(Missing.jobTemplate(id));
            }
            return template;
        });
    }

    private void requireJson(String document) {
        try {
            JSON.readTree(document);
        } catch (JsonProcessingException e) {
            throw errors.invalidRequest("The job document is not valid JSON.");
        }
    }
}
