package io.iotdm.aws.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AWS service models iotdm speaks, vendored from {@code shared/aws-models/contract}, with the owning iotdm service
 * of each operation from {@code api-scope.json}.
 */
public final class AwsModel {

    private static final List<String> SERVICE_NAMES = List.of("iot", "iot-data", "iot-jobs-data", "signer");
    private static final String RESOURCES = "/aws-models/";

    private final Map<String, ServiceModel> services;

    AwsModel(Collection<ServiceModel> services) {
        Map<String, ServiceModel> byName = new LinkedHashMap<>();
        services.forEach(service -> byName.put(service.name(), service));
        this.services = Collections.unmodifiableMap(byName);
    }

    /** Reads the models from the classpath: half a megabyte of JSON, so load once per process and share it. */
    public static AwsModel load() {
        JsonMapper json = new JsonMapper();
        Map<String, Map<String, String>> owners = owners(read(json, "api-scope.json"));
        return new AwsModel(SERVICE_NAMES.stream()
                .map(name -> ModelReader.read(
                        name, read(json, name + ".service-2.json"), owners.getOrDefault(name, Map.of())))
                .toList());
    }

    /** @param name {@code iot}, {@code iot-data}, {@code iot-jobs-data} or {@code signer} */
    public ServiceModel service(String name) {
        ServiceModel service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException("No service model " + name + "; there are " + services.keySet());
        }
        return service;
    }

    public Collection<ServiceModel> services() {
        return services.values();
    }

    /** api-scope.json maps iotdm service → model → operations; this turns it into model → operation → owner. */
    private static Map<String, Map<String, String>> owners(JsonNode scope) {
        Map<String, Map<String, String>> owners = new HashMap<>();
        scope.properties().forEach(owner -> owner.getValue().properties().forEach(model -> model.getValue()
                .forEach(operation -> owners.computeIfAbsent(model.getKey(), key -> new HashMap<>())
                        .put(operation.asText(), owner.getKey()))));
        return owners;
    }

    private static JsonNode read(JsonMapper json, String resource) {
        try (InputStream in = AwsModel.class.getResourceAsStream(RESOURCES + resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + RESOURCES + resource);
            }
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
