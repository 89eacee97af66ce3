package io.iotdm.aws.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Locale;

/**
 * Reads the JSON body of a REST-JSON request: a JSON object, or nothing. A body that is not one answers
 * SerializationException with what is wrong and where, because a client cannot fix what it is not told.
 */
public final class RequestBodies {

    /**
     * The deepest input of the models nests 10 levels (iot's ReplaceTopicRule), so a deeper body is no operation's
     * input; Jackson's own limit (1,000) would let every recursive walk of the tree (the validator's copy, a handler's
     * rendering) go 1,000 frames deep for a body of brackets.
     */
    static final int MAX_DEPTH = 32;

    private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private RequestBodies() {}

    /**
     * @return the body's members; an empty object for an empty or blank body
     * @throws AwsServiceException SerializationException when the body is not one JSON object
     */
    public static ObjectNode read(byte[] body) {
        if (body.length == 0) {
            return JSON.createObjectNode();
        }
        JsonNode parsed;
        try {
            parsed = JSON.readTree(body);
        } catch (JsonProcessingException malformed) {
            throw ProtocolErrors.malformedJson(problem(malformed));
        } catch (IOException unreadable) {
            // Jackson reads a byte array without I/O; what else it throws is a text it cannot decode (UTF-32 guesses)
            throw ProtocolErrors.malformedJson("The request body is not JSON text in UTF-8");
        }
        if (parsed instanceof ObjectNode object) {
            return object;
        }
        if (parsed == null || parsed.isMissingNode()) {
            return JSON.createObjectNode(); // whitespace only
        }
        throw ProtocolErrors.malformedJson("The request body must be a JSON object, not "
                + parsed.getNodeType().name().toLowerCase(Locale.ROOT) + " " + abbreviated(parsed.toString()));
    }

    /** Jackson's own text where it speaks of the input alone; its texts that name its configuration are rewritten. */
    private static String problem(JsonProcessingException malformed) {
        String where = where(malformed.getLocation());
        if (malformed instanceof StreamConstraintsException) {
            return malformed.getOriginalMessage().startsWith("Document nesting depth")
                    ? "The request body nests JSON arrays and objects deeper than " + MAX_DEPTH + " levels" + where
                    : "The request body has a JSON number or string longer than allowed" + where;
        }
        if (malformed instanceof JsonEOFException) {
            return "The request body ends before its JSON object is complete" + where;
        }
        if (malformed instanceof MismatchedInputException
                && malformed.getOriginalMessage().startsWith("Trailing token")) {
            return "The request body has more after its JSON object" + where;
        }
        return "The request body is not valid JSON: " + malformed.getOriginalMessage() + where;
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1
                ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String abbreviated(String json) {
        return json.length() <= 64 ? json : json.substring(0, 64) + "...";
    }
}
