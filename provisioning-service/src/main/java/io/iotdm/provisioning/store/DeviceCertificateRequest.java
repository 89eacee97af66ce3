package io.iotdm.provisioning.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A device's {@code $aws/certificates/create} or {@code create-from-csr} request that made a certificate, under the
 * message id of its publish: the same record again gets this answer and makes no second certificate.
 */
@Entity
@Table(name = "device_certificate_request")
public class DeviceCertificateRequest {

    @Id
    @Column(name = "message_id")
    private String messageId;

    @Column(name = "certificate_id")
    private String certificateId;

    /** The accepted answer, sealed: it may hold the certificate's private key. */
    @Column(name = "sealed_answer")
    private String sealedAnswer;

    @Column(name = "created_at")
    private Instant createdAt;

    /** The certificate the requesting connection authenticated with, or {@code null}: the rate is per claim. */
    @Column(name = "claim_certificate_id")
    private String claimCertificateId;

    protected DeviceCertificateRequest() {}

    public DeviceCertificateRequest(
            String messageId, String certificateId, String sealedAnswer, Instant createdAt, String claimCertificateId) {
        this.messageId = messageId;
        this.certificateId = certificateId;
        this.sealedAnswer = sealedAnswer;
        this.createdAt = createdAt;
        this.claimCertificateId = claimCertificateId;
    }

    public String certificateId() {
        return certificateId;
    }

    public String messageId() {
        return messageId;
    }

    public String sealedAnswer() {
        return sealedAnswer;
    }
}
