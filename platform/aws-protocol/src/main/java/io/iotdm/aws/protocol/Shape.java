package io.iotdm.aws.protocol;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One shape of a service model: its type and the constraints AWS enforces on values of it.
 *
 * @param members structure members in model order (empty for other types)
 * @param memberShape the element shape of a list, else {@code null}
 * @param keyShape the key shape of a map, else {@code null}
 * @param valueShape the value shape of a map, else {@code null}
 * @param min minimum length (string, blob, list, map) or value (numbers), else {@code null}
 * @param max maximum length or value, else {@code null}
 * @param pattern the regular expression a string must match as a whole, else {@code null}
 * @param enumValues the allowed values of a string (empty when unconstrained)
 * @param errorHttpStatus the HTTP status of an error shape, else 0
 * @param payload the member that is the whole HTTP body, else {@code null}
 */
public record Shape(
        String name,
        Type type,
        Map<String, Member> members,
        Set<String> required,
        String memberShape,
        String keyShape,
        String valueShape,
        BigDecimal min,
        BigDecimal max,
        Pattern pattern,
        List<String> enumValues,
        int errorHttpStatus,
        boolean exception,
        String payload) {

    public Shape {
        members = Collections.unmodifiableMap(new LinkedHashMap<>(members)); // model order is message order
        required = Set.copyOf(required);
        enumValues = List.copyOf(enumValues);
    }

    /** The shape types of the models, named as botocore names them. */
    public enum Type {
        STRUCTURE,
        LIST,
        MAP,
        STRING,
        BOOLEAN,
        INTEGER,
        LONG,
        FLOAT,
        DOUBLE,
        TIMESTAMP,
        BLOB;

        static Type of(String modelName) {
            return valueOf(modelName.toUpperCase(Locale.ROOT));
        }

        /** Whether AWS measures this type by length rather than by value. */
        boolean measuredByLength() {
            return this == STRING || this == BLOB || this == LIST || this == MAP;
        }
    }

    public boolean isScalar() {
        return type != Type.STRUCTURE && type != Type.LIST && type != Type.MAP;
    }
}
