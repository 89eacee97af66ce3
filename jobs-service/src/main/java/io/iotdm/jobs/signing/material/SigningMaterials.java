package io.iotdm.jobs.signing.material;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.jobs.JobsConfig;
import io.iotdm.jobs.signing.SignerErrors;
import io.iotdm.x509.Pem;
import io.iotdm.x509.SealedKey;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The code-signing material of each certificate ARN (docs/aws-behaviour.md §10.2). An ARN iotdm does not hold yet gets
 * its material when a profile first names it; the private key is sealed before it is stored and opened at most once per
 * process, then kept in memory. Sealing and opening derive the key-encryption key with PBKDF2 (110–320 ms, platform/x509
 * SealedKey), so both run on a worker thread, never on the event loop. Checks the key-encryption key at start, so that a
 * deployment without one fails at once rather than at its first profile.
 */
@Startup
@Singleton
public class SigningMaterials {

    private static final Logger LOG = Logger.getLogger(SigningMaterials.class);

    /** An ACM certificate ARN, the form AWS Signer takes: {@code arn:aws:acm:<region>:<account>:certificate/<id>}. */
    private static final Pattern CERTIFICATE_ARN =
            Pattern.compile("arn:aws:acm:([a-z0-9-]+):([0-9]{12}):certificate/([A-Za-z0-9-]{1,128})");

    private final MaterialRepository materials;
    private final SignerErrors errors;
    private final Arns arns;
    private final Clock clock;
    private final char[] keyEncryptionKey;
    private final Optional<Path> importDirectory;
    private final Map<String, Uni<SigningMaterial>> opened = new ConcurrentHashMap<>();

    SigningMaterials(MaterialRepository materials, SignerErrors errors, Arns arns, Clock clock, JobsConfig config) {
        this.materials = materials;
        this.errors = errors;
        this.arns = arns;
        this.clock = clock;
        String secret = config.signing().keyEncryptionKey();
        if (secret.length() < SealedKey.MIN_SECRET_LENGTH) {
            throw new IllegalStateException("iotdm.jobs.signing.key-encryption-key has " + secret.length()
                    + " characters; it needs at least " + SealedKey.MIN_SECRET_LENGTH);
        }
        this.keyEncryptionKey = secret.toCharArray();
        this.importDirectory = config.signing().importDirectory();
    }

    /**
     * Makes the material of {@code certificateArn} unless iotdm holds it already.
     *
     * @throws io.iotdm.aws.protocol.AwsServiceException ValidationException for an ARN that is not an ACM certificate
     *     ARN of this endpoint's region and account
     */
    public Uni<Void> ensure(String certificateArn) {
        String certificateId = certificateId(certificateArn);
        return materials.find(certificateArn).chain(stored -> {
            if (stored != null) {
                return Uni.createFrom().voidItem();
            }
            return Uni.createFrom()
                    .item(() -> {
                        CodeSigningCertificates.Made made =
                                CodeSigningCertificates.create(certificateId, clock.instant());
                        String sealed = SealedKey.seal(made.keyPair().getPrivate(), keyEncryptionKey);
                        return new MaterialRepository.Stored(made.certificate().pem(), sealed);
                    })
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .chain(made -> materials.insertIfAbsent(certificateArn, made, clock.instant()))
                    .invoke(inserted -> {
                        if (inserted) {
                            LOG.infof("code-signing material made for %s", certificateArn);
                        }
                    })
                    .replaceWithVoid();
        });
    }

    /**
     * Imports each subdirectory of {@code iotdm.jobs.signing.import-directory} at start (docs/aws-behaviour.md
     * §10.2), before any request: material the database does not hold is sealed and stored; material it holds with
     * the same certificate is left as it is; other material under the same ARN stops the start, since devices trust
     * one certificate per ARN and a silent choice between two would sign with a key they may not trust.
     */
    void importAtStart(@Observes StartupEvent start) {
        if (importDirectory.isEmpty()) {
            return;
        }
        List<Path> directories;
        try (Stream<Path> listed = Files.list(importDirectory.get())) {
            directories = listed.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "iotdm.jobs.signing.import-directory " + importDirectory.get() + " cannot be read", e);
        }
        for (Path directory : directories) {
            ImportedMaterial imported = ImportedMaterial.read(directory);
            String arn =
                    "arn:aws:acm:" + arns.region() + ":" + arns.account() + ":certificate/" + imported.certificateId();
            MaterialRepository.Stored sealed = new MaterialRepository.Stored(
                    imported.certificate().pem(), SealedKey.seal(imported.privateKey(), keyEncryptionKey));
            boolean inserted = materials
                    .insertIfAbsent(arn, sealed, clock.instant())
                    .await()
                    .indefinitely();
            if (inserted) {
                LOG.infof("code-signing material imported for %s", arn);
                continue;
            }
            String held = materials.find(arn).await().indefinitely().certificatePem();
            if (!Pem.certificate("certificate_pem", held)
                    .certificateId()
                    .equals(imported.certificate().certificateId())) {
                throw new IllegalStateException("Code-signing material " + directory + " cannot be imported: iotdm"
                        + " already holds another certificate under " + arn);
            }
        }
    }

    /** The material of a certificate ARN a profile names (so it is stored), opened for signing. */
    public Uni<SigningMaterial> open(String certificateArn) {
        return opened.computeIfAbsent(certificateArn, arn -> materials
                .find(arn)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(stored -> {
                    if (stored == null) {
                        throw new IllegalStateException("no signing material for " + arn + ", which a profile names");
                    }
                    return new SigningMaterial(
                            arn,
                            Pem.certificate("certificate_pem", stored.certificatePem()),
                            SealedKey.open(stored.sealedPrivateKey(), keyEncryptionKey));
                })
                .onFailure()
                .invoke(() -> opened.remove(arn))
                .memoize()
                .indefinitely());
    }

    private String certificateId(String certificateArn) {
        Matcher arn = CERTIFICATE_ARN.matcher(certificateArn);
        if (!arn.matches()) {
            throw errors.validation("signingMaterial.certificateArn " + certificateArn
                    + " is not a certificate ARN: arn:aws:acm:<region>:<account>:certificate/<id>");
        }
        if (!arn.group(1).equals(arns.region()) || !arn.group(2).equals(arns.account())) {
            throw errors.validation("signingMaterial.certificateArn " + certificateArn + " names another region or"
                    + " account than this endpoint's (" + arns.region() + ", " + arns.account() + ")");
        }
        return arn.group(3);
    }
}
