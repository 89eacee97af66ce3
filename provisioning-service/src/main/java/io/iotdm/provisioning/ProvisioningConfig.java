package io.iotdm.provisioning;

import io.iotdm.x509.IssuingCa;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@ConfigMapping(prefix = "iotdm.provisioning")
public interface ProvisioningConfig {

    /** IoT policies (docs/aws-behaviour.md §6.4). */
    PolicyLimits policy();

    /** CA certificates (docs/aws-behaviour.md §6.2). */
    CaLimits ca();

    /** How long a question to the registry or the group-service may take before the operation fails (503). */
    @WithDefault("5s")
    Duration peerDeadline();

    /**
     * How long a deleted thing or thing group is remembered: an attachment that checked it before its deletion and
     * commits later than this would outlive it (docs/aws-behaviour.md §6.4).
     */
    @WithDefault("1d")
    Duration deletedResourceRetention();

    /** Provisioning templates (docs/aws-behaviour.md §6.5). */
    TemplateLimits provisioningTemplate();

    /** The host names DescribeEndpoint answers, one per endpoint type (docs/aws-behaviour.md §6.7). */
    Endpoints endpoint();

    /** Registrations of provisioning templates (docs/architecture.md §6, "Registrations"). */
    Registrations registration();

    /**
     * The secret that seals the private key of iotdm's issuing CA in PostgreSQL (at least 16 characters). It has no
     * default: a service without one (or {@link #caKeySecretFile()}) refuses to start.
     */
    Optional<String> caKeySecret();

    /** A mounted file that holds {@link #caKeySecret()} (surrounding whitespace ignored), read once at start. */
    Optional<Path> caKeySecretFile();

    /** The key of iotdm's issuing CA, chosen when the CA is created on first start (platform/x509, "CA choice"). */
    @WithDefault("RSA_2048")
    IssuingCa.KeyAlgorithm caKeyAlgorithm();

    /** The S3-compatible store that holds bulk registration's input files and its reports (docs/aws-behaviour.md §6.9). */
    ObjectStore s3();

    /** Bulk registration tasks (docs/aws-behaviour.md §6.9). */
    RegistrationTasks registrationTask();

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
         * Where the reports of tasks are written (made on first use): the service's own bucket, since the task's role
         * grants nothing in the caller's (AWS writes its reports to a bucket of its own too).
         */
        @WithDefault("iotdm-thing-registration-reports")
        String reportBucket();

