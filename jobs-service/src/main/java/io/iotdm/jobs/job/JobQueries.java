package io.iotdm.jobs.job;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.protocol.PaginationTokens;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.Page;
import io.iotdm.jobs.store.Job;
import io.iotdm.jobs.store.JobRepository;
import io.iotdm.jobs.store.JobTemplateRepository;
import io.iotdm.jobs.store.Missing;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** DescribeJob, GetJobDocument and ListJobs: reads on the pool, outside any transaction. */
@ApplicationScoped
public class JobQueries {

    /** DescribeJob's {@code processingTargets}: a sample of the things the rollout has still to reach. */
    private static final int PROCESSING_TARGETS = 10;

    private final Pool pool;
    private final JobRepository jobs;
    private final JobTemplateRepository templates;
    private final AwsErrors errors;
    private final PaginationTokens tokens;
    private final Arns arns;
    private final Clock clock;

    JobQueries(
            Pool pool,
            JobRepository jobs,
            JobTemplateRepository templates,
            AwsErrors errors,
            PaginationTokens tokens,
            Arns arns,
            Clock clock) {
        this.pool = pool;
        this.jobs = jobs;
        this.templates = templates;
        this.errors = errors;
        this.tokens = tokens;
        this.arns = arns;
        this.clock = clock;
    }

    public Uni<Job> find(String jobId) {
        return jobs.find(pool, jobId).map(job -> {
            if (job == null) {
                throw errors.resourceNotFound(Missing.job(jobId));
            }
            return job;
        });
    }

    /** DescribeJob's output; {@code jobProcessDetails} counts the executions as they are now. */
    public Uni<ObjectNode> describe(String jobId) {
        return find(jobId).chain(job -> jobs.executionCounts(pool, jobId)
                .chain(counts -> jobs.pendingThings(pool, jobId, PROCESSING_TARGETS)
                        .chain(pending -> templates.use(pool, jobId).map(template -> {
                            ObjectNode described = JobJson.described(job, counts, pending, arns, clock.instant());
                            if (template != null) {
                                described.put("jobTemplateArn", template.jobTemplateArn());
                                if (template.documentParameters() != null) {
                                    described.set("documentParameters", template.documentParameters());
                                }
                            }
                            ObjectNode output = JsonNodeFactory.instance.objectNode();
                            if (job.documentSource() != null) {
                                output.put("documentSource", job.documentSource());
                            }
                            output.set("job", described);
                            return output;
                        }))));
    }

    /** One page of ListJobs, newest first. */
    Uni<ObjectNode> list(JobRepository.Filter filter, String nextToken, int maxResults) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("status", filter.status() == null ? "" : filter.status().name());
        parameters.put("targetSelection", Objects.requireNonNullElse(filter.targetSelection(), ""));
        parameters.put("thingGroupName", Objects.requireNonNullElse(filter.thingGroupName(), ""));
        parameters.put("thingGroupId", Objects.requireNonNullElse(filter.thingGroupId(), ""));
        Long before = nextToken == null ? null : Long.valueOf(tokens.cursor("ListJobs", parameters, nextToken));
        return jobs.list(pool, filter, before, maxResults + 1).map(found -> Page.of(
                        found,
                        maxResults,
                        last -> tokens.issue(
                                "ListJobs", parameters, Long.toString(last.job().creationOrder())))
                .json("jobs", summary -> JobJson.summary(summary, arns)));
    }
}
