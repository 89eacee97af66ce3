package io.iotdm.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The Java runtime of the images: {@code jlink} of the JDK that runs this program, with the modules the services use
 * rather than the whole JDK (no compiler, no jshell: less to patch and to scan). JDK 24 and later link from their own
 * run-time image without jmods (JEP 493), as Temurin 25 here does.
 */
final class JavaRuntime {

    /**
     * java.se for the platform APIs (java.sql for Flyway, java.desktop for java.beans in Jackson and Hibernate,
     * java.net.http for the OpenSearch client); jdk.unsupported for Netty's and Kafka's Unsafe; jdk.naming.dns, the
     * security modules for Kafka's SASL and TLS providers; jdk.management and JFR for operators' diagnostics;
     * jdk.localedata and jdk.charsets for the charsets and locales the JDK does not keep in java.base.
     */
    static final List<String> MODULES = List.of(
            "java.se",
            "jdk.unsupported",
            "jdk.naming.dns",
            "jdk.crypto.cryptoki",
            "jdk.crypto.ec",
            "jdk.security.auth",
            "jdk.security.jgss",
            "jdk.zipfs",
            "jdk.net",
            "jdk.management",
            "jdk.management.jfr",
            "jdk.jfr",
            "jdk.localedata",
            "jdk.charsets",
            "jdk.httpserver");

    private JavaRuntime() {}

    /** @param output a directory that must not exist yet */
    static void link(Path javaHome, Path output) throws IOException, InterruptedException {
        Path jlink = javaHome.resolve("bin/jlink");
        if (!Files.isExecutable(jlink)) {
            throw new IOException("no jlink in " + javaHome + ": run ./iotdm images with a JDK, not a JRE");
        }
        Set<String> present = Set.copyOf(List.of(Commands.run(
                        output.getParent(), List.of(javaHome.resolve("bin/java").toString(), "--list-modules"))
                .lines()
                .map(line -> line.replaceAll("@.*", "").trim())
                .toArray(String[]::new)));
        List<String> modules = new ArrayList<>();
        for (String module : MODULES) {
            if (present.contains(module)) {
                modules.add(module); // jdk.crypto.ec is empty and due for removal in newer JDKs
            }
        }
        Commands.run(
                output.getParent(),
                List.of(
                        jlink.toString(),
                        "--add-modules",
                        String.join(",", modules),
                        "--strip-debug",
                        "--no-header-files",
                        "--no-man-pages",
                        "--output",
                        output.toString()));
    }
}
