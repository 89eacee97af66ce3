package io.iotdm.registry.shadow;

import java.util.List;

/**
 * Which of a thing's shadows a reader wants.
 *
 * @param classic the classic shadow
 * @param named the named shadows: all of them when {@code names} is empty, else only those
 */
public record ShadowSelection(boolean classic, boolean named, List<String> names) {

    public ShadowSelection {
        names = List.copyOf(names);
    }

    boolean none() {
        return !classic && !named;
    }
}
