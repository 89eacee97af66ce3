package io.iotdm.aws.protocol;

/** The ARNs of AWS IoT resources in one region and account: {@code arn:aws:iot:<region>:<account>:<type>/<id>}. */
public record Arns(String region, String account) {

    public static final Arns DEFAULT = new Arns("us-east-1", "123456789012");

    public String thing(String thingName) {
        return arn("thing", thingName);
    }

    public String thingType(String thingTypeName) {
        return arn("thingtype", thingTypeName);
    }

    public String thingGroup(String thingGroupName) {
        return arn("thinggroup", thingGroupName);
    }

    public String billingGroup(String billingGroupName) {
        return arn("billinggroup", billingGroupName);
    }

    public String certificate(String certificateId) {
        return arn("cert", certificateId);
    }

    public String caCertificate(String certificateId) {
        return arn("cacert", certificateId);
    }

    public String policy(String policyName) {
        return arn("policy", policyName);
    }

    public String job(String jobId) {
        return arn("job", jobId);
    }

    public String jobTemplate(String jobTemplateId) {
        return arn("jobtemplate", jobTemplateId);
    }

    public String provisioningTemplate(String templateName) {
        return arn("provisioningtemplate", templateName);
    }

    /** @param indexName {@code AWS_Things} or {@code AWS_ThingGroups} */
    public String index(String indexName) {
        return arn("index", indexName);
    }

    private String arn(String resourceType, String id) {
        return "arn:aws:iot:" + region + ":" + account + ":" + resourceType + "/" + id;
    }
}
