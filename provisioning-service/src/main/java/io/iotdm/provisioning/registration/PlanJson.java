package io.iotdm.provisioning.registration;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.iotdm.provisioning.template.ProvisioningPlan;
import io.iotdm.provisioning.template.ProvisioningPlan.CertificateSource;
import java.util.Map;
import java.util.TreeMap;

/** A registration's plan and resource ARNs as its row keeps them: JSON, read back by a resumed run. */
final class PlanJson {

    /** The certificate source's form names the record, as the template's property does. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "form")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = CertificateSource.ById.class, name = "CertificateId"),
        @JsonSubTypes.Type(value = CertificateSource.FromCsr.class, name = "CertificateSigningRequest"),
        @JsonSubTypes.Type(value = CertificateSource.FromPem.class, name = "CertificatePem")
    })
    private interface CertificateSourceForm {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new Jdk8Module())
            // ProvisioningPlan.thingName() is derived, written but not a constructor parameter
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .addMixIn(CertificateSource.class, CertificateSourceForm.class);

    private static final TypeReference<TreeMap<String, String>> ARNS = new TypeReference<>() {};

    private PlanJson() {}

    static String write(ProvisioningPlan plan) {
        return write((Object) plan);
    }

    static ProvisioningPlan plan(String json) {
        return read(json, JSON.constructType(ProvisioningPlan.class));
    }

    static String writeArns(Map<String, String> arns) {
        return write(new TreeMap<>(arns));
    }

    static Map<String, String> arns(String json) {
        return read(json, JSON.getTypeFactory().constructType(ARNS));
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a plan is records of strings, lists and maps", e);
        }
    }

    private static <T> T read(String json, com.fasterxml.jackson.databind.JavaType type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a registration row holds what PlanJson wrote", e);
        }
    }
}
