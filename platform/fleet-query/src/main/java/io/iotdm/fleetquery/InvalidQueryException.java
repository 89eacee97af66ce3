package io.iotdm.fleetquery;

import java.util.Objects;

/**
 * A query string that AWS IoT would reject: the services answer it as the AWS error {@code InvalidQueryException}
 * (HTTP 400) with {@link #getMessage()} as the message.
 *
 * <p>The message follows the one AWS text on record, for an unknown field: {@code Unable to parse query, invalid field
 * name, field name: thingGroupName, query string: thingGroupName:mythinggroup} (awsdocs/aws-iot-docs pull request
 * #30). Syntax errors keep that shape and name the offending token and its position: {@code Unable to parse query,
 * dangling operator, token: AND, position: 2, query string: a AND}. AWS's own wording for syntax errors is not
 * documented anywhere we found, so those texts are ours (unconfirmed).
 */
public class InvalidQueryException extends RuntimeException {

    /** What is wrong with the query; {@link #text()} is the wording used in the message. */
    public enum Reason {
        EMPTY_QUERY("empty query"),
        UNEXPECTED_TOKEN("unexpected token"),
        UNEXPECTED_END("unexpected end of query"),
        DANGLING_OPERATOR("dangling operator"),
        UNBALANCED_PARENTHESES("unbalanced parentheses"),
        EMPTY_GROUP("empty group"),
        STRAY_COLON("stray colon"),
        MISSING_FIELD_VALUE("missing field value"),
        INVALID_FIELD_VALUE("invalid field value"),
        INVALID_FIELD_NAME("invalid field name"),
        MISSING_COMPARISON_VALUE("missing comparison value"),
        INVALID_COMPARISON_VALUE("invalid comparison value"),
        FIELD_REQUIRED("a field name is required"),
        UNTERMINATED_PHRASE("unterminated quoted phrase"),
        EMPTY_PHRASE("empty phrase"),
        UNTERMINATED_RANGE("unterminated range"),
        INVALID_RANGE("invalid range"),
        INVALID_GEO_QUERY("invalid geo query"),
        UNSUPPORTED_CHARACTER("unsupported character"),
        INCOMPLETE_ESCAPE("incomplete escape sequence"),
        UNSUPPORTED_OPERATOR("unsupported operator"),
        UNSUPPORTED_BOOSTING("boosting is not supported"),
        UNSUPPORTED_FUZZY("fuzzy and proximity searches are not supported"),
        TOO_MANY_TERMS("too many terms, the maximum is " + FleetQuery.MAX_TERMS),
        TOO_MANY_LEADING_WILDCARDS("a leading wildcard is allowed in one term only"),
        NESTING_TOO_DEEP("nested too deeply, the maximum depth is " + FleetQuery.MAX_NESTING),
        LEADING_WILDCARD_QUERY_TOO_LONG("a query with a leading wildcard is limited to "
                + FleetQuery.LEADING_WILDCARD_MAX_QUERY_LENGTH + " characters"),
        QUERY_TOO_LONG("query too long, the maximum is " + FleetQuery.MAX_QUERY_LENGTH + " characters"),
        TOO_MANY_WILDCARDS("too many wildcards in one term, the maximum is " + FleetQuery.MAX_WILDCARDS_PER_TERM),
        WILDCARD_TERM_TOO_LONG(
                "wildcard term too long, the maximum is " + FleetQuery.MAX_WILDCARD_TERM_LENGTH + " characters");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private final Reason reason;
    private final String token;
    private final int position;
    private final String queryString;

    /**
     * @param token the offending token as written, or {@code null} when the problem is the query as a whole
     * @param position the offending token's offset in the query, counted in Unicode code points from 0, or -1
     */
    public InvalidQueryException(Reason reason, String token, int position, String queryString) {
        super(message(reason, token, position, queryString), null, false, false);
        this.reason = reason;
        this.token = token;
        this.position = position;
        this.queryString = queryString;
    }

    /**
     * AWS's answer to a field that is not indexed (not managed, not custom, or not valid for the index), confirmed
     * text: {@code Unable to parse query, invalid field name, field name: X, query string: Q}. For the services that
     * check {@link Query#fields()} against the indexing configuration.
     */
    public static InvalidQueryException invalidFieldName(String fieldName, String queryString) {
        return new InvalidQueryException(Reason.INVALID_FIELD_NAME, fieldName, -1, queryString);
    }

    public Reason reason() {
        return reason;
    }

    /** The offending token as written in the query, or {@code null}. */
    public String token() {
        return token;
    }

    /** The offending token's offset in the query (code points from 0), or -1 when there is none. */
    public int position() {
        return position;
    }

    public String queryString() {
        return queryString;
    }

    private static String message(Reason reason, String token, int position, String queryString) {
        Objects.requireNonNull(reason, "reason");
        StringBuilder message = new StringBuilder("Unable to parse query, ").append(reason.text());
        if (token != null) {
            message.append(reason == Reason.INVALID_FIELD_NAME ? ", field name: " : ", token: ")
                    .append(token);
        }
        // AWS's invalid-field-name text has no position.
        if (position >= 0 && reason != Reason.INVALID_FIELD_NAME) {
            message.append(", position: ").append(position);
        }
        return message.append(", query string: ").append(queryString).toString();
    }
}
