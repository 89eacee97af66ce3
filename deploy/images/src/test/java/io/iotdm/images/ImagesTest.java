package io.iotdm.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Builds an image the way {@code ./iotdm images} does, for a "service" whose fast-jar is {@link HelloFromTheImage},
 * then unpacks it and runs its own entrypoint under chroot: the loader, glibc, the jlinked runtime, the user and the
 * entrypoint fit together.
 */
class ImagesTest {

    @TempDir
    static Path project;

    static Path tarball;
    static JsonNode config;
    static Path rootfs;

    @BeforeAll
    static void buildTheImage() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/apt-get")), "images are built on Debian or Ubuntu hosts");
        Path app = Files.createDirectories(project.resolve("hello-service/target/quarkus-app"));
        Files.createDirectories(app.resolve("lib/main"));
        Files.writeString(app.resolve("lib/main/placeholder.txt"), "the fast-jar's dependencies go here\n");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, HelloFromTheImage.class.getName());
        try (JarOutputStream jar =
                new JarOutputStream(Files.newOutputStream(app.resolve("quarkus-run.jar")), manifest)) {
            String entry = HelloFromTheImage.class.getName().replace('.', '/') + ".class";
            jar.putNextEntry(new JarEntry(entry));
            try (var in = HelloFromTheImage.class.getClassLoader().getResourceAsStream(entry)) {
                in.transferTo((OutputStream) jar);
            }
        }
        int exit = new CommandLine(new ImagesMain())
                .execute(
                        "--root",
                        project.toString(),
                        "--out",
                        project.resolve("out").toString(),
                        "--no-check");
        assertThat(exit).isZero();
        tarball = project.resolve("out/hello-service.tar");
        rootfs = project.resolve("unpacked");
        config = ImageRun.unpack(tarball, rootfs);
    }

    @Test
    void theImageIsNamedAsDeployNamesItAndRunsAsUser185FromDeployments() throws Exception {
        assertThat(tarball).isRegularFile();
        assertThat(config.path("config").path("User").asText()).isEqualTo("185");
        assertThat(config.path("config").path("WorkingDir").asText()).isEqualTo("/deployments");
        List<String> entrypoint = new ArrayList<>();
        config.path("config").path("Entrypoint").forEach(arg -> entrypoint.add(arg.asText()));
        assertThat(entrypoint).isEqualTo(ServiceImage.entrypoint());
        assertThat(config.path("config")
                        .path("Labels")
                        .path("io.iotdm.base.libc6")
                        .asText())
                .startsWith("libc6_");
        assertThat(rootfs.resolve("opt/java/bin/java")).isExecutable();
        assertThat(rootfs.resolve("deployments/quarkus-run.jar")).isRegularFile();
        assertThat(rootfs.resolve("deployments/lib/main/placeholder.txt")).isRegularFile();
        assertThat(Files.readString(rootfs.resolve("etc/passwd"))).contains("iotdm:x:185:185:");
    }

    @Test
    void itsEntrypointRunsTheServiceJarWithTheImagesOwnJava() throws Exception {
        assumeTrue(ImageRun.available(project.resolve("scratch")), "chroot needs root or user namespaces");
        String output = ImageRun.run(rootfs, ServiceImage.USER, ServiceImage.entrypoint());
        assertThat(output)
                .contains("hello from the image, user iotdm, java "
                        + Runtime.version().feature());
    }
}
