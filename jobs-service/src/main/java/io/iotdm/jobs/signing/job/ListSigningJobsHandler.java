package io.iotdm.jobs.signing.job;

import io.iotdm.aws.protocol.Timestamps;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.aws.service.Page;
import io.iotdm.jobs.signing.SignerPages;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Jobs newest first, paged; {@code status=InProgress} lists none (jobs are written ended). No signature is ever revoked here (RevokeSignature is not offered), so {@code isRevoked}
 * true lists none; {@code jobInvoker} other than this account lists none either (docs/aws-behaviour.md §10.4).
 */
@Singleton
class ListSigningJobsHandler extends AwsOperationHandler {

    /** A status the model lists but no job here ever has: a job is written once it has ended. */
    private static final String IN_PROGRESS = "InProgress";

    private final SigningJobRepository repository;
    private final SigningJobs jobs;
    private final SignerPages pages;

    ListSigningJobsHandler(SigningJobRepository repository, SigningJobs jobs, SignerPages pages) {
        super("signer", "ListSigningJobs");
        this.repository = repository;
        this.jobs = jobs;
        this.pages = pages;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        String status = request.string("status");
        String invoker = request.string("jobInvoker");
        SigningJobRepository.Filter filter = new SigningJobRepository.Filter(
                status == null || status.equals(IN_PROGRESS) ? null : SigningJob.Status.valueOf(status),
                request.string("platformId"),
                request.string("requestedBy"),
                instant(request, "signatureExpiresBefore"),
                instant(request, "signatureExpiresAfter"));
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("filter", filter.toString());
        filters.put("isRevoked", Boolean.toString(request.flag("isRevoked")));
        filters.put("jobInvoker", Objects.requireNonNullElse(invoker, ""));
        String cursor = pages.cursor(operation(), filters, request.string("nextToken"));
        int pageSize = request.pageSize("maxResults", SignerPages.DEFAULT_PAGE_SIZE);
        boolean none = request.flag("isRevoked")
                || IN_PROGRESS.equals(status)
                || (invoker != null && !invoker.equals(jobs.arns().account()));
        Uni<List<SigningJobRepository.Listed>> found = none
                ? Uni.createFrom().item(List.of())
                : repository.list(filter, cursor == null ? null : Long.valueOf(cursor), pageSize + 1);
        return found.map(listed -> AwsResponse.json(Page.of(
                        listed,
                        pageSize,
                        last -> pages.issue(operation(), filters, Long.toString(last.creationOrder())))
                .json("jobs", item -> SigningJobJson.summary(item.job(), jobs.platform(item.job()), jobs.arns()))));
    }

    private static Instant instant(AwsRequest request, String member) {
        var value = request.node(member);
        return value.isMissingNode() || value.isNull() ? null : Timestamps.fromEpochSeconds(value.decimalValue());
    }
}
