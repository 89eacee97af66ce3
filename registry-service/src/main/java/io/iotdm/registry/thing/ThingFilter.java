package io.iotdm.registry.thing;

import java.util.HashMap;
import java.util.Map;

/**
 * What ListThings selects: one attribute (exact value or prefix) or a thing type; {@code null} members do not filter.
 *
 * @param prefix whether {@code attributeValue} is a prefix ({@code usePrefixAttributeValue})
 */
public record ThingFilter(String attributeName, String attributeValue, boolean prefix, String thingTypeName) {

    /** Every thing. */
    static final ThingFilter NONE = new ThingFilter(null, null, false, null);

    /** The filter as the request parameters that a pagination token is bound to. */
    Map<String, String> asParameters() {
        Map<String, String> parameters = new HashMap<>();
        if (attributeName != null) parameters.put("attributeName", attributeName);
        if (attributeValue != null) parameters.put("attributeValue", attributeValue);
        if (prefix) parameters.put("usePrefixAttributeValue", "true");
        if (thingTypeName != null) parameters.put("thingTypeName", thingTypeName);
        return parameters;
    }
}
