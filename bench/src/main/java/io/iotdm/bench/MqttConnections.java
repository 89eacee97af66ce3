package io.iotdm.bench;

import io.iotdm.simulator.DeviceCredentials;
import io.iotdm.simulator.GatewayTls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * New mutual-TLS MQTT connections to the device gateway (CONNECT to CONNACK, every time a new client and TLS context:
 * no session resumption) against the raw baseline in the same run: JDK TLS handshakes with the same client
 * certificates against a JDK TLS server on this machine that asks for a client certificate and, like the gateway
 * (docs/aws-behaviour.md §9.1), accepts any, then writes one byte (the baseline's CONNACK).
 */
@Command(
        name = "mqtt-connect",
        mixinStandardHelpOptions = true,
        description = "mTLS connections/s and CONNACK p50/p99 against raw JDK TLS handshakes with client certificates.")
final class MqttConnections implements Callable<Integer> {

    @Option(names = "--devices", defaultValue = "200", description = "devices (certificates) (${DEFAULT-VALUE})")
    int devices;

    @Option(names = "--rounds", defaultValue = "3", description = "connections per device, measured (${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--concurrency", defaultValue = "32", description = "handshakes under way (${DEFAULT-VALUE})")
    int concurrency;

    @Mixin
    GatewayOptions gateway;

    @Override
    public Integer call() throws Exception {
        try (GatewayRig rig = gateway.open()) {
            List<DeviceCredentials> fleet =
                    rig.devices("bench-connect-" + System.currentTimeMillis(), devices, concurrency);
            System.out.printf(
                    Locale.ROOT,
                    "mqtt-connect: %d devices x %d rounds, concurrency %d%n",
                    devices,
                    rounds,
                    concurrency);
            connectAll(rig.tls, fleet, 1); // warm-up: the gateway's identity cache and JIT, not measured
            Result gateway = connectAll(rig.tls, fleet, rounds);
            try (RawTlsServer raw = new RawTlsServer(fleet.getFirst())) {
                handshakeAll(raw, fleet, 1);
                Result baseline = handshakeAll(raw, fleet, rounds);
                System.out.println("  raw JDK TLS (client certificates): " + baseline);
                System.out.println("  device gateway (mTLS + MQTT CONNECT/CONNACK): " + gateway);
                System.out.printf(
                        Locale.ROOT,
                        "  ratio gateway/raw: rate %.2f, p50 %.2f, p99 %.2f%n",
                        gateway.perSecond() / baseline.perSecond(),
                        (double) gateway.latency().p50Micros()
                                / baseline.latency().p50Micros(),
                        (double) gateway.latency().p99Micros()
                                / baseline.latency().p99Micros());
            }
        }
        return 0;
    }

    record Result(Percentiles latency, double perSecond, long failures, String firstFailure) {
        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%.0f/s, %s, failures %d%s",
                    perSecond,
                    GatewayRig.describe(latency),
                    failures,
                    failures == 0 ? "" : " (" + firstFailure + ")");
        }
    }

    /** Each device connects (a new client) and disconnects, {@code rounds} times; CONNECT to CONNACK is timed. */
    private Result connectAll(GatewayTls tls, List<DeviceCredentials> fleet, int rounds) {
        Histogram histogram = GatewayRig.micros();
        AtomicLong failures = new AtomicLong();
        StringBuffer firstFailure = new StringBuffer();
        long start = System.nanoTime();
        GatewayRig.inFlight(fleet.size() * rounds, concurrency, i -> {
            var client = tls.client(fleet.get(i % fleet.size()));
            long begin = System.nanoTime();
            return client.connect()
                    .thenCompose(ack -> {
                        synchronized (histogram) {
                            histogram.recordValue((System.nanoTime() - begin) / 1_000);
                        }
                        return client.disconnect();
                    })
                    .handle((done, failure) -> {
                        if (failure != null && failures.getAndIncrement() == 0) {
                            firstFailure.append(failure);
                        }
                        return null;
                    });
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(
                Percentiles.of(histogram),
                histogram.getTotalCount() / seconds,
                failures.get(),
                firstFailure.toString());
    }

    private Result handshakeAll(RawTlsServer server, List<DeviceCredentials> fleet, int rounds) throws Exception {
        Histogram histogram = GatewayRig.micros();
        AtomicLong failures = new AtomicLong();
        StringBuffer firstFailure = new StringBuffer();
        long start = System.nanoTime();
        try (ExecutorService threads = Executors.newFixedThreadPool(concurrency)) {
            for (int i = 0; i < fleet.size() * rounds; i++) {
                DeviceCredentials device = fleet.get(i % fleet.size());
                threads.submit(() -> {
                    long begin = System.nanoTime();
                    try (SSLSocket socket = server.connect(device)) {
                        socket.startHandshake();
                        if (socket.getInputStream().read() != 1) {
                            throw new IOException("the server closed before its byte");
                        }
                        synchronized (histogram) {
                            histogram.recordValue((System.nanoTime() - begin) / 1_000);
                        }
                    } catch (Exception e) {
                        if (failures.getAndIncrement() == 0) {
                            firstFailure.append(e);
                        }
                    }
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(
                Percentiles.of(histogram),
                histogram.getTotalCount() / seconds,
                failures.get(),
                firstFailure.toString());
    }

    /**
     * The baseline's server: JDK TLS on 127.0.0.1 with one device's key and certificate as its own, client
     * authentication required and any client certificate accepted, a virtual thread per connection.
     */
    static final class RawTlsServer implements AutoCloseable {
        private final SSLServerSocket server;
        private final TrustManagerFactory trustServer;

        RawTlsServer(DeviceCredentials identity) throws Exception {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(
                    GatewayTls.keyManagers(identity).getKeyManagers(),
                    new TrustManager[] {new AnyClient()},
                    new SecureRandom());
            server = (SSLServerSocket)
                    context.getServerSocketFactory().createServerSocket(0, 1024, InetAddress.getLoopbackAddress());
            server.setNeedClientAuth(true);
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("server", identity.certificate());
            trustServer = TrustManagerFactory.getInstance("PKIX");
            trustServer.init(trusted);
            Thread.ofPlatform().daemon().name("raw-tls-acceptor").start(this::accept);
        }

        /** A new client context for every connection, as the MQTT clients have: no session resumption. */
        SSLSocket connect(DeviceCredentials device) throws Exception {
            KeyManagerFactory keys = GatewayTls.keyManagers(device);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trustServer.getTrustManagers(), new SecureRandom());
            return (SSLSocket)
                    context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    SSLSocket socket = (SSLSocket) server.accept();
                    Thread.ofVirtual().start(() -> {
                        try (socket;
                                OutputStream out = socket.getOutputStream();
                                InputStream in = socket.getInputStream()) {
                            socket.startHandshake();
                            out.write(1);
                            out.flush();
                            in.read(); // until the client closes
                        } catch (IOException ignored) {
                            // a client gone: its failure is counted on the client's side
                        }
                    });
                } catch (IOException closed) {
                    return;
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** Like the gateway: any client certificate chain is accepted in the handshake (which still proves the key). */
    private static final class AnyClient implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
