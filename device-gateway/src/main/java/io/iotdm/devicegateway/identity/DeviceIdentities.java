package io.iotdm.devicegateway.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.protobuf.ByteString;
import io.iotdm.devicegateway.DeviceGatewayConfig;
import io.iotdm.grpc.provisioning.v1.ConnectionThing;
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
import java.util.concurrent.atomic.AtomicLong;

/**
 * The identities of connected devices, from provisioning-service (DescribeClientCertificate), kept for {@link
 * DeviceGatewayConfig#identityTtl()} per certificate (and, within it, per client id) and dropped as soon as a
 * provisioning change may have changed them ({@link #forgetCertificate}, {@link #forgetAll}). At most {@link
 * DeviceGatewayConfig#identityCacheSize()} certificates are kept, the least recently used leaving first. A failed
 * question is not kept: the next asks again. "Not registered" is kept per certificate, whatever the client id, for
 * {@link DeviceGatewayConfig#unknownCertificateTtl()}: a device with an unknown certificate that reconnects in a loop,
 * under one client id or many, asks provisioning-service once per that time.
 */
@ApplicationScoped
public class DeviceIdentities {

    /** Past this many compiled documents the cache starts over; each policy version's document is compiled once. */
    private static final int MAX_COMPILED = 10_000;

    private final MutinyProvisioningGrpc.MutinyProvisioningStub provisioning;
    private final long deadlineMillis;
    /** By certificate id, then client id. */
    private final Cache<String, Map<String, CompletableFuture<DeviceIdentity>>> identities;
    /** provisioning-service's "not registered" answers, by certificate id. */
    private final Cache<String, DescribeClientCertificateResponse> unregistered;

    private final Map<String, CompiledPolicy> compiled = new ConcurrentHashMap<>();
    /** Grows at each forget: a "not registered" that was asked before a forget is not kept. */
    private final AtomicLong forgets = new AtomicLong();

    DeviceIdentities(
            @GrpcClient("provisioning") MutinyProvisioningGrpc.MutinyProvisioningStub provisioning,
            DeviceGatewayConfig config) {
        this.provisioning = provisioning;
        this.deadlineMillis = config.provisioningDeadline().toMillis();
        this.identities = Caffeine.newBuilder()
                .maximumSize(config.identityCacheSize())
                .expireAfterWrite(config.identityTtl())
                .build();
        this.unregistered = Caffeine.newBuilder()
                .maximumSize(config.identityCacheSize())
                .expireAfterWrite(config.unknownCertificateTtl())
                .build();
    }

    /** AWS's certificate id: the lower-case hex SHA-256 of the DER encoding. */
    public static String certificateId(X509Certificate certificate) {
        return IotCertificate.of(certificate).certificateId();
    }

    /**
     * @return the identity of a connection that presents {@code certificate} under {@code clientId}; fails when
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
        DescribeClientCertificateResponse unknown = unregistered.getIfPresent(certificateId);
        if (unknown != null) {
            return CompletableFuture.completedFuture(identity(certificate, certificateId, clientId, unknown));
        }
        return identities
                .get(certificateId, id -> new ConcurrentHashMap<>())
                .compute(
                        clientId,
                        (id, known) -> known != null && !known.isCompletedExceptionally() && !awaitsActivation(known)
                                ? known
                                : load(certificate, certificateId, clientId, connecting));
    }

    /** Every answer about this certificate is stale: it changed, or what is attached to it did. */
    public void forgetCertificate(String certificateId) {
        forgets.incrementAndGet();
        identities.invalidate(certificateId);
        unregistered.invalidate(certificateId);
    }

    /** Every answer may be stale: a policy, a CA or an attachment changed. */
    public void forgetAll() {
        forgets.incrementAndGet();
        identities.invalidateAll();
        unregistered.invalidateAll();
    }

    /**
     * A PENDING_ACTIVATION answer is not kept: provisioning-service must see each presentation of the certificate
     * (JITR's event repeats, docs/aws-behaviour.md §6.3), and the account's handler activates it at any moment.
     */
    private static boolean awaitsActivation(CompletableFuture<DeviceIdentity> known) {
        return known.isDone()
                && "PENDING_ACTIVATION".equals(known.join().registration().getStatus());
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
        long asked = forgets.get();
        return provisioning
                .withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
                .describeClientCertificate(request.build())
                .map(registration -> {
                    // kept only when asked at a CONNECT (JITR/JITP had their chance) and nothing changed meanwhile
                    if (!registration.getFound() && connecting && forgets.get() == asked) {
                        unregistered.put(certificateId, registration);
                    }
                    return identity(certificate, certificateId, clientId, registration);
                })
                .subscribeAsCompletionStage();
    }

    private DeviceIdentity identity(
            X509Certificate certificate,
            String certificateId,
            String clientId,
            DescribeClientCertificateResponse registration) {
        PolicyContext.Builder context =
                PolicyContext.builder().clientId(clientId).certificate(CertificateVariables.of(certificate));
        ConnectionThing thing = registration.getConnectionThing();
        if (registration.hasConnectionThing() && thing.getThingName().equals(clientId)) {
            // docs/aws-behaviour.md §9.2: the thing variables are set when the client id names an attached thing
            context.thing(
                    thing.getThingName(),
                    thing.getThingTypeName().isEmpty() ? null : thing.getThingTypeName(),
                    thing.getAttributesMap());
        } else if (registration.getThingNamesList().contains(clientId)) {
            // an attached thing named by the client id, from a provisioning-service that does not send
            // connection_thing yet (a rolling upgrade): its name and IsAttached hold, its type and attributes are
            // unknown
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
