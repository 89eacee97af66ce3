package io.iotdm.jobs.signing;

import io.iotdm.aws.protocol.Arns;

/**
 * The ARNs of AWS Signer's resources in this endpoint's region and account:
 * {@code arn:aws:signer:<region>:<account>:/signing-profiles/<name>} (with {@code /<version>} for a version) and
 * {@code .../signing-jobs/<jobId>}, as AWS spells them (the leading slash included).
 */
public record SignerArns(String region, String account) {

    public static SignerArns of(Arns arns) {
        return new SignerArns(arns.region(), arns.account());
    }

    public String profile(String profileName) {
        return "arn:aws:signer:" + region + ":" + account + ":/signing-profiles/" + profileName;
    }

    public String profileVersion(String profileName, String profileVersion) {
        return profile(profileName) + "/" + profileVersion;
    }

    public String job(String jobId) {
        return "arn:aws:signer:" + region + ":" + account + ":/signing-jobs/" + jobId;
    }

    /** Who called, as {@code requestedBy} and {@code revokedBy} name it: the account's root (the gateway has one). */
    public String caller() {
        return "arn:aws:iam::" + account + ":root";
    }
}
