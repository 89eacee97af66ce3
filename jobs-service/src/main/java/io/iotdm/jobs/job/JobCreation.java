package io.iotdm.jobs.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.events.Event;
import io.iotdm.events.JobEvents.JobChange;
import io.iotdm.grpc.group.v1.GroupRecord;
import io.iotdm.jobs.peer.ThingGroups;
import io.iotdm.jobs.rollout.RolloutEngine;
import io.iotdm.jobs.store.Job;
import io.iotdm.jobs.store.JobConfigurations;
import io.iotdm.jobs.store.JobRepository;
import io.iotdm.jobs.store.JobRepository.ThingGroupTarget;
import io.iotdm.jobs.store.JobStatus;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * CreateJob (docs/aws-behaviour.md §5.5): the targets are resolved to things once, when the job is created (a snapshot
 * job), the job, its target things and its rollout commit with the {@code created} event, and the rollout's first step
 * runs in the same transaction.
 */
@ApplicationScoped
class JobCreation {

    private static final JsonMapper JSON = new JsonMapper();

    /** CreateJob members whose behaviour is still to come: refused, never ignored (docs/aws-behaviour.md §5.5). */
    private static final List<String> NOT_YET = List.of(
            "documentSource",
            "presignedUrlConfig",
            "schedulingConfig",
            "jobTemplateArn",
            "documentParameters",
            "namespaceId",
            "destinationPackageVersions",
            "tags");

    private final JobRepository jobs;
    private final RolloutRepository rollouts;
    private final RolloutEngine engine;
    private final JobsEvents events;
    private final ThingGroups thingGroups;
    private final TransactionalOutbox outbox;
    private final AwsErrors errors;
    private final Arns arns;
    private final Clock clock;

    JobCreation(
            JobRepository jobs,
            RolloutRepository rollouts,
            RolloutEngine engine,
            JobsEvents events,
            ThingGroups thingGroups,
            TransactionalOutbox outbox,
            AwsErrors errors,
            Arns arns,
            Clock clock) {
        this.jobs = jobs;
        this.rollouts = rollouts;
        this.engine = engine;
        this.events = events;
        this.thingGroups = thingGroups;
        this.outbox = outbox;
        this.errors = errors;
        this.arns = arns;
        this.clock = clock;
    }

    Uni<Job> create(AwsRequest request) {
        String jobId = request.string("jobId");
        for (String member : NOT_YET) {
            if (!request.node(member).isMissingNode() && !request.node(member).isNull()) {
                throw errors.invalidRequest("iotdm does not support " + member + " yet.");
            }
        }
        String targetSelection = request.string("targetSelection", "SNAPSHOT");
        if (!"SNAPSHOT".equals(targetSelection)) {
            throw errors.invalidRequest("iotdm does not support targetSelection " + targetSelection + " yet.");
        }
        String document = request.string("document");
        if (document == null) {
            throw errors.invalidRequest("Either document or documentSource must be specified.");
        }
        requireJson(document);
        JobTargets targets = JobTargets.parse(request.node("targets"), arns, errors);
        JobConfigurations configurations = JobConfigurationMembers.parse(request, JobConfigurations.NONE, errors);
        Long perMinute = request.node("jobExecutionsRolloutConfig").has("maximumPerMinute")
                ? request.node("jobExecutionsRolloutConfig")
                        .get("maximumPerMinute")
                        .longValue()
                : null;
        return groups(targets.groupNames())
                .chain(groups -> things(targets, groups).chain(things -> {
                    Instant now = clock.instant();
                    Job job = new Job(
                            jobId,
                            JobStatus.IN_PROGRESS,
                            targetSelection,
                            targets.arns(),
                            document,
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
                    return commit(job, groups, things, now);
                }));
    }

    private Uni<Job> commit(Job job, List<ThingGroupTarget> groups, List<String> things, Instant now) {
        Rollout rollout = new Rollout(job.jobId(), RolloutState.RELEASING, now);
        return outbox.commit(transaction -> jobs.insert(transaction, job, groups, things)
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

    /** The thing groups the job targets, each of which must exist. */
    private Uni<List<ThingGroupTarget>> groups(List<String> names) {
        if (names.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return thingGroups.describe(names).map(found -> {
            Map<String, GroupRecord> byName =
                    found.stream().collect(Collectors.toMap(GroupRecord::getGroupName, Function.identity()));
            List<ThingGroupTarget> groups = new ArrayList<>();
            for (String name : names) {
                GroupRecord group = byName.get(name);
                if (group == null) {
                    throw errors.resourceNotFound("Thing group " + name + " does not exist.");
                }
                groups.add(new ThingGroupTarget(name, group.getGroupId()));
            }
            return groups;
        });
    }

    /** The things the job reaches: those it names, then each group's (with its descendants'), each once. */
    private Uni<List<String>> things(JobTargets targets, List<ThingGroupTarget> groups) {
        Uni<Set<String>> chain = Uni.createFrom().item(new LinkedHashSet<>(targets.thingNames()));
        for (ThingGroupTarget group : groups) {
            chain = chain.chain(things -> thingGroups.thingsIn(group.name()).map(members -> {
                things.addAll(members);
                return things;
            }));
        }
        return chain.map(List::copyOf);
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
