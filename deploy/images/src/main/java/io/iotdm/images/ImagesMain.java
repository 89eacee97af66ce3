package io.iotdm.images;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./iotdm images}: one image tarball per service module that has a built {@code target/quarkus-app}, named as
 * deploy/base names the images ({@code ghcr.io/iotdm/<service>:<tag>}), loadable with {@code docker load} or {@code
 * podman load} and pushable with {@code skopeo copy docker-archive:...}.
 */
@Command(
        name = "images",
        mixinStandardHelpOptions = true,
        description = "Builds the services' container images as tarballs, without a container runtime or registry.")
public final class ImagesMain implements Callable<Integer> {

    @Option(names = "--root", description = "The project directory (default: the current directory).")
    Path root = Path.of("").toAbsolutePath();

    @Option(names = "--out", description = "Where the tarballs go (default: <root>/target/images).")
    Path out;

    @Option(names = "--repository", description = "Image repository prefix (default: ${DEFAULT-VALUE}).")
    String repository = "ghcr.io/iotdm";

    @Option(names = "--tag", description = "Image tag (default: ${DEFAULT-VALUE}, as deploy/base/kustomization.yaml).")
    String tag = "0.1.0";

    @Option(names = "--service", description = "Only this service (repeatable; default: every built service).")
    List<String> services = new ArrayList<>();

    @Option(
            names = "--no-check",
            description = "Skip running java -version inside the first image (chroot, needs root or user namespaces).")
    boolean noCheck;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ImagesMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path output = out != null ? out : root.resolve("target/images");
        Map<String, Path> apps = builtServices();
        if (apps.isEmpty()) {
            System.err.println("images: no service has a target/quarkus-app; build first (./mvnw -DskipTests package)");
            return 1;
        }
        Path work = Files.createDirectories(output.resolve("work"));
        deleteTree(work);
        System.out.println("images: glibc from Debian packages (apt-get download, cached in ~/.cache/iotdm/debs)");
        Map<String, String> labels = new LinkedHashMap<>();
        DebianRootfs.build(Path.of(System.getProperty("user.home"), ".cache/iotdm/debs"), work.resolve("rootfs"))
                .forEach((pkg, deb) -> labels.put("io.iotdm.base." + pkg, deb));
        System.out.println("images: Java runtime (jlink of " + System.getProperty("java.home") + ")");
        JavaRuntime.link(Path.of(System.getProperty("java.home")), work.resolve("java"));
        labels.put("io.iotdm.java.version", Runtime.version().toString());
        ServiceImage.Base base = new ServiceImage.Base(work.resolve("rootfs"), work.resolve("java"), labels);
        int done = 0;
        for (Map.Entry<String, Path> app : apps.entrySet()) {
            String reference = repository + "/" + app.getKey() + ":" + tag;
            Path tarball = output.resolve(app.getKey() + ".tar");
            ServiceImage.build(base, app.getKey(), app.getValue(), reference, tarball);
            done++;
            System.out.printf(
                    "images: [%d/%d] %s -> %s (%d MB)%n",
                    done, apps.size(), reference, tarball, Files.size(tarball) >> 20);
        }
        if (!noCheck) {
            Path first = output.resolve(apps.keySet().iterator().next() + ".tar");
            if (!ImageRun.available(work)) {
                System.out.println(
                        "images: not checked (no root and no user namespaces for chroot); --no-check hides this");
            } else {
                JsonNode config = ImageRun.unpack(first, work.resolve("check"));
                String version = ImageRun.run(
                        work.resolve("check"), ServiceImage.USER, List.of("/opt/java/bin/java", "-version"));
                System.out.println("images: " + first.getFileName() + " runs as user "
                        + config.path("config").path("User").asText() + "; java -version inside it:");
                version.lines().forEach(line -> System.out.println("  " + line));
            }
        }
        Commands.run(output, List.of("rm", "-rf", work.toString()));
        return 0;
    }

    /** Every module directory under the root with a built fast-jar, by module name. */
    private Map<String, Path> builtServices() throws Exception {
        Map<String, Path> apps = new LinkedHashMap<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : (Iterable<Path>) modules.sorted()::iterator) {
                Path app = module.resolve("target/quarkus-app");
                String name = module.getFileName().toString();
                if (Files.isRegularFile(app.resolve("quarkus-run.jar"))
                        && (services.isEmpty() || services.contains(name))) {
                    apps.put(name, app);
                }
            }
        }
        return apps;
    }

    private static void deleteTree(Path tree) throws Exception {
        if (Files.exists(tree)) {
            Commands.run(tree.getParent(), List.of("rm", "-rf", tree.toString()));
        }
        Files.createDirectories(tree);
    }
}
