package io.iotdm.jobs.signing.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.jobs.signing.SignerArns;
import io.iotdm.jobs.signing.SignerErrors;
import io.iotdm.jobs.signing.material.SigningMaterials;
import io.iotdm.jobs.signing.platform.SigningPlatform;
import io.iotdm.jobs.signing.platform.SigningPlatforms;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The life of a signing profile (docs/aws-behaviour.md §10.3): each PutSigningProfile that changes a setting makes a new
 * version; CancelSigningProfile and RevokeSigningProfile end it for good, and only an Active profile signs.
 */
@Singleton
public class SigningProfiles {

    private static final String VERSION_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int VERSION_LENGTH = 10; // ProfileVersion: ^[a-zA-Z0-9]{10}$
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Beyond this, {@code value} in days, months or years overflows a date before the expiry is computed. */
    private static final int MAX_VALIDITY_YEARS = 8000 * 366;

    private static final Instant LATEST_EXPIRY = Instant.parse("9999-12-31T23:59:59Z");
    /** Profiles {@link #remembered} keeps; past this many it starts again empty (a profile is a few hundred bytes). */
    private static final int MAX_REMEMBERED = 10_000;

    private final Pool pool;
    private final ProfileRepository profiles;
    private final SigningPlatforms platforms;
    private final SigningMaterials materials;
    private final SignerErrors errors;
    private final SignerArns arns;
    private final Clock clock;
    /** Active profiles as this instance last read them, by name: what {@link #remembered} answers. */
    private final Map<String, SigningProfile> active = new ConcurrentHashMap<>();

    SigningProfiles(
            Pool pool,
            ProfileRepository profiles,
            SigningPlatforms platforms,
            SigningMaterials materials,
            SignerErrors errors,
            Arns arns,
            Clock clock) {
        this.pool = pool;
        this.profiles = profiles;
        this.platforms = platforms;
        this.materials = materials;
        this.errors = errors;
        this.arns = SignerArns.of(arns);
        this.clock = clock;
    }

    SignerArns arns() {
        return arns;
    }

    /** The settings of a PutSigningProfile, checked against the platform; its material made on first use. */
    Uni<SigningProfile> put(
            String profileName,
            String platformId,
            JsonNode signingMaterial,
            JsonNode validityPeriod,
            JsonNode overrides,
            JsonNode signingParameters,
            JsonNode tags) {
        SigningPlatform platform = platforms.get(platformId);
        if (signingMaterial.isMissingNode()) {
            throw errors.validation("signingMaterial is required for platform " + platformId);
        }
        checkOverrides(platform, overrides);
        String certificateArn = signingMaterial.path("certificateArn").asText();
        SigningProfile asked = new SigningProfile(
                profileName,
                newVersion(),
                ProfileStatus.Active,
                platformId,
                certificateArn,
                validity(validityPeriod),
                object(overrides),
                object(signingParameters),
                object(tags),
                clock.instant(),
                null);
        return materials.ensure(certificateArn).chain(() -> pool.withTransaction(
                        transaction -> profiles.find(transaction, profileName, true)
                                .chain(current -> {
                                    if (current == null) {
                                        return profiles.save(transaction, asked).replaceWith(asked);
                                    }
                                    if (current.status() != ProfileStatus.Active) {
                                        throw errors.validation("A signing profile named " + profileName + " was "
                                                + current.status().name().toLowerCase(Locale.ROOT)
                                                + "; its name cannot be used again");
                                    }
                                    if (current.sameSettings(asked)) {
                                        return Uni.createFrom().item(current);
                                    }
                                    return profiles.save(transaction, asked).replaceWith(asked);
                                }))
                .invoke(saved -> active.remove(profileName)));
    }

    /** @throws io.iotdm.aws.protocol.AwsServiceException ResourceNotFoundException */
    Uni<SigningProfile> get(String profileName) {
        return profiles.find(pool, profileName, false).map(profile -> {
            if (profile == null) {
                throw notFound(profileName);
            }
            return profile;
        });
    }

    /** The profile's status, {@code null} when there is no such profile. */
    public Uni<ProfileStatus> status(String profileName) {
        return profiles.find(pool, profileName, false).map(profile -> profile == null ? null : profile.status());
    }

    Uni<List<SigningProfile>> list(ProfileRepository.Filter filter, String afterName, int limit) {
        return profiles.list(pool, filter, afterName, limit);
    }

    SigningPlatform platform(SigningProfile profile) {
        return platforms.get(profile.platformId());
    }

    /** Ends an Active profile; a profile already canceled or revoked stays as it is. */
    Uni<Void> cancel(String profileName) {
        return pool.withTransaction(transaction -> profiles.find(transaction, profileName, true)
                        .chain(profile -> {
                            if (profile == null) {
                                throw notFound(profileName);
                            }
                            if (profile.status() != ProfileStatus.Active) {
                                return Uni.createFrom().voidItem();
                            }
                            return profiles.save(transaction, withStatus(profile, ProfileStatus.Canceled, null));
                        }))
                .invoke(() -> active.remove(profileName));
    }

