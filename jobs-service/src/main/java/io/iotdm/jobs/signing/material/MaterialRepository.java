package io.iotdm.jobs.signing.material;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The {@code signing_material} table: a certificate and its sealed private key per certificate ARN. */
@Singleton
class MaterialRepository {

    /** A row as stored: the key still sealed. */
    record Stored(String certificatePem, String sealedPrivateKey) {
        @Override
        public String toString() {
            return "Stored[sealed]";
        }
    }

    private final Pool pool;

    MaterialRepository(Pool pool) {
        this.pool = pool;
    }

    /** @return the stored material, or {@code null} */
    Uni<Stored> find(String certificateArn) {
        return pool.preparedQuery(
                        "SELECT certificate_pem, sealed_private_key FROM signing_material WHERE certificate_arn = $1")
                .execute(Tuple.of(certificateArn))
                .map(rows -> {
                    RowIterator<Row> found = rows.iterator();
                    if (!found.hasNext()) {
                        return null;
                    }
                    Row row = found.next();
                    return new Stored(row.getString("certificate_pem"), row.getString("sealed_private_key"));
                });
    }

    /** @return whether this call stored it (false: another call made material for the ARN first) */
    Uni<Boolean> insertIfAbsent(String certificateArn, Stored material, Instant now) {
        return pool.preparedQuery("INSERT INTO signing_material (certificate_arn, certificate_pem, sealed_private_key,"
                        + " created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (certificate_arn) DO NOTHING")
                .execute(Tuple.of(
                        certificateArn,
                        material.certificatePem(),
                        material.sealedPrivateKey(),
                        OffsetDateTime.ofInstant(now, ZoneOffset.UTC)))
                .map(rows -> rows.rowCount() == 1);
    }
}
