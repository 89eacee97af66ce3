package io.iotdm.provisioning.certificate;

import io.iotdm.provisioning.ProvisioningConfig;
import io.iotdm.provisioning.store.IssuingCaRepository;
import io.iotdm.provisioning.store.IssuingCaRepository.StoredIssuingCa;
import io.iotdm.x509.IssuingCa;
import io.iotdm.x509.SealedKey;
import io.iotdm.x509.SealedKeyException;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.jboss.logging.Logger;

/**
 * iotdm's issuing CA (docs/aws-behaviour.md §6.1), ready before the service serves: loaded from PostgreSQL, or made
 * and stored on the very first start. A service without the secret that seals its key, or with another secret than
 * the one it was sealed with, does not start. Nothing here logs or throws key material: only the CA's id.
 */
@Singleton
public class IssuingCaStartup {

    /** The subject of the CA iotdm makes; devices and the gateway find it by its key identifiers, not its name. */
    static final X500Principal SUBJECT = new X500Principal("CN=iotdm Device CA, O=iotdm");

    private static final Logger LOG = Logger.getLogger(IssuingCaStartup.class);

    @Produces
    @Singleton
    @Startup
    IssuingCa issuingCa(ProvisioningConfig config, IssuingCaRepository repository) {
        char[] secret = secret(config.caKeySecret(), config.caKeySecretFile());
        try {
            return loadOrCreate(repository, config.caKeyAlgorithm(), secret, Clock.systemUTC());
        } catch (SQLException e) {
            throw new IllegalStateException("the issuing CA cannot be read or stored: " + e.getMessage(), e);
        } catch (SealedKeyException e) {
            throw new IllegalStateException(
                    "the stored issuing CA cannot be opened (is iotdm.provisioning.ca-key-secret the secret it was"
                            + " sealed with?): " + e.getMessage(),
                    e);
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    /**
     * The stored CA, or a new one stored now. Two instances starting at once may both make one: the row admits one
     * insert, and the loser loads the winner's.
     */
    static IssuingCa loadOrCreate(
            IssuingCaRepository repository, IssuingCa.KeyAlgorithm algorithm, char[] secret, Clock clock)
            throws SQLException {
        var stored = repository.find();
        if (stored.isEmpty()) {
            IssuingCa made = IssuingCa.create(SUBJECT, algorithm, clock.instant());
            StoredIssuingCa row = new StoredIssuingCa(
                    made.certificate().certificateId(), made.certificate().pem(), made.sealedKey(secret));
            if (repository.insertIfNone(row, clock.instant())) {
                LOG.infof("issuing CA %s created (%s)", row.caCertificateId(), algorithm);
                return made;
            }
            stored = repository.find();
        }
        StoredIssuingCa row = stored.orElseThrow(() -> new IllegalStateException("the issuing CA's row vanished"));
        IssuingCa loaded = IssuingCa.load(row.certificatePem(), row.sealedKey(), secret);
        LOG.infof("issuing CA %s loaded", row.caCertificateId());
        return loaded;
    }

    /** As the internal secret (platform/service-auth InternalSignatures): the value or a mounted file, not both. */
    public static char[] secret(Optional<String> value, Optional<Path> file) {
        if (value.isPresent() && file.isPresent()) {
            throw new IllegalStateException(
                    "Both iotdm.provisioning.ca-key-secret and iotdm.provisioning.ca-key-secret-file are set: set one"
                            + " of them");
        }
        String secret = file.map(mounted -> {
                    try {
                        return Files.readString(mounted, StandardCharsets.UTF_8).strip();
                    } catch (IOException e) {
                        throw new UncheckedIOException(
                                "iotdm.provisioning.ca-key-secret-file " + mounted + " cannot be read", e);
                    }
                })
                .or(() -> value)
                .orElseThrow(() -> new IllegalStateException(
                        "No issuing CA secret: set iotdm.provisioning.ca-key-secret (or mount a file and name it in"
                                + " iotdm.provisioning.ca-key-secret-file) to a secret of at least "
                                + SealedKey.MIN_SECRET_LENGTH
                                + " characters; it seals the CA's private key in PostgreSQL, so keep it for as long"
                                + " as the database"));
        if (secret.length() < SealedKey.MIN_SECRET_LENGTH) {
            throw new IllegalStateException("iotdm.provisioning.ca-key-secret has " + secret.length()
                    + " characters; it needs at least " + SealedKey.MIN_SECRET_LENGTH);
        }
        return secret.toCharArray();
    }
}
