package io.iotdm.provisioning.registrationtask;

import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.aws.protocol.PaginationTokens;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.Page;
import io.iotdm.outbox.Outcome;
import io.iotdm.provisioning.ProvisioningConfig;
import io.iotdm.provisioning.RoleArns;
import io.iotdm.provisioning.store.ProvisioningTransactions;
import io.iotdm.provisioning.template.ProvisioningTemplate;
import io.iotdm.provisioning.template.TemplateException;
import io.iotdm.provisioning.template.TemplateUse;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The operations of bulk registration (docs/aws-behaviour.md §6.9): a task is checked and stored here, and run by
 * {@link TaskRunners}.
 */
@ApplicationScoped
public class RegistrationTaskService {

    private final ProvisioningTransactions transactions;
    private final TaskRepository tasks;
    private final TaskFiles files;
    private final TaskRunners runners;
    private final AwsErrors errors;
    private final PaginationTokens tokens;
    private final Vertx vertx;
    private final int maxInProgress;
    private final Clock clock = Clock.systemUTC();

    RegistrationTaskService(
            ProvisioningTransactions transactions,
            TaskRepository tasks,
            TaskFiles files,
            TaskRunners runners,
            AwsErrors errors,
            PaginationTokens tokens,
            Vertx vertx,
            ProvisioningConfig config) {
        this.transactions = transactions;
        this.tasks = tasks;
        this.files = files;
        this.runners = runners;
        this.errors = errors;
        this.tokens = tokens;
        this.vertx = vertx;
        this.maxInProgress = config.registrationTask().maxInProgress();
    }

    /**
     * Checks the template (parsed once, here), the role's ARN and that the input file exists, and stores the task in
     * progress unless {@code max-in-progress} tasks run already.
     *
     * @return the new task's id
     */
    public Uni<String> start(String templateBody, TaskInput input, String roleArn) {
        try {
            ProvisioningTemplate.parse(templateBody, TemplateUse.REGISTER_THING);
        } catch (TemplateException e) {
            throw errors.iot(e.errorShape().shapeName(), e.getMessage());
        }
        RoleArns.check(errors, "roleArn", roleArn);
        String taskId = UUID.randomUUID().toString();
        return vertx.executeBlocking(Uni.createFrom().item(() -> files.inputEtag(input)), false)
                .chain(etag -> transactions.commit(session -> tasks.lockAndCountRunning(session)
                        .chain(running -> {
                            if (running >= maxInProgress) {
                                throw errors.iot(
                                        "LimitExceededException",
                                        "Only " + maxInProgress + " thing registration task(s) may be in progress at"
                                                + " a time; stop one or wait until it completes");
                            }
                            return tasks.insert(
                                    session,
                                    new RegistrationTask(taskId, templateBody, input, etag, roleArn, clock.instant()));
                        })
                        .map(inserted -> new Outcome<>(taskId, List.of()))))
                .invoke(runners::wake);
    }

    public Uni<RegistrationTask> describe(String taskId) {
        return transactions.read(session -> found(session, taskId));
    }

    /** Tasks newest first, of one status if given, paged with {@code nextToken}. */
    public Uni<Page<RegistrationTask>> list(TaskStatus status, String nextToken, int maxResults) {
        Map<String, String> filters = status == null ? Map.of() : Map.of("status", status.name());
        long before = nextToken == null
                ? Long.MAX_VALUE
                : Long.parseLong(tokens.cursor("ListThingRegistrationTasks", filters, nextToken));
        return transactions.read(session -> tasks.page(session, status, before, maxResults + 1)
                .map(found -> Page.of(
                        found,
                        maxResults,
                        last -> tokens.issue(
                                "ListThingRegistrationTasks", filters, Long.toString(last.creationOrder())))));
    }

    /**
     * InProgress → Cancelling: the runner registers no more lines, writes the reports of those done and ends the task
     * Cancelled. A task cancelling or cancelled already is left so; one that ended otherwise cannot be stopped.
     */
    public Uni<Void> stop(String taskId) {
        return transactions.commit(session -> found(session, taskId).chain(task -> {
            if (task.status() == TaskStatus.Completed || task.status() == TaskStatus.Failed) {
                throw errors.invalidRequest(
                        "Thing registration task " + taskId + " cannot be stopped: it is " + task.status());
            }
            return tasks.cancel(session, taskId).map(cancelled -> new Outcome<Void>(null, List.of()));
        }));
    }

    /**
     * The links of a task's report objects of one type, paged with {@code nextToken}; none until the task ends. The
     * operation declares no ResourceNotFoundException: an unknown task is an InvalidRequestException.
     */
    public Uni<Page<String>> reports(String taskId, ReportType type, String nextToken, int maxResults) {
        Map<String, String> filters = Map.of("taskId", taskId, "reportType", type.name());
        int after = nextToken == null
                ? 0
                : Integer.parseInt(tokens.cursor("ListThingRegistrationTaskReports", filters, nextToken));
        return transactions.read(session -> tasks.find(session, taskId)).map(task -> {
            if (task == null) {
                throw errors.invalidRequest(notFound(taskId));
            }
            List<Integer> parts = IntStream.rangeClosed(after + 1, task.reportParts(type))
                    .limit(maxResults + 1L)
                    .boxed()
                    .toList();
            Page<Integer> page = Page.of(
                    parts,
                    maxResults,
                    last -> tokens.issue("ListThingRegistrationTaskReports", filters, Integer.toString(last)));
            return new Page<>(
                    page.items().stream()
                            .map(part -> files.link(taskId, type, part))
                            .toList(),
                    page.nextToken());
        });
    }

    private Uni<RegistrationTask> found(Mutiny.Session session, String taskId) {
        return tasks.find(session, taskId).onItem().ifNull().failWith(() -> notFoundError(taskId));
    }

    private AwsServiceException notFoundError(String taskId) {
        return errors.resourceNotFound(notFound(taskId));
    }

    private static String notFound(String taskId) {
        return "Thing registration task " + taskId + " does not exist";
    }
}
