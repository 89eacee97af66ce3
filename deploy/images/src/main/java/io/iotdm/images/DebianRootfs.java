package io.iotdm.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The root file system under the Java runtime: Debian's {@code libc6} (the C library, the dynamic loader, libm,
 * libpthread, libdl and librt, which are all that the JDK's own libraries link against) and the few files of {@link
 * LayerFiles#writeSystemFiles}. The packages come from the build host's apt sources ({@code apt-get download}, Debian's
 * signatures checked by apt) into a cache directory, and are unpacked with {@code dpkg-deb}: so the build needs a
 * Debian or Ubuntu host, and no container registry. Security updates of glibc arrive by building again.
 */
final class DebianRootfs {

    static final List<String> PACKAGES = List.of("libc6");

    private DebianRootfs() {}

    /**
     * @param cache where downloaded packages are kept between builds
     * @param rootfs an empty directory to unpack into
     * @return each package's file name (which carries its version), for the image's labels
     */
    static Map<String, String> build(Path cache, Path rootfs) throws IOException, InterruptedException {
        Files.createDirectories(cache);
        Files.createDirectories(rootfs);
        Map<String, String> versions = new TreeMap<>();
        for (String name : PACKAGES) {
            Path deb = cached(cache, name);
            if (deb == null) {
                Commands.run(cache, List.of("apt-get", "download", name));
                deb = cached(cache, name);
                if (deb == null) {
                    throw new IOException("apt-get download " + name + " left no " + name + "_*.deb in " + cache);
                }
            }
            Commands.run(cache, List.of("dpkg-deb", "-x", deb.toString(), rootfs.toString()));
            versions.put(name, deb.getFileName().toString());
        }
        LayerFiles.writeSystemFiles(rootfs);
        return versions;
    }

    /** The most recently downloaded {@code <name>_<version>_<arch>.deb} of the cache, or null. */
    private static Path cached(Path cache, String name) throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            return files.filter(f -> f.getFileName().toString().startsWith(name + "_")
                            && f.getFileName().toString().endsWith(".deb"))
                    .max(Comparator.comparing(f -> f.toFile().lastModified()))
                    .orElse(null);
        }
    }
}
