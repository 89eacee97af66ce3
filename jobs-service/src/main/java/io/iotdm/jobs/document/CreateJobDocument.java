package io.iotdm.jobs.document;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.jobs.signing.job.SigningJobs;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What CreateJob does with a document beyond storing it: fills each {@code "codesign":{"awsSignerJobId":"<id>"}}
 * from the signing job (docs/aws-behaviour.md §10.5), checks the presigned-URL placeholders and that a document with
 * any has a {@code presignedUrlConfig} with a role (§5.22), and keeps the configuration with the job.
 */
@ApplicationScoped
public class CreateJobDocument {

    /** The member of a codesign block that names a signing job: AWS's name in CreateOTAUpdate's {@code codeSigning}. */
    static final String SIGNER_JOB_ID = "awsSignerJobId";

    private static final JsonMapper JSON = new JsonMapper();
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::[0-9]{12}:role/[\\w+=,.@/-]+");

    private final SigningJobs signingJobs;
    private final AwsErrors errors;

    CreateJobDocument(SigningJobs signingJobs, AwsErrors errors) {
        this.signingJobs = signingJobs;
        this.errors = errors;
    }

    /**
     * The document a job is created with, and its presigned-URL configuration.
     *
     * @param presignedUrlConfig {@code null} when CreateJob had none
     */
    public record Prepared(String document, PresignedUrlConfig presignedUrlConfig) {

        /** Writes what the job keeps beside its row, in CreateJob's transaction (after the job's row). */
        public Uni<Void> save(SqlClient transaction, String jobId) {
            return presignedUrlConfig == null
                    ? Uni.createFrom().voidItem()
                    : presignedUrlConfig.insert(transaction, jobId);
        }
    }

    /**
     * @param document CreateJob's document, already checked to be JSON
     * @throws io.iotdm.aws.protocol.AwsServiceException InvalidRequestException or ResourceNotFoundException
     */
    public Uni<Prepared> prepare(AwsRequest request, String document) {
        PresignedUrlConfig config = presignedUrlConfig(request.node("presignedUrlConfig"));
        JsonNode tree = tree(document);
        List<ObjectNode> holders = new ArrayList<>();
        codesignHolders(tree, holders);
        Uni<String> filled = holders.isEmpty()
                ? Uni.createFrom().item(document)
                : fill(holders).map(ignored -> text(tree));
        return filled.map(text -> {
            if (PresignedUrlPlaceholders.present(text)) {
                try {
                    PresignedUrlPlaceholders.objects(text);
                } catch (IllegalArgumentException e) {
                    throw errors.invalidRequest("The presigned URL placeholder's URL " + e.getMessage()
                            + " is not the URL of an S3 object: https://s3.<region>.amazonaws.com/<bucket>/<key>.");
                }
                if (config == null) {
                    throw errors.invalidRequest("The job document has a presigned URL placeholder"
                            + " (${aws:iot:s3-presigned-url:...}); presignedUrlConfig with a roleArn is required.");
                }
            }
            return new Prepared(text, config);
        });
    }

    private PresignedUrlConfig presignedUrlConfig(JsonNode config) {
        if (config.isMissingNode() || config.isNull()) {
            return null;
        }
        String roleArn = config.path("roleArn").asText(null);
        if (roleArn == null) {
            throw errors.invalidRequest("presignedUrlConfig requires a roleArn.");
        }
        if (!ROLE_ARN.matcher(roleArn).matches()) {
            throw errors.invalidRequest("presignedUrlConfig roleArn " + roleArn + " is not the ARN of an IAM role.");
        }
        return new PresignedUrlConfig(
                roleArn, config.has("expiresInSec") ? config.get("expiresInSec").asLong() : null);
    }

    /** Replaces each holder's {@code codesign} with the signing job's block, one signing job after the other. */
    private Uni<Void> fill(List<ObjectNode> holders) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ObjectNode holder : holders) {
            JsonNode codesign = holder.get("codesign");
            if (!codesign.path(SIGNER_JOB_ID).isTextual() || codesign.size() != 1) {
                throw errors.invalidRequest("A codesign block that names a signing job has " + SIGNER_JOB_ID
                        + " (a string) and no other member: iotdm fills the others from the signing job.");
            }
            String signingJobId = codesign.get(SIGNER_JOB_ID).asText();
            chain = chain.chain(() -> signingJobs
                    .codesign(signingJobId)
                    .onFailure(SigningJobs.UnusableSignature.class)
                    .transform(failure -> ((SigningJobs.UnusableSignature) failure).notFound()
                            ? errors.resourceNotFound(failure.getMessage())
                            : errors.invalidRequest(failure.getMessage()))
                    .invoke(block -> holder.set("codesign", block.json()))
                    .replaceWithVoid());
        }
        return chain;
    }

    /** The objects whose {@code codesign} member names a signing job, anywhere in the document. */
    private static void codesignHolders(JsonNode node, List<ObjectNode> holders) {
        if (node instanceof ObjectNode object
                && object.path("codesign").isObject()
                && object.get("codesign").has(SIGNER_JOB_ID)) {
            holders.add(object);
        }
        node.forEach(child -> codesignHolders(child, holders));
    }

    private static JsonNode tree(String document) {
        try {
            return JSON.readTree(document);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("CreateJob checks the document is JSON first", e);
        }
    }

    private static String text(JsonNode tree) {
        try {
            return JSON.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
