package io.iotdm.jobs.store;

/**
 * The messages of ResourceNotFoundException for jobs and executions, the same on the control plane and the device API
 * (docs/aws-behaviour.md §5.6).
 */
public final class Missing {

    private Missing() {}

    public static String job(String jobId) {
        return "Job " + jobId + " does not exist.";
    }

    /** AWS's text is [silent] as for jobs (docs/aws-behaviour.md §5.14). */
    public static String jobTemplate(String jobTemplateId) {
        return "Job template " + jobTemplateId + " does not exist.";
    }

    public static String execution(String jobId, String thingName) {
        return "Job execution of job " + jobId + " for thing " + thingName + " does not exist.";
    }
}
