package io.iotdm.jobs.signing.profile;

import io.iotdm.jobs.signing.SignerJson;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The {@code signing_profile} table. */
@Singleton
class ProfileRepository {

    private static final String COLUMNS = "profile_name, profile_version, status, platform_id, certificate_arn,"
            + " validity_value, validity_type, overrides::text, signing_parameters::text, tags::text, created_at,"
            + " revocation_effective_from, revoked_at, revoked_by, revocation_reason";

    /** ListSigningProfiles' filters: {@code platformId} ({@code null}: any) and the statuses listed. */
    record Filter(String platformId, List<ProfileStatus> statuses) {}

    /** @return the profile, or {@code null}; {@code forUpdate} locks its row for the caller's transaction */
    Uni<SigningProfile> find(SqlClient client, String profileName, boolean forUpdate) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM signing_profile WHERE profile_name = $1"
                        + (forUpdate ? " FOR UPDATE" : ""))
                .execute(Tuple.of(profileName))
                .map(rows -> {
                    RowIterator<Row> found = rows.iterator();
                    return found.hasNext() ? profile(found.next()) : null;
                });
    }

    /** Writes the profile's current version, replacing what the row held. */
    Uni<Void> save(SqlClient client, SigningProfile profile) {
        SigningProfile.Revocation revocation = profile.revocation();
        return client.preparedQuery("INSERT INTO signing_profile (profile_name, profile_version, status, platform_id,"
                        + " certificate_arn, validity_value, validity_type, overrides, signing_parameters, tags,"
                        + " created_at, revocation_effective_from, revoked_at, revoked_by, revocation_reason)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10::jsonb, $11, $12, $13, $14,"
                        + " $15) ON CONFLICT (profile_name) DO UPDATE SET profile_version = EXCLUDED.profile_version,"
                        + " status = EXCLUDED.status, platform_id = EXCLUDED.platform_id,"
                        + " certificate_arn = EXCLUDED.certificate_arn, validity_value = EXCLUDED.validity_value,"
                        + " validity_type = EXCLUDED.validity_type, overrides = EXCLUDED.overrides,"
                        + " signing_parameters = EXCLUDED.signing_parameters, tags = EXCLUDED.tags,"
                        + " created_at = EXCLUDED.created_at,"
                        + " revocation_effective_from = EXCLUDED.revocation_effective_from,"
                        + " revoked_at = EXCLUDED.revoked_at, revoked_by = EXCLUDED.revoked_by,"
                        + " revocation_reason = EXCLUDED.revocation_reason")
                .execute(Tuple.tuple()
                        .addString(profile.profileName())
                        .addString(profile.profileVersion())
                        .addString(profile.status().name())
                        .addString(profile.platformId())
                        .addString(profile.certificateArn())
                        .addInteger(profile.validity().value())
                        .addString(profile.validity().type())
                        .addString(SignerJson.text(profile.overrides()))
                        .addString(SignerJson.text(profile.signingParameters()))
                        .addString(SignerJson.text(profile.tags()))
                        .addOffsetDateTime(utc(profile.createdAt()))
                        .addOffsetDateTime(revocation == null ? null : utc(revocation.effectiveFrom()))
                        .addOffsetDateTime(revocation == null ? null : utc(revocation.revokedAt()))
                        .addString(revocation == null ? null : revocation.revokedBy())
                        .addString(revocation == null ? null : revocation.reason()))
                .replaceWithVoid();
    }

    /** Profiles by name after {@code afterName} ({@code null}: from the first), at most {@code limit}. */
    Uni<List<SigningProfile>> list(SqlClient client, Filter filter, String afterName, int limit) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM signing_profile WHERE status = ANY($1)"
                        + " AND ($2::text IS NULL OR platform_id = $2) AND ($3::text IS NULL OR profile_name > $3)"
                        + " ORDER BY profile_name LIMIT $4")
                .execute(Tuple.of(
                        filter.statuses().stream().map(Enum::name).toArray(String[]::new),
                        filter.platformId(),
                        afterName,
                        limit))
                .map(rows -> {
                    List<SigningProfile> profiles = new ArrayList<>();
                    rows.forEach(row -> profiles.add(profile(row)));
                    return profiles;
                });
    }

    private static SigningProfile profile(Row row) {
        OffsetDateTime revokedAt = row.getOffsetDateTime("revoked_at");
        return new SigningProfile(
                row.getString("profile_name"),
                row.getString("profile_version"),
                ProfileStatus.valueOf(row.getString("status")),
                row.getString("platform_id"),
                row.getString("certificate_arn"),
                new SigningProfile.ValidityPeriod(row.getInteger("validity_value"), row.getString("validity_type")),
                SignerJson.node(row.getString("overrides")),
                SignerJson.node(row.getString("signing_parameters")),
                SignerJson.node(row.getString("tags")),
                row.getOffsetDateTime("created_at").toInstant(),
                revokedAt == null
                        ? null
                        : new SigningProfile.Revocation(
                                row.getOffsetDateTime("revocation_effective_from")
                                        .toInstant(),
                                revokedAt.toInstant(),
                                row.getString("revoked_by"),
                                row.getString("revocation_reason")));
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
