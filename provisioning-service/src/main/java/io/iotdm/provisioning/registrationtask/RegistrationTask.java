package io.iotdm.provisioning.registrationtask;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A bulk registration task as DescribeThingRegistrationTask shows it. Read-only here: its status, counts and lease change
 * through {@link TaskRepository}'s statements, each guarded by the state it expects.
 */
@Entity
@Table(name = "thing_registration_task")
public class RegistrationTask {

    @Id
    @Column(name = "task_id")
    private String taskId;

    @Column(name = "creation_order", insertable = false, updatable = false)
    private long creationOrder;

    @Column(name = "template_body")
    private String templateBody;

    @Column(name = "input_file_bucket")
    private String inputFileBucket;

    @Column(name = "input_file_key")
    private String inputFileKey;

    @Column(name = "input_file_etag")
    private String inputFileEtag;

    @Column(name = "role_arn")
    private String roleArn;

    @Enumerated(EnumType.STRING)
    @Column(name = "status")
    private TaskStatus status;

    @Column(name = "message")
    private String message;

    @Column(name = "line_count")
    private Integer lineCount;

    @Column(name = "success_count")
    private int successCount;

    @Column(name = "failure_count")
    private int failureCount;

    @Column(name = "results_parts")
    private int resultsParts;

    @Column(name = "errors_parts")
    private int errorsParts;

    @Column(name = "creation_date")
    private Instant creationDate;

    @Column(name = "last_modified_date")
    private Instant lastModifiedDate;

    protected RegistrationTask() {}

    RegistrationTask(
            String taskId, String templateBody, TaskInput input, String inputFileEtag, String roleArn, Instant now) {
        this.taskId = taskId;
        this.templateBody = templateBody;
        this.inputFileBucket = input.bucket();
        this.inputFileKey = input.key();
        this.inputFileEtag = inputFileEtag;
        this.roleArn = roleArn;
        this.status = TaskStatus.InProgress;
        this.creationDate = now;
        this.lastModifiedDate = now;
    }

    public String taskId() {
        return taskId;
    }

    long creationOrder() {
        return creationOrder;
    }

    public String templateBody() {
        return templateBody;
    }

    public TaskInput input() {
        return new TaskInput(inputFileBucket, inputFileKey);
    }

    String inputFileEtag() {
        return inputFileEtag;
    }

    public String roleArn() {
        return roleArn;
    }

    public TaskStatus status() {
        return status;
    }

    /** Why the task failed, or {@code null}. */
    public String message() {
        return message;
    }

    /** The input's lines, or {@code null} until a runner has counted them. */
    Integer lineCount() {
        return lineCount;
    }

    public int successCount() {
        return successCount;
    }

    public int failureCount() {
        return failureCount;
    }

    /**
     * The share of the input's lines done, rounded down, so that 100 means every line is done; 0 until the lines are
     * counted, 100 for an input without lines.
     */
    public int percentageProgress() {
        if (lineCount == null) {
            return 0;
        }
        return lineCount == 0 ? 100 : (int) (100L * (successCount + failureCount) / lineCount);
    }

    /** The report objects of a type, written when the task ended (none while it runs). */
    int reportParts(ReportType type) {
        return type == ReportType.RESULTS ? resultsParts : errorsParts;
    }

    public Instant creationDate() {
        return creationDate;
    }

    public Instant lastModifiedDate() {
        return lastModifiedDate;
    }
}
