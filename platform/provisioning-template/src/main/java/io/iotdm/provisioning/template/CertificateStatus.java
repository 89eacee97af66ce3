package io.iotdm.provisioning.template;

/** The statuses a template may give its certificate (ACTIVE when it says none). */
public enum CertificateStatus {
    ACTIVE,
    INACTIVE
}
