package io.iotdm.provisioning.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.agroal.api.AgroalDataSource;
import io.iotdm.provisioning.ProvisioningTestResource;
import io.iotdm.provisioning.TestPki;
import io.iotdm.provisioning.store.IssuingCaRepository;
import io.iotdm.provisioning.store.IssuingCaRepository.StoredIssuingCa;
import io.iotdm.testing.InternalTestCalls;
import io.iotdm.x509.IssuingCa;
import io.iotdm.x509.SealedKeyException;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** iotdm's issuing CA in PostgreSQL: made once, the same after a restart, one for instances starting together. */
@QuarkusTest
@ProvisioningTestResource
class IssuingCaTest {

    @Inject
    IssuingCa ca;

    @Inject
    IssuingCaRepository repository;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theStoredCaIsTheOneInUseAndItsKeyIsSealed() throws Exception {
        StoredIssuingCa stored = repository.find().orElseThrow();
        assertThat(stored.caCertificateId()).isEqualTo(ca.certificate().certificateId());
        assertThat(stored.certificatePem()).isEqualTo(ca.certificate().pem());
        assertThat(stored.sealedKey()).startsWith("iotdm-sealed-key:v1:").doesNotContain("PRIVATE KEY");
        assertThat(stored.toString()).doesNotContain(stored.sealedKey());
        assertThat(ca.certificate().isCa()).isTrue();
        assertThat(ca.certificate().subject()).isEqualTo(IssuingCaStartup.SUBJECT);
    }

    @Test
    void aRestartLoadsTheSameCa() throws Exception {
        IssuingCa restarted =
                IssuingCaStartup.loadOrCreate(repository, IssuingCa.KeyAlgorithm.RSA_2048, secret(), Clock.systemUTC());
        assertThat(restarted.certificate().certificateId())
                .isEqualTo(ca.certificate().certificateId());
        // the loaded key signs what the CA's certificate verifies
        var issued = restarted.issue(TestPki.ec().getPublic(), IssuingCa.KEYS_AND_CERTIFICATE_SUBJECT, Instant.now());
        assertThat(issued.isIssuedBy(ca.certificate())).isTrue();
    }

    @Test
    void anotherSecretCannotOpenTheStoredKey() {
        assertThatExceptionOfType(SealedKeyException.class)
                .isThrownBy(() -> IssuingCaStartup.loadOrCreate(
                        repository,
                        IssuingCa.KeyAlgorithm.RSA_2048,
                        "not-the-secret-it-was-sealed-with".toCharArray(),
                        Clock.systemUTC()))
                .withMessageNotContaining("not-the-secret");
    }

    @Test
    void instancesStartingTogetherOnAnEmptyDatabaseEndWithOneCa() throws Exception {
        StoredIssuingCa original = repository.find().orElseThrow();
        execute("DELETE FROM issuing_ca");
        ExecutorService starts = Executors.newFixedThreadPool(2);
        try {
            Callable<IssuingCa> start = () -> IssuingCaStartup.loadOrCreate(
                    repository, IssuingCa.KeyAlgorithm.EC_P256, secret(), Clock.systemUTC());
            List<Future<IssuingCa>> started = starts.invokeAll(List.of(start, start));
            String first = started.get(0).get().certificate().certificateId();
            String second = started.get(1).get().certificate().certificateId();
            assertThat(second).isEqualTo(first);
            assertThat(repository.find().orElseThrow().caCertificateId()).isEqualTo(first);
        } finally {
            starts.shutdown();
            // the service under test keeps the CA it loaded at start: put its row back
            execute("DELETE FROM issuing_ca");
            repository.insertIfNone(original, Instant.now());
        }
        assertThat(repository.find().orElseThrow().caCertificateId())
                .isEqualTo(ca.certificate().certificateId());
    }

    private static char[] secret() {
        return InternalTestCalls.issuingCaSecret().toCharArray();
    }

    private void execute(String sql) throws Exception {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }
}
