package io.iotdm.indexing.search;

import io.iotdm.indexing.index.ThingIndex;
import io.iotdm.indexing.search.QueryTranslator.Field;
import io.iotdm.indexing.search.QueryTranslator.Kind;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Query fields of {@code AWS_Things} (docs/aws-behaviour.md §2.3), case-sensitive; {@code registry.thingTypeName} and
 * {@code registry.thingGroupNames} (the managed-field names) mean {@code thingTypeName} and {@code thingGroupNames}.
 * Unfielded terms search the registry's names, the disconnect reason, attributes and shadow values.
 */
public final class ThingQueryFields implements QueryFields {

    public static final ThingQueryFields INSTANCE = new ThingQueryFields();

    private static final List<String> UNFIELDED_PATTERNS = List.of(
            ThingIndex.THING_NAME,
            ThingIndex.THING_ID,
            ThingIndex.THING_TYPE_NAME,
            ThingIndex.THING_GROUP_NAMES,
            ThingIndex.DISCONNECT_REASON,
            ThingIndex.ATTRIBUTES + "*",
            ThingIndex.SHADOW + "*");

    private static final List<String> NAME_FIELDS = List.of(
            ThingIndex.THING_NAME, ThingIndex.THING_ID, ThingIndex.THING_TYPE_NAME, ThingIndex.THING_GROUP_NAMES);

    private static final Pattern SHADOW_NAME = Pattern.compile("[a-zA-Z0-9:_-]+");

    private ThingQueryFields() {}

    @Override
    public Field resolve(String name) {
        switch (name) {
            case ThingIndex.THING_NAME,
                    ThingIndex.THING_ID,
                    ThingIndex.THING_TYPE_NAME,
                    ThingIndex.THING_GROUP_NAMES,
                    ThingIndex.DISCONNECT_REASON -> {
                return new Field(name, Kind.KEYWORD, false);
            }
            case "registry.thingTypeName" -> {
                return new Field(ThingIndex.THING_TYPE_NAME, Kind.KEYWORD, false);
            }
            case "registry.thingGroupNames" -> {
                return new Field(ThingIndex.THING_GROUP_NAMES, Kind.KEYWORD, false);
            }
            case ThingIndex.REGISTRY_VERSION, "shadow.version", ThingIndex.CONNECTIVITY_TIMESTAMP -> {
                return new Field(name, Kind.LONG, false);
            }
            case "shadow.hasDelta", ThingIndex.CONNECTED -> {
                return new Field(name, Kind.BOOLEAN, false);
            }
            default -> {}
        }
        if (name.startsWith(ThingIndex.ATTRIBUTES)) {
            return QueryFields.isPath(name.substring(ThingIndex.ATTRIBUTES.length()))
                    ? new Field(name, Kind.KEYWORD, false)
                    : null;
        }
        if (name.startsWith(ThingIndex.NAMED_SHADOWS)) {
            String rest = name.substring(ThingIndex.NAMED_SHADOWS.length());
            int dot = rest.indexOf('.');
            if (dot < 0 || !SHADOW_NAME.matcher(rest.substring(0, dot)).matches()) {
                return null;
            }
            String member = rest.substring(dot + 1);
            return switch (member) {
                case "hasDelta" -> new Field(name, Kind.BOOLEAN, false);
                case "version" -> new Field(name, Kind.LONG, false);
                default -> shadowPath(name, member);
            };
        }
        if (name.startsWith(ThingIndex.SHADOW)) {
            return shadowPath(name, name.substring(ThingIndex.SHADOW.length()));
        }
        return null;
    }

    /** {@code reported|desired|delta.<path>} of a shadow. */
    private static Field shadowPath(String name, String member) {
        for (String section : new String[] {"reported.", "desired.", "delta."}) {
            if (member.startsWith(section) && QueryFields.isPath(member.substring(section.length()))) {
                return new Field(name, Kind.KEYWORD, true);
            }
        }
        return null;
    }

    /** Registry, attribute and shadow values. */
    @Override
    public boolean isUnfielded(String field) {
        return UNFIELDED_PATTERNS.contains(field)
                || field.startsWith(ThingIndex.ATTRIBUTES)
                || field.startsWith(ThingIndex.SHADOW);
    }

    @Override
    public List<String> unfieldedPatterns() {
        return UNFIELDED_PATTERNS;
    }

    @Override
    public List<String> nameFields() {
        return NAME_FIELDS;
    }
}
