package io.iotdm.images;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * One image layer from a directory tree, with each file's own POSIX permissions (Jib's default, 644, would leave
 * {@code java} and the dynamic loader not executable) and a fixed modification time, so that the same inputs give the
 * same layer digest. A symbolic link is stored as the file it names, resolved inside the tree: Jib layers hold no
 * links, and an absolute link of a Debian package ({@code /lib64/ld-linux-x86-64.so.2}) must not resolve on the build
 * host.
 */
final class LayerFiles {

    /** The time every file of an image carries (Jib's own default for reproducible layers). */
    static final Instant FILE_TIME = Instant.ofEpochSecond(1);

    private LayerFiles() {}

    /** @param tree the directory whose content lands at {@code into} */
    static FileEntriesLayer layer(String name, Path tree, AbsoluteUnixPath into) {
        return layer(name, tree, into, file -> true);
    }

    /** @param include which files of the tree (relative to it) the layer holds */
    static FileEntriesLayer layer(String name, Path tree, AbsoluteUnixPath into, Predicate<Path> include) {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                if (file.equals(tree)
                        || Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)
                        || !include.test(tree.relativize(file))) {
                    continue;
                }
                Path content = Files.isSymbolicLink(file) ? resolveInside(tree, file) : file;
                if (content == null || Files.isDirectory(content)) {
                    continue; // a dangling link, or a link to a directory whose files the walk adds anyway
                }
                AbsoluteUnixPath target = into.resolve(tree.relativize(file).toString());
                layer.addEntry(content, target, permissions(content), FILE_TIME);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return layer.build();
    }

    /** Follows a link (and links to links) the way the image's root file system would: inside {@code tree}. */
    static Path resolveInside(Path tree, Path link) throws IOException {
        Path current = link;
        for (int hops = 0; hops < 16 && Files.isSymbolicLink(current); hops++) {
            Path target = Files.readSymbolicLink(current);
            current = target.isAbsolute()
                    ? tree.resolve(target.toString().substring(1))
                    : current.getParent().resolve(target);
            current = current.normalize();
            if (!current.startsWith(tree)) {
                return null;
            }
        }
        return Files.exists(current, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(current) ? current : null;
    }

    private static FilePermissions permissions(Path file) throws IOException {
        return FilePermissions.fromPosixFilePermissions(Files.getPosixFilePermissions(file));
    }

    /** The layer of files an image needs besides packages: the user 185 and how names resolve. */
    static void writeSystemFiles(Path rootfs) throws IOException {
        Path etc = Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(
                etc.resolve("passwd"),
                String.join(
                                "\n",
                                List.of(
                                        "root:x:0:0:root:/root:/sbin/nologin",
                                        "iotdm:x:185:185:iotdm:/deployments:/sbin/nologin",
                                        "nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin"))
                        + "\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\niotdm:x:185:\nnogroup:x:65534:\n");
        // glibc reads it for getaddrinfo: Kafka, PostgreSQL and OpenSearch are reached by DNS names in a cluster
        Files.writeString(etc.resolve("nsswitch.conf"), "passwd: files\ngroup: files\nhosts: files dns\n");
    }
}
