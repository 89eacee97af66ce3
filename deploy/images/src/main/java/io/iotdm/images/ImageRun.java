package io.iotdm.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a command inside an image tarball without a container runtime: unpacks its layers in order into a directory
 * and runs the command there under {@code chroot}, in new mount and PID namespaces with a {@code /proc} of its own (the
 * dynamic loader finds the JDK's libraries through {@code /proc/self/exe}); as a user other than root, in a user
 * namespace as well ({@code unshare -r}) where the kernel allows it. Enough to prove that the image's loader, C library
 * and Java runtime fit together; no network namespace, no resource limits.
 */
final class ImageRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageRun() {}

    /** Whether this host can chroot: as root, or in a user namespace. */
    static boolean available(Path scratch) {
        if (isRoot()) {
            return true;
        }
        try {
            Commands.run(Files.createDirectories(scratch), List.of("unshare", "-r", "/bin/true"));
            return true;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Unpacks the image into {@code rootfs} (which must not exist yet) and returns its image config. */
    static JsonNode unpack(Path tarball, Path rootfs) throws IOException, InterruptedException {
        Path image = Files.createDirectories(rootfs.resolveSibling(rootfs.getFileName() + ".image"));
        Commands.run(image, List.of("tar", "-xf", tarball.toString()));
        JsonNode manifest =
                JSON.readTree(image.resolve("manifest.json").toFile()).get(0);
        Files.createDirectories(rootfs.resolve("proc"));
        for (JsonNode layer : manifest.get("Layers")) {
            Commands.run(
                    rootfs, List.of("tar", "-xzf", image.resolve(layer.asText()).toString(), "-C", rootfs.toString()));
        }
        return JSON.readTree(image.resolve(manifest.get("Config").asText()).toFile());
    }

    /**
     * Runs {@code command} with {@code rootfs} as its root directory, as the image's user, and returns what it printed.
     */
    static String run(Path rootfs, String user, List<String> command) throws IOException, InterruptedException {
        List<String> chrooted = new ArrayList<>(
                List.of("unshare", "--mount", "--pid", "--fork", "--mount-proc=" + rootfs.resolve("proc")));
        if (!isRoot()) {
            chrooted.add("--map-root-user");
        }
        chrooted.add("chroot");
        chrooted.add("--userspec=" + user + ":" + user);
        chrooted.add(rootfs.toString());
        chrooted.addAll(command);
        return Commands.run(rootfs, chrooted);
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
