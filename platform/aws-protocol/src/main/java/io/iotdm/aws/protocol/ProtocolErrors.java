package io.iotdm.aws.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** The errors of the REST-JSON protocol itself, which no operation of the models declares. */
public final class ProtocolErrors {

    private static final AwsErrorCode SERIALIZATION = AwsErrorCode.protocol("SerializationException", 400);
    private static final AwsErrorCode NOT_FOUND = AwsErrorCode.protocol("ResourceNotFoundException", 404);
    private static final AwsErrorCode INVALID_REQUEST = AwsErrorCode.protocol("InvalidRequestException", 400);
    private static final AwsErrorCode TOO_LARGE = AwsErrorCode.protocol("RequestEntityTooLargeException", 413);

    /**
     * How AWS's JSON deserializer (Coral) names the target type: "STRING_VALUE can not be converted to a Long"
     * (CloudWatch Logs, aws/aws-sdk-js-v3#4080), "... to a Boolean", "... to an String" (observed as is).
     */
    private static final Map<Shape.Type, String> TYPE_NAMES = Map.ofEntries(
            Map.entry(Shape.Type.STRING, "an String"),
            Map.entry(Shape.Type.BOOLEAN, "a Boolean"),
            Map.entry(Shape.Type.INTEGER, "an Integer"),
            Map.entry(Shape.Type.LONG, "a Long"),
            Map.entry(Shape.Type.FLOAT, "a Float"),
            Map.entry(Shape.Type.DOUBLE, "a Double"),
            Map.entry(Shape.Type.TIMESTAMP, "a Date"),
            Map.entry(Shape.Type.BLOB, "a ByteBuffer"),
            Map.entry(Shape.Type.STRUCTURE, "a Structure"),
            Map.entry(Shape.Type.MAP, "a Map"),
            Map.entry(Shape.Type.LIST, "a List"));

    private ProtocolErrors() {}

    /**
     * A body that is not one JSON object. AWS answers SerializationException, at times without a message; iotdm says
     * what is wrong, because a client that reads {@code message} must find a string there.
     */
    static AwsServiceException malformedJson(String problem) {
        return new AwsServiceException(SERIALIZATION, problem);
    }

    /**
     * A method and path that no operation has. AWS IoT answers 404 ResourceNotFoundException "Not Found" for these
     * (observed: aws-amplify/aws-sdk-ios#720, response headers and body of a path the endpoint does not serve;
     * aws/aws-sdk-js#1698 and aws-amplify/aws-sdk-android#2253, control-plane calls sent to the data endpoint).
     */
    public static AwsServiceException unknownOperation() {
        return new AwsServiceException(NOT_FOUND, "Not Found");
    }

    /**
     * A request path or query that is not percent-encoded UTF-8 ({@code %zz}, a cut-off {@code %4}, {@code %C3%28}):
     * it names nothing, and must not reach an operation as a string with replacement characters.
     */
    public static AwsServiceException malformedEncoding(String part) {
        return new AwsServiceException(
                INVALID_REQUEST, "The request URI contains invalid percent-encoding or UTF-8: '" + part + "'");
    }

    /** A body larger than the gateway accepts; iot-data declares RequestEntityTooLargeException (413) for this. */
    public static AwsServiceException requestTooLarge(long maxBytes) {
        return new AwsServiceException(
                TOO_LARGE, "The request body exceeds the maximum size of " + maxBytes + " bytes");
    }

    /** Something a request would write is larger than the service keeps or passes on (RequestEntityTooLarge, 413). */
    public static AwsServiceException tooLarge(String message) {
        return new AwsServiceException(TOO_LARGE, message);
    }

    /** A JSON value, or a URI, query or header string, that cannot be read as the member's type. */
    static AwsServiceException typeMismatch(JsonNode found, Shape.Type expected) {
        String message =
                switch (found.getNodeType()) {
                    case OBJECT -> "Start of structure or map found where not expected";
                    case ARRAY -> "Start of list found where not expected";
                    case NUMBER -> "NUMBER_VALUE can not be converted to " + TYPE_NAMES.get(expected);
                    case BOOLEAN -> "BOOLEAN_VALUE can not be converted to " + TYPE_NAMES.get(expected);
                    default -> "STRING_VALUE can not be converted to " + TYPE_NAMES.get(expected);
                };
        return new AwsServiceException(SERIALIZATION, message);
    }
}
