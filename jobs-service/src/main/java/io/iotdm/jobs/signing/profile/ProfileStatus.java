package io.iotdm.jobs.signing.profile;

/** SigningProfileStatus, spelt as the model spells it. */
public enum ProfileStatus {
    Active,
    Canceled,
    Revoked
}
