package io.iotdm.iotpolicy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The values of the policy variables and condition keys for one connection (built once, at CONNECT) and, through
 * {@link #with}, for one request. Keys are looked up case-insensitively ({@link PolicyKeys}); a key may carry several
 * values (the {@code .List} certificate variables, MQTT 5 connect attributes), a variable resolves to the first.
 *
 * <p>The thing variables follow AWS's rules (docs/aws-behaviour.md §6.4): they exist only for a thing the caller
 * passes to {@link Builder#thing}, which must be the thing attached to the principal whose name is the client id;
 * without one, {@code iot:Connection.Thing.IsAttached} is {@code "false"} and the other thing variables have no value,
 * so that every statement that uses them matches nothing.
 */
public final class PolicyContext {

    public static final String CLIENT_ID = "iot:ClientId";
    public static final String SOURCE_IP = "aws:SourceIp";
    public static final String DOMAIN_NAME = "iot:DomainName";
    public static final String THING_NAME = "iot:Connection.Thing.ThingName";
    public static final String THING_TYPE_NAME = "iot:Connection.Thing.ThingTypeName";
    public static final String THING_IS_ATTACHED = "iot:Connection.Thing.IsAttached";
    public static final String THING_ATTRIBUTE_PREFIX = "iot:Connection.Thing.Attributes";

    private static final PolicyContext EMPTY = new PolicyContext(Map.of());

    private final Map<String, List<String>> values;

    private PolicyContext(Map<String, List<String>> values) {
        this.values = values;
    }

    public static PolicyContext empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder(new HashMap<>());
    }

    /** The first value of the key, or null when it has none. */
    String value(String canonicalKey) {
        List<String> list = values.get(canonicalKey);
        return list == null || list.isEmpty() ? null : list.getFirst();
    }

    /** Every value of the key, empty when it has none. */
    List<String> values(String canonicalKey) {
        return values.getOrDefault(canonicalKey, List.of());
    }

    /** This context with {@code key} set to {@code keyValues} (for the condition keys of one request). */
    public PolicyContext with(String key, List<String> keyValues) {
        var copy = new HashMap<>(values);
        copy.put(PolicyKeys.canonical(key), List.copyOf(keyValues));
        return new PolicyContext(Map.copyOf(copy));
    }

    public static final class Builder {

        private final Map<String, List<String>> values;
        private boolean thingAttached;

        private Builder(Map<String, List<String>> values) {
            this.values = values;
        }

        public Builder clientId(String clientId) {
            return put(CLIENT_ID, clientId);
        }

        public Builder sourceIp(String address) {
            return put(SOURCE_IP, address);
        }

        /** The domain (SNI) the device connected to, for domain configurations. */
        public Builder domainName(String domainName) {
            return put(DOMAIN_NAME, domainName);
        }

        /**
         * The thing attached to the principal whose name is the client id. {@code typeName} may be null (a thing
         * without type: {@code ThingTypeName} has no value); an attribute that the thing lacks has no value.
         */
        public Builder thing(String name, String typeName, Map<String, String> attributes) {
            Objects.requireNonNull(name, "name");
            thingAttached = true;
            put(THING_NAME, name);
            if (typeName != null) {
                put(THING_TYPE_NAME, typeName);
            }
            attributes.forEach((attribute, value) -> put(THING_ATTRIBUTE_PREFIX + "[" + attribute + "]", value));
            return this;
        }

        /** The certificate variables, as {@link CertificateVariables#of} derives them. */
        public Builder certificate(Map<String, List<String>> certificateVariables) {
            certificateVariables.forEach(this::put);
            return this;
        }

        /** Any other condition key or variable; a null or empty value leaves the key without value. */
        public Builder put(String key, String value) {
            return value == null ? this : put(key, List.of(value));
        }

        public Builder put(String key, List<String> keyValues) {
            if (!keyValues.isEmpty()) {
                values.put(PolicyKeys.canonical(key), List.copyOf(keyValues));
            }
            return this;
        }

        public PolicyContext build() {
            var all = new HashMap<>(values);
            all.put(PolicyKeys.canonical(THING_IS_ATTACHED), List.of(Boolean.toString(thingAttached)));
            return new PolicyContext(Map.copyOf(all));
        }
    }
}