    /** Revokes the profile's current version: it signs no more, and the record says since when and why. */
    Uni<Void> revoke(String profileName, String profileVersion, String reason, Instant effectiveTime) {
        return pool.withTransaction(transaction -> profiles.find(transaction, profileName, true)
                        .chain(profile -> {
                            if (profile == null) {
                                throw notFound(profileName);
                            }
                            if (profile.status() == ProfileStatus.Revoked) {
                                throw errors.validation("The signing profile " + profileName + " is already revoked");
                            }
                            if (!profile.profileVersion().equals(profileVersion)) {
                                throw errors.validation("The signing profile " + profileName + " has no version "
                                        + profileVersion + "; its version is " + profile.profileVersion());
                            }
                            SigningProfile.Revocation revocation = new SigningProfile.Revocation(
                                    effectiveTime, clock.instant(), arns.caller(), reason);
                            return profiles.save(transaction, withStatus(profile, ProfileStatus.Revoked, revocation));
                        }))
                .invoke(() -> active.remove(profileName));
    }

    /**
     * The profile a signing job or SignPayload signs with.
     *
     * @throws io.iotdm.aws.protocol.AwsServiceException ResourceNotFoundException for no such profile,
     *     ValidationException for a canceled or revoked one
     */
    public Uni<SigningProfile> forSigning(String profileName) {
        return get(profileName).map(profile -> {
            if (profile.status() != ProfileStatus.Active) {
                throw errors.validation("The signing profile " + profileName + " is " + profile.status()
                        + " and cannot be used for signing");
            }
            return profile;
        });
    }

    /**
     * The profile SignPayload signs with, from memory when this instance has read it Active before: no read of the
     * database per signature. What it answers may be stale (another instance may have canceled, revoked or changed
     * it since), so the caller must write its job only if the profile is still Active at this version, and
     * {@link #forget} it otherwise (docs/aws-behaviour.md §10.4). This instance's own Put, Cancel and Revoke forget it
     * when they commit.
     *
     * @throws io.iotdm.aws.protocol.AwsServiceException as {@link #forSigning}
     */
    public Uni<SigningProfile> remembered(String profileName) {
        SigningProfile known = active.get(profileName);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return forSigning(profileName).invoke(read -> {
            if (active.size() >= MAX_REMEMBERED) {
                active.clear();
            }
            active.put(profileName, read);
        });
    }

    /** Drops {@code profile} from memory, unless a newer read replaced it already. */
    public void forget(SigningProfile profile) {
        active.remove(profile.profileName(), profile);
    }

    private static SigningProfile withStatus(
            SigningProfile profile, ProfileStatus status, SigningProfile.Revocation revocation) {
        return new SigningProfile(
                profile.profileName(),
                profile.profileVersion(),
                status,
                profile.platformId(),
                profile.certificateArn(),
                profile.validity(),
                profile.overrides(),
                profile.signingParameters(),
                profile.tags(),
                profile.createdAt(),
                revocation);
    }

    private AwsServiceException notFound(String profileName) {
        return errors.notFound("Signing profile " + profileName + " does not exist");
    }

    /** Overrides may only choose what the platform offers (each iotdm platform offers one of each). */
    private void checkOverrides(SigningPlatform platform, JsonNode overrides) {
        JsonNode configuration = overrides.path("signingConfiguration");
        check(
                platform,
                "encryptionAlgorithm",
                configuration.path("encryptionAlgorithm"),
                platform.encryptionAlgorithm());
        check(platform, "hashAlgorithm", configuration.path("hashAlgorithm"), platform.hashAlgorithm());
        check(platform, "signingImageFormat", overrides.path("signingImageFormat"), platform.imageFormat());
    }

    private void check(SigningPlatform platform, String member, JsonNode value, String offered) {
        if (!value.isMissingNode() && !value.asText().equals(offered)) {
            throw errors.validation("overrides " + member + " " + value.asText() + " is not supported by platform "
                    + platform.platformId() + "; it supports " + offered);
        }
    }

    private SigningProfile.ValidityPeriod validity(JsonNode period) {
        if (period.isMissingNode()) {
            return SigningProfile.ValidityPeriod.DEFAULT;
        }
        JsonNode value = period.path("value");
        JsonNode type = period.path("type");
        if (value.isMissingNode() || type.isMissingNode()) {
            throw errors.validation("signatureValidityPeriod needs both value and type");
        }
        if (value.asInt() < 1) {
            throw errors.validation("signatureValidityPeriod value must be at least 1; it is " + value.asInt());
        }
        SigningProfile.ValidityPeriod validity = new SigningProfile.ValidityPeriod(value.asInt(), type.asText());
        // a signature's expiry is a timestamp: it must be one iotdm can answer (the years 1 to 9999)
        if (value.asInt() > MAX_VALIDITY_YEARS
                || validity.expiry(clock.instant()).isAfter(LATEST_EXPIRY)) {
            throw errors.validation("signatureValidityPeriod " + value.asInt() + " " + type.asText()
                    + " is too long: signatures must expire before the year 10000");
        }
        return validity;
    }

    private static ObjectNode object(JsonNode member) {
        return member instanceof ObjectNode object ? object : null;
    }

    private static String newVersion() {
        StringBuilder version = new StringBuilder(VERSION_LENGTH);
        for (int i = 0; i < VERSION_LENGTH; i++) {
            version.append(VERSION_CHARACTERS.charAt(RANDOM.nextInt(VERSION_CHARACTERS.length())));
        }
        return version.toString();
    }
}
