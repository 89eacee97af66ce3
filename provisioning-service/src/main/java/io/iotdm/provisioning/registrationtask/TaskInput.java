package io.iotdm.provisioning.registrationtask;

/** Where a task's input file is: {@code inputFileBucket} and {@code inputFileKey}. */
public record TaskInput(String bucket, String key) {

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
