package io.iotdm.devicegateway.tls;

import io.iotdm.x509.DeviceKeyPair;
import io.iotdm.x509.IotCertificate;
import io.iotdm.x509.IssuingCa;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * The TLS files of the device listener. The server CA lives in {@code <data-dir>/ca}: {@code ca.pem}, the file devices
 * trust, its key sealed ({@code ca-key.sealed}) under a secret of its own ({@code ca-key.secret}); made with Bouncy
 * Castle when absent and kept, or mounted read-only from a secret so that every instance of a deployment presents the
 * same CA. Each start issues a server certificate from it for the names of this start and writes the keystores to
 * {@code <data-dir>/tls} under a new password: {@code server.jks} (key and chain) and {@code devices.jks}, the
 * truststore that holds only {@link AnyClientCertificateTrust#MARKER_ALIAS}. JKS, the format HiveMQ CE reads.
 *
 * @param caFile the CA certificate devices trust (published: README, devstack's {@code mqtt.ca-file})
 */
public record ServerTls(Path caFile, Path keystore, Path truststore, String password) {

    /** Long enough that a gateway that runs for a year keeps working; a restart issues a new one. */
    private static final Duration SERVER_VALIDITY = Duration.ofDays(397);

    private static final X500Principal CA_SUBJECT = new X500Principal("CN=iotdm device gateway CA, O=iotdm");

    /**
     * @param hostNames the names and addresses devices connect to, besides {@code localhost} and {@code 127.0.0.1}
     */
    public static ServerTls prepare(Path dataDir, List<String> hostNames, Instant now) {
        Path caDir = dataDir.resolve("ca");
        Path dir = dataDir.resolve("tls");
        try {
            IssuingCa ca = ca(caDir, now);
            Files.createDirectories(dir);
            String password = newSecret();
            Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1"));
            names.addAll(hostNames);
            DeviceKeyPair keys = DeviceKeyPair.generateRsa2048();
            IotCertificate server = ca.issueServer(keys.publicKey(), List.copyOf(names), SERVER_VALIDITY, now);

            KeyStore serverStore = KeyStore.getInstance("JKS");
            serverStore.load(null, null);
            serverStore.setKeyEntry("server", keys.privateKey(), password.toCharArray(), new Certificate[] {
                server.x509(), ca.certificate().x509()
            });
            Path keystore = dir.resolve("server.jks");
            store(serverStore, keystore, password);

            KeyStore deviceStore = KeyStore.getInstance("JKS");
            deviceStore.load(null, null);
            deviceStore.setCertificateEntry(
                    AnyClientCertificateTrust.MARKER_ALIAS, ca.certificate().x509());
            Path truststore = dir.resolve("devices.jks");
            store(deviceStore, truststore, password);
            return new ServerTls(caDir.resolve("ca.pem").toAbsolutePath(), keystore, truststore, password);
        } catch (IOException e) {
            throw new UncheckedIOException("the device gateway's TLS files in " + dataDir + " cannot be written", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the device gateway's keystores cannot be made", e);
        }
    }

    /** The CA of {@code caDir}, made there first if it has none. */
    private static IssuingCa ca(Path caDir, Instant now) throws IOException {
        Path caFile = caDir.resolve("ca.pem");
        Path sealedKey = caDir.resolve("ca-key.sealed");
        Path secret = caDir.resolve("ca-key.secret");
        if (Files.exists(caFile)) {
            return IssuingCa.load(
                    Files.readString(caFile),
                    Files.readString(sealedKey),
                    Files.readString(secret).strip().toCharArray());
        }
        Files.createDirectories(caDir);
        String newSecret = newSecret();
        IssuingCa ca = IssuingCa.create(CA_SUBJECT, IssuingCa.KeyAlgorithm.RSA_2048, now);
        writePrivate(secret, newSecret);
        writePrivate(sealedKey, ca.sealedKey(newSecret.toCharArray()));
        Files.writeString(caFile, ca.certificate().pem());
        return ca;
    }

    /** Without the password. */
    @Override
    public String toString() {
        return "ServerTls[" + caFile + ", " + keystore + "]";
    }

    private static String newSecret() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** Readable by the gateway's user only. */
    private static void writePrivate(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static void store(KeyStore keyStore, Path file, String password)
            throws IOException, GeneralSecurityException {
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        try (OutputStream out = Files.newOutputStream(temporary)) {
            keyStore.store(out, password.toCharArray());
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
    }
}
