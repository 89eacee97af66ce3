package io.iotdm.devicegateway;

import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import io.iotdm.grpc.provisioning.v1.ConnectionThing;
import io.iotdm.grpc.provisioning.v1.DescribeClientCertificateRequest;
import io.iotdm.grpc.provisioning.v1.DescribeClientCertificateResponse;
import io.iotdm.grpc.provisioning.v1.PolicyDocument;
import io.iotdm.grpc.provisioning.v1.ProvisioningGrpc;
import io.iotdm.testing.DevStackResource;
import io.iotdm.testing.GrpcTestDoubles;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * provisioning-service's DescribeClientCertificate as the gateway asks it, answered from the certificates a test
 * registers here: a real gRPC server (signed calls only, as the service), in the place of a peer that needs its own
 * database and peers. The answer for a client id adds the thing's policies and the thing itself when the client id is
 * one of the certificate's things, as the service does. A bean of the application under test, so that tests and server share it.
 */
@Singleton
public class TestProvisioning {

    /** What the double knows of one certificate. */
    public record Registration(
            String status,
            String caCertificateId,
            String caStatus,
            long notBeforeMillis,
            long notAfterMillis,
            List<String> things,
            List<String> certificatePolicies,
            List<String> thingPolicies) {

        /** The same registration with these policies attached to the certificate. */
        public Registration withPolicies(List<String> policies) {
            return new Registration(
                    status,
                    caCertificateId,
                    caStatus,
                    notBeforeMillis,
                    notAfterMillis,
                    things,
                    policies,
                    thingPolicies);
        }

        public Registration withStatus(String newStatus) {
            return new Registration(
                    newStatus,
                    caCertificateId,
                    caStatus,
                    notBeforeMillis,
                    notAfterMillis,
                    things,
                    certificatePolicies,
                    thingPolicies);
        }
    }

    /** Connect as the client id; publish, subscribe and receive under {@code devices/<client id>/}. */
    public static final String OWN_TOPICS =
            """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"iot:Connect","Resource":"arn:aws:iot:us-east-1:123456789012:client/${iot:ClientId}"},
              {"Effect":"Allow","Action":["iot:Publish","iot:Receive"],
               "Resource":"arn:aws:iot:us-east-1:123456789012:topic/devices/${iot:ClientId}/*"},
              {"Effect":"Allow","Action":"iot:Subscribe",
               "Resource":"arn:aws:iot:us-east-1:123456789012:topicfilter/devices/${iot:ClientId}/*"}]}""";

    /** The thing's group policy: its own thing topics, only when connected as the attached thing. */
    public static final String THING_TOPICS =
            """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":["iot:Publish","iot:Receive"],
               "Resource":"arn:aws:iot:us-east-1:123456789012:topic/things/${iot:Connection.Thing.ThingName}/*"},
              {"Effect":"Allow","Action":"iot:Subscribe",
               "Resource":"arn:aws:iot:us-east-1:123456789012:topicfilter/things/${iot:Connection.Thing.ThingName}/*"}]}""";

    private final int port;
    private final Map<String, Registration> certificates = new ConcurrentHashMap<>();
    /** The registry's description of things, by name: a thing not here has no type and no attributes. */
    private final Map<String, ConnectionThing> things = new ConcurrentHashMap<>();
    /** How often the gateway asked about each certificate id. */
    private final Map<String, Integer> questions = new ConcurrentHashMap<>();

    private Server server;

    TestProvisioning(@ConfigProperty(name = "quarkus.grpc.clients.provisioning.test-port") int port) {
        this.port = port;
    }

    /**
     * Devstack's Kafka, free ports for the doubles (this one, TestGroups) that the gateway's gRPC clients are pointed
     * at, and for MQTT.
     */
    public static final class Resource extends DevStackResource {

        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            config.putAll(GrpcTestDoubles.clientOnFreePort("provisioning"));
            // TestRegistry's
            config.putAll(GrpcTestDoubles.clientOnFreePort("registry"));
            config.putAll(GrpcTestDoubles.clientOnFreePort("groups")); // TestGroups
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                config.put("iotdm.device-gateway.mqtt.port", String.valueOf(socket.getLocalPort()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return config;
        }
    }

