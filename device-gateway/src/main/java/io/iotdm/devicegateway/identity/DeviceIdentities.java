package io.iotdm.devicegateway.identity;

import com.google.protobuf.ByteString;
import io.iotdm.devicegateway.DeviceGatewayConfig;
import io.iotdm.grpc.provisioning.v1.DescribeClientCertificateRequest;
import io.iotdm.grpc.provisioning.v1.DescribeClientCertificateResponse;
import io.iotdm.grpc.provisioning.v1.MutinyProvisioningGrpc;
import io.iotdm.grpc.provisioning.v1.PolicyDocument;
import io.iotdm.iotpolicy.CertificateVariables;
import io.iotdm.iotpolicy.CompiledPolicy;
import io.iotdm.iotpolicy.EffectivePolicies;
import io.iotdm.iotpolicy.PolicyContext;
import io.iotdm.iotpolicy.PolicyParser;
import io.iotdm.x509.IotCertificate;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The identities of connected devices, from provisioning-service (DescribeClientCertificate), kept for {@link
 * DeviceGatewayConfig#identityTtl()} per certificate and client id and dropped as soon as a provisioning change may have
 * changed them ({@link #forgetCertificate}, {@link #forgetAll}). A failed question is not kept: the next asks again.
 */
@ApplicationScoped
public class DeviceIdentities {

    /** Past this many answers, the expired ones are dropped (one per live certificate and client id is the need). */
    private static final int PRUNE_ABOVE = 10_000;

    /** Past this many compiled documents the cache starts over; each policy version's document is compiled once. */
    private static final int MAX_COMPILED = 10_000;

    private record Key(String certificateId, String clientId) {}

    private record Entry(CompletableFuture<DeviceIdentity> identity, long loadedNanos) {}

    private final MutinyProvisioningGrpc.MutinyProvisioningStub provisioning;
    private final long ttlNanos;
    private final long deadlineMillis;
    private final Map<Key, Entry> identities = new ConcurrentHashMap<>();
    private final Map<String, CompiledPolicy> compiled = new ConcurrentHashMap<>();

    DeviceIdentities(
            @GrpcClient("provisioning") MutinyProvisioningGrpc.MutinyProvisioningStub provisioning,
            DeviceGatewayConfig config) {
        this.provisioning = provisioning;
        this.ttlNanos = config.identityTtl().toNanos();
        this.deadlineMillis = config.provisioningDeadline().toMillis();
    }

    /** AWS's certificate id: the lower-case hex SHA-256 of the DER encoding. */
    public static String certificateId(X509Certificate certificate) {
        return IotCertificate.of(certificate).certificateId();
    }

    /**
     * @return the identity of a live connection that presented {@code certificate} under {@code clientId}; fails when
     *     provisioning-service does not answer
     */
    public CompletableFuture<DeviceIdentity> identify(
            X509Certificate certificate, String certificateId, String clientId) {
        return identify(certificate, certificateId, clientId, false);
    }

    /**
     * The identity of a CONNECT: when it is not known, provisioning-service is given the certificate itself, so that a
     * certificate of an auto-registering CA is registered or provisioned just in time first (docs/aws-behaviour.md
     * §6.3). A question about a live connection does not give it: a certificate deleted since the CONNECT must not be
     * registered again by the session's next PUBLISH.
     */
    public CompletableFuture<DeviceIdentity> identifyAtConnect(
            X509Certificate certificate, String certificateId, String clientId) {
        return identify(certificate, certificateId, clientId, true);
    }

    private CompletableFuture<DeviceIdentity> identify(
            X509Certificate certificate, String certificateId, String clientId, boolean connecting) {
        long now = System.nanoTime();
        if (identities.size() > PRUNE_ABOVE) {
            identities.values().removeIf(entry -> now - entry.loadedNanos() > ttlNanos);
        }
        return identities
                .compute(
                        new Key(certificateId, clientId),
                        (key, known) -> known != null
                                        && now - known.loadedNanos() <= ttlNanos
                                        && !known.identity().isCompletedExceptionally()
                                        && !awaitsActivation(known)
                                ? known
                                : new Entry(load(certificate, certificateId, clientId, connecting), now))
                .identity();
    }

    /** Every answer about this certificate is stale: it changed, or what is attached to it did. */
    public void forgetCertificate(String certificateId) {
        identities.keySet().removeIf(key -> key.certificateId().equals(certificateId));
    }

    /** Every answer may be stale: a policy, a CA or an attachment changed. */
    public void forgetAll() {
        identities.clear();
    }

    /**
     * A PENDING_ACTIVATION answer is not kept: provisioning-service must see each presentation of the certificate
     * (JITR's event repeats, docs/aws-behaviour.md §6.3), and the account's handler activates it at any moment.
     */
    private static boolean awaitsActivation(Entry entry) {
        return entry.identity().isDone()
                && "PENDING_ACTIVATION"
                        .equals(entry.identity().join().registration().getStatus());
    }

    private CompletableFuture<DeviceIdentity> load(
            X509Certificate certificate, String certificateId, String clientId, boolean connecting) {
        DescribeClientCertificateRequest.Builder request = DescribeClientCertificateRequest.newBuilder()
                .setCertificateId(certificateId)
                .setClientId(clientId);
        if (connecting) {
            try {
                request.setPresentedCertificateDer(ByteString.copyFrom(certificate.getEncoded()));
            } catch (CertificateEncodingException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return provisioning
                .withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
                .describeClientCertificate(request.build())
                .map(registration -> identity(certificate, certificateId, clientId, registration))
                .subscribeAsCompletionStage();
    }

    private DeviceIdentity identity(
            X509Certificate certificate,
            String certificateId,
            String clientId,
            DescribeClientCertificateResponse registration) {
        PolicyContext.Builder context =
                PolicyContext.builder().clientId(clientId).certificate(CertificateVariables.of(certificate));
        if (registration.getThingNamesList().contains(clientId)) {
            // docs/aws-behaviour.md §9.2: the thing variables are set when the client id names an attached thing
            context.thing(clientId, null, Map.of());
        }
        return new DeviceIdentity(
                certificateId,
                clientId,
                registration,
                new EffectivePolicies(registration.getPoliciesList().stream()
                        .map(this::compile)
                        .toList()),
                context.build());
    }

    private CompiledPolicy compile(PolicyDocument policy) {
        if (compiled.size() > MAX_COMPILED) {
            compiled.clear();
        }
        return compiled.computeIfAbsent(policy.getDocument(), PolicyParser::compile);
    }
}
