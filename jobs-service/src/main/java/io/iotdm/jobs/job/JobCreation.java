package io.iotdm.jobs.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.events.Event;
import io.iotdm.events.JobEvents.JobChange;
import io.iotdm.jobs.document.CreateJobDocument;
import io.iotdm.jobs.rollout.RolloutEngine;
import io.iotdm.jobs.rollout.StartScheduledJob;
import io.iotdm.jobs.store.Job;
import io.iotdm.jobs.store.JobConfigurations;
import io.iotdm.jobs.store.JobRepository;
import io.iotdm.jobs.store.JobStatus;
import io.iotdm.jobs.store.JobTemplateRepository;
import io.iotdm.jobs.store.JobsEvents;
import io.iotdm.jobs.store.Rollout;
import io.iotdm.jobs.store.RolloutRepository;
import io.iotdm.jobs.store.RolloutState;
import io.iotdm.outbox.Outcome;
import io.iotdm.outbox.TransactionalOutbox;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CreateJob (docs/aws-behaviour.md §5.5): the targets are resolved to things once, when the job is created (a continuous
 * job then follows its groups, §5.19; the groups' things are written page by page, {@link TargetResolver}), the job,
 * its target things and its rollout commit with the {@code created}
 * event, and the rollout's first step runs in the same transaction. A job with a {@code schedulingConfig} that may not
 * roll out yet is SCHEDULED, its rollout due at its start (§5.20).
 */
@ApplicationScoped
class JobCreation {

    private static final JsonMapper JSON = new JsonMapper();

    /** CreateJob members whose behaviour is still to come: refused, never ignored (docs/aws-behaviour.md §5.5). */
    private static final List<String> NOT_YET = List.of("namespaceId", "destinationPackageVersions", "tags");

    private final JobRepository jobs;
    private final RolloutRepository rollouts;
    private final RolloutEngine engine;
    private final JobsEvents events;
    private final JobTemplateRepository templates;
    private final TargetResolver resolver;
    private final JobDocumentSource sources;
    private final CreateJobDocument documents;
    private final TransactionalOutbox outbox;
    private final AwsErrors errors;
    private final Arns arns;
    private final Clock clock;

    JobCreation(
            JobRepository jobs,
            RolloutRepository rollouts,
            RolloutEngine engine,
            JobsEvents events,
            JobTemplateRepository templates,
            TargetResolver resolver,
            JobDocumentSource sources,
            CreateJobDocument documents,
            TransactionalOutbox outbox,
            AwsErrors errors,
            Arns arns,
            Clock clock) {
        this.jobs = jobs;
        this.rollouts = rollouts;
        this.engine = engine;
        this.events = events;
        this.templates = templates;
        this.resolver = resolver;
        this.sources = sources;
        this.documents = documents;
        this.outbox = outbox;
        this.errors = errors;
        this.arns = arns;
        this.clock = clock;
    }

    /**
     * @param request CreateJob's input, a template's members applied ({@link JobTemplateArguments})
     * @param template the template the job is made of, recorded with it; {@code null} for none
     */
    Uni<Job> create(AwsRequest request, JobTemplateRepository.Use template) {
        String jobId = request.string("jobId");
        for (String member : NOT_YET) {
            if (!request.node(member).isMissingNode() && !request.node(member).isNull()) {
                throw errors.invalidRequest("iotdm does not support " + member + " yet.");
            }
        }
        // the model's enum checked it: SNAPSHOT or CONTINUOUS (docs/aws-behaviour.md §5.19)
        String targetSelection = request.string("targetSelection", "SNAPSHOT");
        String inline = request.string("document");
        String source = request.string("documentSource");
        if ((inline == null) == (source == null)) {
            // AWS: "either" one; its text for both is silent (docs/aws-behaviour.md §5.21)
            throw errors.invalidRequest(
                    inline == null
                            ? "Either document or documentSource must be specified."
                            : "Specify either document or documentSource, not both.");
        }
        JobTargets targets = JobTargets.parse(request.node("targets"), arns, errors);
        Instant requested = clock.instant();
        JobConfigurations configurations = JobConfigurationMembers.parse(request, JobConfigurations.NONE, errors)
                .scheduled(JobScheduling.parse(request.node("schedulingConfig"), requested, errors));
        Long perMinute = request.node("jobExecutionsRolloutConfig").has("maximumPerMinute")
                ? request.node("jobExecutionsRolloutConfig")
                        .get("maximumPerMinute")
                        .longValue()
                : null;
        Uni<String> read = source == null ? Uni.createFrom().item(inline) : sources.read(source);
        return read.invoke(this::requireJson)
                .chain(document -> documents.prepare(request, document))
                .chain(prepared -> resolver.resolve(targets).chain(resolved -> {
                    Instant now = clock.instant();
                    Rollout first = StartScheduledJob.firstRollout(jobId, configurations.schedulingConfig(), now);
                    Job job = new Job(
                            jobId,
                            first.state() == RolloutState.SCHEDULED ? JobStatus.SCHEDULED : JobStatus.IN_PROGRESS,
                            targetSelection,
                            targets.arns(),
                            prepared.document(),
                            source,
                            request.string("description"),
                            perMinute == null ? null : perMinute.intValue(),
                            configurations,
                            null,
                            null,
                            null,
                            now,
                            now,
                            null,
                            0);
                    return commit(job, first, prepared, template, resolved, now);
                }));
    }

    private Uni<Job> commit(
            Job job,
            Rollout rollout,
            CreateJobDocument.Prepared document,
            JobTemplateRepository.Use template,
            TargetResolver.ResolvedTargets targets,
            Instant now) {
        return outbox.commit(transaction -> jobs.insert(transaction, job, targets.groups())
                        .chain(() -> resolver.addThings(transaction, job.jobId(), targets, 0))
                        .chain(() -> document.save(transaction, job.jobId()))
                        .chain(() -> template == null
                                ? Uni.createFrom().voidItem()
                                : templates.recordUse(transaction, job.jobId(), template))
                        .chain(() -> rollouts.save(transaction, rollout))
                        .chain(() -> events.job(transaction, JobChange.CREATED, job, Map.of(), now))
                        .chain(created -> engine.advance(transaction, rollout, now)
                                .map(queued -> {
                                    List<Event> all = new ArrayList<>();
                                    all.add(created);
                                    all.addAll(queued);
                                    return new Outcome<>(job, all);
                                })))
                .onFailure(JobCreation::uniqueViolation)
                .transform(failure -> errors.resourceAlreadyExists(
                        "Job with id " + job.jobId() + " already exists.", job.jobId(), arns.job(job.jobId())));
    }

    private void requireJson(String document) {
        try {
            JSON.readTree(document);
        } catch (JsonProcessingException e) {
            throw errors.invalidRequest("The job document is not valid JSON.");
        }
    }

    private static boolean uniqueViolation(Throwable failure) {
        return failure instanceof PgException pg && "23505".equals(pg.getSqlState());
    }
}
