package io.iotdm.provisioning.store;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * The row of iotdm's issuing CA (db/migration V4). It is read once, at start, before the service serves anything: so
 * through JDBC (the pool Flyway uses), with no event loop to keep free.
 */
@ApplicationScoped
public class IssuingCaRepository {

    /** The CA as stored: its certificate and its private key sealed with platform/x509's {@code SealedKey}. */
    public record StoredIssuingCa(String caCertificateId, String certificatePem, String sealedKey) {

        /** Never the sealed key: a log line or an exception must not carry it. */
        @Override
        public String toString() {
            return "StoredIssuingCa[" + caCertificateId + "]";
        }
    }

    private final AgroalDataSource dataSource;

    IssuingCaRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<StoredIssuingCa> find() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT ca_certificate_id, certificate_pem, sealed_key FROM issuing_ca");
                ResultSet row = select.executeQuery()) {
            return row.next()
                    ? Optional.of(new StoredIssuingCa(row.getString(1), row.getString(2), row.getString(3)))
                    : Optional.empty();
        }
    }

    /** @return whether it was stored: {@code false} when a CA was stored already (by another instance, say) */
    public boolean insertIfNone(StoredIssuingCa ca, Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO issuing_ca (ca_certificate_id, certificate_pem, sealed_key, creation_date)"
                                + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, ca.caCertificateId());
            insert.setString(2, ca.certificatePem());
            insert.setString(3, ca.sealedKey());
            insert.setTimestamp(4, Timestamp.from(now));
            return insert.executeUpdate() > 0;
        }
    }
}
