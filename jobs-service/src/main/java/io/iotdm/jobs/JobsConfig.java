package io.iotdm.jobs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "iotdm.jobs")
public interface JobsConfig {

    /** How long a question to the group-service may take before the operation fails (503). */
    @WithDefault("5s")
    Duration peerDeadline();

    /**
     * How long the group-service may take to stream a target group's things in all (CreateJob, AssociateTargetsWithJob)
     * before the operation fails (503): the peer deadline bounds the wait for each name, this the whole stream, which
     * holds a database connection (and AssociateTargetsWithJob the job's locks) while it lasts.
     */
    @WithDefault("5m")
    Duration peerStreamDeadline();

    /** Jobs in DELETION_IN_PROGRESS at once: AWS's quota is 10 (docs/aws-behaviour.md §5.8). */
    @WithDefault("10")
    int maxDeletingJobs();

    /** The rollout engine (docs/architecture.md, "The jobs rollout engine"). */
    Rollout rollout();

    /** The signer API's keys (docs/aws-behaviour.md §10). */
    Signing signing();

    /** The S3-compatible store whose objects signing jobs read and write (docs/aws-behaviour.md §10.4). */
    ObjectStore s3();

    interface Signing {

        /**
         * The secret (at least 16 characters) that seals every code-signing private key in PostgreSQL (AES-256-GCM
         * under a key derived from it, platform/x509 SealedKey). No default: without it the service does not start.
         * Keep it as long as the database: a key sealed under a lost secret cannot be opened again.
         */
        String keyEncryptionKey();

        /**
         * A directory of code-signing material to import (docs/aws-behaviour.md §10.2): a subdirectory per ACM
         * certificate id, with {@code certificate.pem} and {@code private-key.pem} (unencrypted, EC P-256), imported
         * at start under {@code arn:aws:acm:<region>:<account>:certificate/<id>}, sealed as made material is.
         */
        Optional<java.nio.file.Path> importDirectory();
    }

    interface ObjectStore {

        /** The store's S3 API; the local default is devstack's S3Proxy. */
        @WithDefault("http://127.0.0.1:29000")
        URI endpoint();

        /** The region requests are signed for. */
        @WithDefault("us-east-1")
        String region();

        /** The access key; without one (and {@link #secretKey()}), the AWS SDK's default credential chain. */
        Optional<String> accessKey();

        Optional<String> secretKey();

        /**
         * The store's address as devices reach it, for the presigned URLs of job documents (docs/aws-behaviour.md
         * §5.22); without it, {@link #endpoint()}.
         */
        Optional<URI> deviceEndpoint();

        /**
         * How long a job document's presigned URLs are valid when the job's {@code presignedUrlConfig} has no {@code
         * expiresInSec}: AWS's default, an hour.
         */
        @WithDefault("3600s")
        Duration presignedUrlExpiry();
    }

    interface Rollout {

        /**
         * How often each instance advances the rollouts that are due; {@code off} stops the engine (tests step it
         * themselves).
         */
        @WithDefault("1s")
        String interval();

        /** Rollouts one step locks and advances, in one transaction. */
        @WithDefault("16")
        int rolloutsPerStep();

        /** Executions one step queues or deletes for one rollout, which bounds a step's transaction. */
        @WithDefault("500")
        int executionsPerStep();
    }
}
