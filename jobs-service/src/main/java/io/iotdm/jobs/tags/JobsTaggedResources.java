package io.iotdm.jobs.tags;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.jobs.store.JobRepository;
import io.iotdm.jobs.store.JobTemplateRepository;
import io.iotdm.tags.TaggedResources;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/** The jobs-service tags job templates and jobs (the api-gateway routes their ARNs here). */
@ApplicationScoped
class JobsTaggedResources implements TaggedResources {

    private final Pool pool;
    private final JobRepository jobs;
    private final JobTemplateRepository templates;
    private final AwsErrors errors;
    private final Arns arns;

    JobsTaggedResources(Pool pool, JobRepository jobs, JobTemplateRepository templates, AwsErrors errors, Arns arns) {
        this.pool = pool;
        this.jobs = jobs;
        this.templates = templates;
        this.errors = errors;
        this.arns = arns;
    }

    @Override
    public Uni<Void> requireResource(String resourceArn) {
        String templatePrefix = arns.jobTemplate("");
        String jobPrefix = arns.job("");
        Uni<Boolean> exists;
        if (resourceArn.startsWith(templatePrefix)) {
            exists = templates
                    .find(pool, resourceArn.substring(templatePrefix.length()))
                    .map(found -> found != null);
        } else if (resourceArn.startsWith(jobPrefix)) {
            exists = jobs.find(pool, resourceArn.substring(jobPrefix.length())).map(found -> found != null);
        } else {
            return Uni.createFrom()
                    .failure(errors.invalidRequest("jobs-service tags the jobs and job templates of this account; "
                            + resourceArn + " is not one"));
        }
        return exists.map(found -> {
            if (!found) {
                throw errors.resourceNotFound("Resource " + resourceArn + " does not exist");
            }
            return null;
        });
    }
}
