package io.iotdm.devstack;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * Runs another program's main after arranging that the JVM exits when its stdin ends, so that a service started by
 * devstack never outlives it, even when devstack is killed with {@code kill -9}.
 *
 * <p>Usage: {@code java -cp devstack.jar:app.jar io.iotdm.devstack.ExitWithParent <main class> [args...]}
 */
public final class ExitWithParent {

    private ExitWithParent() {}

    public static void main(String[] args) throws Throwable {
        ChildJvm.exitWhenParentGoes();
        try {
            Class.forName(args[0]).getMethod("main", String[].class).invoke(null, (Object)
                    Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
