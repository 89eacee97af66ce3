package io.iotdm.images;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One service's image: four layers from the least to the most often changed (the root file system, the Java runtime,
 * the fast-jar's dependencies, the service itself), so that a new build of a service ships only its last layer. It runs
 * as user 185, which deploy/'s security contexts name, from {@code /deployments}, where deploy/ mounts its writable
 * {@code emptyDir}s beside a read-only root file system.
 */
final class ServiceImage {

    static final AbsoluteUnixPath JAVA_HOME = AbsoluteUnixPath.get("/opt/java");
    static final AbsoluteUnixPath DEPLOYMENTS = AbsoluteUnixPath.get("/deployments");
    static final String USER = "185";

    /** What every image shares: built once per run of {@code ./iotdm images}. */
    record Base(Path rootfs, Path javaRuntime, Map<String, String> labels) {}

    private ServiceImage() {}

    /**
     * @param quarkusApp the service's {@code target/quarkus-app}
     * @param reference for example {@code ghcr.io/iotdm/registry-service:0.1.0}, as deploy/base names it
     */
    static void build(Base base, String service, Path quarkusApp, String reference, Path tarball) throws Exception {
        if (!Files.isRegularFile(quarkusApp.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(quarkusApp + " has no quarkus-run.jar: build the service first");
        }
        JibContainerBuilder image = Jib.fromScratch()
                .addFileEntriesLayer(LayerFiles.layer("rootfs", base.rootfs(), AbsoluteUnixPath.get("/")))
                .addFileEntriesLayer(LayerFiles.layer("java", base.javaRuntime(), JAVA_HOME))
                .addFileEntriesLayer(
                        LayerFiles.layer("dependencies", quarkusApp.resolve("lib"), DEPLOYMENTS.resolve("lib")))
                .addFileEntriesLayer(
                        LayerFiles.layer("service", quarkusApp, DEPLOYMENTS, file -> !file.startsWith("lib")))
                .setEntrypoint(entrypoint())
                .setEnvironment(Map.of(
                        "JAVA_HOME",
                        JAVA_HOME.toString(),
                        "PATH",
                        JAVA_HOME.resolve("bin") + ":/usr/bin:/bin",
                        "LANG",
                        "C.UTF-8"))
                .setUser(USER)
                .setWorkingDirectory(DEPLOYMENTS)
                .setCreationTime(LayerFiles.FILE_TIME);
        image.addLabel("org.opencontainers.image.title", service);
        image.addLabel("org.opencontainers.image.version", reference.substring(reference.lastIndexOf(':') + 1));
        base.labels().forEach(image::addLabel);
        Files.createDirectories(tarball.getParent());
        image.containerize(Containerizer.to(TarImage.at(tarball).named(imageReference(reference)))
                .setToolName("iotdm-images"));
    }

    /**
     * {@code java -jar quarkus-run.jar}, sized by the container's memory limit rather than the node's. More JVM options
     * go in {@code JAVA_TOOL_OPTIONS}, which the JVM reads by itself: the image has no shell to expand a variable.
     */
    static List<String> entrypoint() {
        List<String> command = new ArrayList<>(List.of(
                JAVA_HOME.resolve("bin/java").toString(),
                "-XX:MaxRAMPercentage=75",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager"));
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow"); // Netty and Kafka still use sun.misc.Unsafe
        }
        command.addAll(List.of("-jar", DEPLOYMENTS.resolve("quarkus-run.jar").toString()));
        return command;
    }

    private static ImageReference imageReference(String reference) throws InvalidImageReferenceException {
        return ImageReference.parse(reference);
    }
}
