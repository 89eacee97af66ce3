package io.iotdm.aws.protocol;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * The HTTP answer of an {@link AwsServiceException} in the REST-JSON protocol. Clients read the error name from
 * {@code x-amzn-ErrorType} first (botocore, the Java SDK v2), so it carries the plain shape name.
 *
 * @param headers the response headers
 * @param body the JSON body: {@code message} and the error's extra members
 */
public record ErrorResponse(int status, Map<String, String> headers, String body) {

    public static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";
    public static final String REQUEST_ID_HEADER = "x-amzn-RequestId";

    private static final JsonMapper JSON = new JsonMapper();

    public ErrorResponse {
        headers = Map.copyOf(headers);
    }

    public static ErrorResponse of(AwsServiceException error, String requestId) {
        ObjectNode body = JSON.createObjectNode().put("message", error.getMessage());
        new TreeMap<>(error.members()).forEach(body::put);
        return new ErrorResponse(
                error.httpStatus(),
                Map.of(
                        ERROR_TYPE_HEADER,
                        error.code().name(),
                        REQUEST_ID_HEADER,
                        requestId,
                        "Content-Type",
                        "application/json"),
                body.toString());
    }
}
