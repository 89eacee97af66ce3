package io.iotdm.aws.protocol;

import java.util.Collection;
import java.util.Map;

/** One AWS service model ({@code service-2.json}): its shapes and operations. */
public final class ServiceModel {

    private final String name;
    private final String signingName;
    private final Map<String, Shape> shapes;
    private final Map<String, Operation> operations;

    ServiceModel(String name, String signingName, Map<String, Shape> shapes, Map<String, Operation> operations) {
        this.name = name;
        this.signingName = signingName;
        this.shapes = Map.copyOf(shapes);
        this.operations = Map.copyOf(operations);
    }

    /** The model's name: {@code iot}, {@code iot-data}, {@code iot-jobs-data} or {@code signer}. */
    public String name() {
        return name;
    }

    /** The service name of the SigV4 credential scope that SDKs sign with, for example {@code iotdata}. */
    public String signingName() {
        return signingName;
    }

    public Shape shape(String shapeName) {
        return find(shapes, shapeName, "shape");
    }

    public Operation operation(String operationName) {
        return find(operations, operationName, "operation");
    }

    public Collection<Operation> operations() {
        return operations.values();
    }

    /** The error code of one of this model's error shapes, with the status and members the model declares. */
    public AwsErrorCode errorCode(String shapeName) {
        return AwsErrorCode.of(shape(shapeName));
    }

    private <T> T find(Map<String, T> map, String key, String kind) {
        T value = map.get(key);
        if (value == null) {
            throw new IllegalArgumentException("No " + kind + " " + key + " in " + name);
        }
        return value;
    }
}
