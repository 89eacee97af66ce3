package io.iotdm.registry.shadow;

import java.util.regex.Pattern;

/** Named-shadow names. The classic shadow has no name and is not validated here. */
public final class ShadowName {

    // botocore iot-data ShadowName: length 1-64, pattern [$a-zA-Z0-9:_-]+
    private static final Pattern NAME = Pattern.compile("[$a-zA-Z0-9:_-]{1,64}");

    private ShadowName() {}

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }
}
