package io.iotdm.group.store;

import java.util.HashMap;
import java.util.Map;

/**
 * What ListThingGroups selects.
 *
 * @param parentGroup only children of this group ({@code null}: every group)
 * @param recursive with a parent, all its descendants instead of its children; without one, every group instead of
 *     the root groups only
 * @param namePrefix only names that start with this, or {@code null}
 */
public record GroupFilter(String parentGroup, String namePrefix, boolean recursive) {

    /** The filter as the request parameters that a pagination token is bound to. */
    public Map<String, String> asParameters() {
        Map<String, String> parameters = new HashMap<>();
        if (parentGroup != null) parameters.put("parentGroup", parentGroup);
        if (namePrefix != null) parameters.put("namePrefixFilter", namePrefix);
        parameters.put("recursive", Boolean.toString(recursive));
        return parameters;
    }
}
