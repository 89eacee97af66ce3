package io.iotdm.provisioning.ca;

import static io.iotdm.provisioning.ca.CaCalls.body;
import static io.iotdm.provisioning.ca.CaCalls.certificateBody;
import static io.iotdm.provisioning.ca.CaCalls.register;
import static io.iotdm.provisioning.ca.CaCalls.registerCertificate;
import static io.iotdm.provisioning.ca.CaCalls.registrationCode;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.iotdm.provisioning.ProvisioningTestResource;
import io.iotdm.provisioning.TestPki;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AWS's documented flow, with {@code openssl} as its guide runs it: a CA key and self-signed certificate, a
 * verification certificate whose CN is the registration code signed by that CA, RegisterCACertificate, then a device
 * certificate the CA signed and RegisterCertificate.
 */
@QuarkusTest
@ProvisioningTestResource
class OpensslCaFlowTest {

    private static final Path OPENSSL = Path.of("/usr/bin/openssl");

    @Test
    void aCaAndItsVerificationCertificateMadeWithOpensslAreRegistered(@TempDir Path directory) throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(OPENSSL), "openssl is not installed");
        String code = registrationCode();
        openssl(directory, "genrsa", "-out", "rootCA.key", "2048");
        openssl(
                directory,
                "req",
                "-x509",
                "-new",
                "-nodes",
                "-key",
                "rootCA.key",
                "-sha256",
                "-days",
                "1024",
                "-out",
                "rootCA.pem",
                "-subj",
                "/CN=openssl root " + UUID.randomUUID());
        openssl(directory, "genrsa", "-out", "verificationCert.key", "2048");
        openssl(
                directory,
                "req",
                "-new",
                "-key",
                "verificationCert.key",
                "-out",
                "verificationCert.csr",
                "-subj",
                "/CN=" + code);
        openssl(
                directory,
                "x509",
                "-req",
                "-in",
                "verificationCert.csr",
                "-CA",
                "rootCA.pem",
                "-CAkey",
                "rootCA.key",
                "-CAcreateserial",
                "-out",
                "verificationCert.pem",
                "-days",
                "500",
                "-sha256");
        String caPem = Files.readString(directory.resolve("rootCA.pem"));
        String caId = TestPki.certificateId(caPem);

        register(
                        body(caPem)
                                .put(
                                        "verificationCertificate",
                                        Files.readString(directory.resolve("verificationCert.pem"))),
                        "setAsActive=true&allowAutoRegistration=true")
                .statusCode(200)
                .body("certificateId", equalTo(caId));

        openssl(directory, "genrsa", "-out", "device.key", "2048");
        openssl(directory, "req", "-new", "-key", "device.key", "-out", "device.csr", "-subj", "/CN=thermostat");
        openssl(
                directory,
                "x509",
                "-req",
                "-in",
                "device.csr",
                "-CA",
                "rootCA.pem",
                "-CAkey",
                "rootCA.key",
                "-CAcreateserial",
                "-out",
                "device.pem",
                "-days",
                "500",
                "-sha256");
        String devicePem = Files.readString(directory.resolve("device.pem"));
        String deviceId = registerCertificate(certificateBody(devicePem).put("caCertificatePem", caPem), "")
                .statusCode(200)
                .extract()
                .path("certificateId");
        assertThat(deviceId).isEqualTo(TestPki.certificateId(devicePem));
        given().get("/certificates-by-ca/" + caId)
                .then()
                .statusCode(200)
                .body("certificates.certificateId", equalTo(List.of(deviceId)));
    }

    private static void openssl(Path directory, String... arguments) {
        List<String> command = new ArrayList<>(List.of(OPENSSL.toString()));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue())
                    .as("openssl %s: %s", command, output)
                    .isZero();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