    private final class Provisioning extends ProvisioningGrpc.ProvisioningImplBase {

        @Override
        public void describeClientCertificate(
                DescribeClientCertificateRequest request, StreamObserver<DescribeClientCertificateResponse> out) {
            questions.merge(request.getCertificateId(), 1, Integer::sum);
            Registration registration = certificates.get(request.getCertificateId());
            DescribeClientCertificateResponse.Builder answer = DescribeClientCertificateResponse.newBuilder();
            if (registration != null) {
                answer.setFound(true)
                        .setCertificateArn("arn:aws:iot:us-east-1:123456789012:cert/" + request.getCertificateId())
                        .setStatus(registration.status())
                        .setCaCertificateId(registration.caCertificateId())
                        .setCaStatus(registration.caStatus())
                        .setNotBeforeEpochMillis(registration.notBeforeMillis())
                        .setNotAfterEpochMillis(registration.notAfterMillis())
                        .addAllThingNames(registration.things());
                registration.certificatePolicies().forEach(document -> answer.addPolicies(policy(document)));
                if (registration.things().contains(request.getClientId())) {
                    registration.thingPolicies().forEach(document -> answer.addPolicies(policy(document)));
                    answer.setConnectionThing(things.getOrDefault(
                            request.getClientId(),
                            ConnectionThing.newBuilder()
                                    .setThingName(request.getClientId())
                                    .build()));
                }
            }
            out.onNext(answer.build());
            out.onCompleted();
        }
    }

    void start(@Observes StartupEvent started) {
        server = GrpcTestDoubles.serve(port, new Provisioning());
    }

    void stop(@Observes ShutdownEvent stopping) {
        server.shutdownNow();
    }

    /**
     * A new device whose certificate is registered with {@code status}, attached to {@code things}, with {@link
     * #OWN_TOPICS} on the certificate and {@link #THING_TOPICS} on its things' groups.
     */
    public TestDevices.Device registeredDevice(String status, List<String> things) {
        TestDevices.Device device = TestDevices.device();
        register(
                device.certificateId(),
                new Registration(
                        status,
                        "",
                        "",
                        device.certificate().notBefore().toEpochMilli(),
                        device.certificate().notAfter().toEpochMilli(),
                        things,
                        List.of(OWN_TOPICS),
                        List.of(THING_TOPICS)));
        return device;
    }

    /** The device's certificate ACTIVE, within its validity, under no CA, attached to no thing, with these policies. */
    public static Registration active(TestDevices.Device device, List<String> certificatePolicies) {
        return new Registration(
                "ACTIVE",
                "",
                "",
                device.certificate().notBefore().toEpochMilli(),
                device.certificate().notAfter().toEpochMilli(),
                List.of(),
                certificatePolicies,
                List.of());
    }

    /** The thing's type ({@code ""}: none) and attributes, as the service answers them for the thing's client id. */
    public void describeThing(String thingName, String thingTypeName, Map<String, String> attributes) {
        things.put(
                thingName,
                ConnectionThing.newBuilder()
                        .setThingName(thingName)
                        .setThingTypeName(thingTypeName)
                        .putAllAttributes(attributes)
                        .build());
    }

    public void register(String certificateId, Registration registration) {
        certificates.put(certificateId, registration);
    }

    /** How often the gateway has asked about the certificate. */
    public int questions(String certificateId) {
        return questions.getOrDefault(certificateId, 0);
    }

    public Registration registration(String certificateId) {
        return certificates.get(certificateId);
    }

    private static PolicyDocument policy(String document) {
        return PolicyDocument.newBuilder()
                .setPolicyName("policy-" + Integer.toHexString(document.hashCode()))
                .setVersionId(1)
                .setDocument(document)
                .build();
    }
}
