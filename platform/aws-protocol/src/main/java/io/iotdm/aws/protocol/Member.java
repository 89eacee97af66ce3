package io.iotdm.aws.protocol;

/**
 * A member of a structure shape and where it travels in the HTTP request.
 *
 * @param name the member name, as the models and the input {@code ObjectNode} spell it
 * @param shape the name of the member's shape
 * @param location where the member travels
 * @param locationName the URI label, query parameter or header name; {@code null} for body members
 */
public record Member(String name, String shape, Location location, String locationName) {

    /** Where a member travels in a REST-JSON request, as botocore's {@code location} says. */
    public enum Location {
        BODY,
        URI,
        QUERYSTRING,
        HEADER,
        HEADERS,
        STATUS_CODE;

        static Location of(String modelName) {
            return switch (modelName) {
                case "uri" -> URI;
                case "querystring" -> QUERYSTRING;
                case "header" -> HEADER;
                case "headers" -> HEADERS;
                case "statusCode" -> STATUS_CODE;
                default -> throw new IllegalArgumentException("Unknown member location: " + modelName);
            };
        }
    }

    /** The key of this member in a JSON body: botocore serializes a body member under its locationName if it has one. */
    public String jsonName() {
        return location == Location.BODY && locationName != null ? locationName : name;
    }
}
