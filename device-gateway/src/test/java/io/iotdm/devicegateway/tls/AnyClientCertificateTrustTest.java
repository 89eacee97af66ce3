package io.iotdm.devicegateway.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotdm.x509.DeviceKeyPair;
import io.iotdm.x509.IssuingCa;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

/**
 * The device listener's trust: any client chain while the authenticator runs, none before (fail closed), and the JDK's
 * PKIX checks for every other truststore of the JVM.
 */
class AnyClientCertificateTrustTest {

    private static final IssuingCa UNKNOWN_CA = IssuingCa.create(
            new X500Principal("CN=a CA nobody registered"), IssuingCa.KeyAlgorithm.EC_P256, Instant.now());

    private static X509Certificate device() {
        return UNKNOWN_CA
                .issue(
                        DeviceKeyPair.generateRsa2048().publicKey(),
                        IssuingCa.KEYS_AND_CERTIFICATE_SUBJECT,
                        Instant.now())
                .x509();
    }

    private static X509TrustManager trustFor(KeyStore store) throws Exception {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(AnyClientCertificateTrust.ALGORITHM);
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new AssertionError("no X509TrustManager");
    }

    @Test
    void theDeviceTruststoreAcceptsAnyClientChainOnlyWhileTheAuthenticatorRuns() throws Exception {
        AtomicBoolean ready = new AtomicBoolean(false);
        AnyClientCertificateTrust.install(ready::get);
        KeyStore devices = KeyStore.getInstance("JKS");
        devices.load(null, null);
        devices.setCertificateEntry(
                AnyClientCertificateTrust.MARKER_ALIAS, UNKNOWN_CA.certificate().x509());
        X509TrustManager trust = trustFor(devices);
        X509Certificate[] chain = {device()};

        assertThatThrownBy(() -> trust.checkClientTrusted(chain, "RSA"))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("authenticator is not running");
        ready.set(true);
        trust.checkClientTrusted(chain, "RSA");
        assertThat(trust.getAcceptedIssuers()).isEmpty();
        assertThatThrownBy(() -> trust.checkClientTrusted(new X509Certificate[0], "RSA"))
                .isInstanceOf(CertificateException.class);
        assertThat(TrustManagerFactory.getDefaultAlgorithm()).isEqualTo(AnyClientCertificateTrust.ALGORITHM);
    }

    @Test
    void everyOtherTruststoreKeepsThePkixChecks() throws Exception {
        AnyClientCertificateTrust.install(() -> true);
        KeyStore other = KeyStore.getInstance("JKS");
        other.load(null, null);
        other.setCertificateEntry(
                "some-ca",
                IssuingCa.create(new X500Principal("CN=another CA"), IssuingCa.KeyAlgorithm.EC_P256, Instant.now())
                        .certificate()
                        .x509());
        X509TrustManager trust = trustFor(other);

        assertThatThrownBy(() -> trust.checkClientTrusted(new X509Certificate[] {device()}, "RSA"))
                .isInstanceOf(CertificateException.class);
        assertThat(trust.getAcceptedIssuers()).hasSize(1);
    }
}