        /** How long a link of ListThingRegistrationTaskReports may be fetched. */
        @WithDefault("1h")
        Duration presignedUrlDuration();
    }

    /** Fleet provisioning: claims, ownership tokens, the pre-provisioning hook (docs/aws-behaviour.md §6.10). */
    FleetProvisioning fleetProvisioning();

    interface FleetProvisioning {

        /** How long a claim of CreateProvisioningClaim is valid: AWS's is 5 minutes. */
        @WithDefault("5m")
        Duration claimValidity();

        /** How long a certificate ownership token is valid: AWS's is 1 hour. */
        @WithDefault("1h")
        Duration ownershipTokenValidity();

        /** How long a pre-provisioning hook may take to answer: AWS gives its Lambda 5 seconds. */
        @WithDefault("5s")
        Duration hookTimeout();

        /**
         * The URL to call for a hook's {@code targetArn} that is an ARN (iotdm runs no Lambda functions): {@code
         * hook-urls."<arn>"=https://...}. A {@code targetArn} that is an {@code https://} URL is called as it is
         * when its host is one of {@link #hookAllowedHosts}.
         */
        Map<String, String> hookUrls();

        /**
         * The hosts a {@code targetArn} that is a URL may name (any template author could otherwise make the service
         * call any address of its network): {@code https://} URLs only; an entry written {@code http://<host>} also
         * allows plain HTTP to that host (devstack and the tests, on 127.0.0.1). Empty: only {@link #hookUrls}.
         */
        Optional<List<String>> hookAllowedHosts();

        /** How many certificates one claim certificate may have made by {@code $aws/certificates/create*} ... */
        @WithDefault("10")
        int certificatesPerClaim();

        /** ... within this window (a rolling one); beyond, the request is rejected {@code 429 Throttling}. */
        @WithDefault("1m")
        Duration certificatesPerClaimWindow();

        /**
         * How often the certificates of {@code $aws/certificates/create*} that no provisioning used within an
         * ownership token's life are looked for and deleted (AWS deletes them after an hour).
         */
        @WithDefault("10m")
        Duration unusedCertificateSweep();
    }

    interface RegistrationTasks {

        /**
         * Tasks that may be in progress (or cancelling) at once; StartThingRegistrationTask beyond is
         * LimitExceededException. AWS runs one per account.
         */
        @WithDefault("1")
        int maxInProgress();

        /**
         * Lines of one task registered at once, by the instance that runs it. A line waits mostly on peers (the
         * registry, the group-service) and on commits, not on this instance's CPU: 32 rather than 8 keeps those waits
         * overlapped (docs/benchmarks.md, "Bulk registration").
         */
        @WithDefault("32")
        int lineConcurrency();

        /**
         * How long a runner's claim on a task lasts without renewal (renewed every third of it): an instance that dies
         * leaves its tasks to the others after this.
         */
        @WithDefault("30s")
        Duration lease();

        /** How often an instance looks for tasks to run (and a new task is looked for at once on this instance). */
        @WithDefault("2s")
        Duration pollInterval();

        /** Lines per report object: a report of more lines is several objects, one link each. */
        @WithDefault("10000")
        int reportLinesPerObject();
    }

    interface PolicyLimits {

        /** Versions a policy may have at once: AWS's quota is 5. */
        @WithDefault("5")
        int maxVersions();

        /** Policies attached to one certificate, thing group or Cognito identity: AWS's quota is 10. */
        @WithDefault("10")
        int maxPerTarget();
    }

    interface Registrations {

        /**
         * How long a run holds a registration between two of its steps; a registration whose run has not moved for this
         * long (its process died) is resumed by another run. Longer than a step takes: a step is one call to a peer
         * (at most {@link #peerDeadline()}) or one transaction.
         */
        @WithDefault("30s")
        Duration lease();

        /** How often each instance looks for registrations whose lease has passed (and once at start). */
        @WithDefault("10s")
        Duration resumeInterval();

        /**
         * How long a finished (COMPLETE or FAILED) registration is kept: a request delivered again within this gets its
         * outcome instead of a second registration. Far longer than Kafka's redelivery (seconds) and a bulk task's
         * run; older ones are deleted every {@link #purgeInterval()}.
         */
        @WithDefault("7d")
        Duration retention();

        @WithDefault("1h")
        Duration purgeInterval();
    }

    interface TemplateLimits {

        /** Versions a provisioning template may have at once: AWS's quota is 5. */
        @WithDefault("5")
        int maxVersions();
    }

    /**
     * What a device connects to. The local default is loopback, where the devstack runs everything; a deployment names
     * the host its devices reach (a value with a port, {@code host:port}, is answered as it is written).
     */
    interface Endpoints {

        /** {@code iot:Data}: the device gateway's MQTT host (AWS's legacy VeriSign-signed data endpoint). */
        @WithDefault("127.0.0.1")
        String data();

        /** {@code iot:Data-ATS}: the device gateway's MQTT host (AWS's Amazon Trust Services-signed data endpoint). */
        @WithDefault("127.0.0.1")
        String dataAts();

        /** {@code iot:CredentialProvider}: where a device exchanges its certificate for AWS credentials. */
        @WithDefault("127.0.0.1")
        String credentialProvider();

        /** {@code iot:Jobs}: the jobs device plane ({@code iot-jobs-data}), over MQTT or HTTPS. */
        @WithDefault("127.0.0.1")
        String jobs();
    }

    interface CaLimits {

        /** CA certificates that may share a subject: AWS's quota is 10. */
        @WithDefault("10")
        int maxPerSubject();
    }
}
