package io.iotdm.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secrets of one stack (the services' internal secret, PostgreSQL's password): each made at random the first
 * time, in a file of the data directory that only its owner may read (0600), and kept across restarts (the database
 * keeps its password). {@code --fresh} wipes them with the data. Uses the JDK only, like {@link StackAddresses}.
 */
public final class StackSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private StackSecrets() {}

    /** @return the secret kept in {@code file}, made now if the file does not exist */
    public static String ensure(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        // base64url: safe in URLs, SQL literals and properties files alike
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path temp = ownerOnly(file.resolveSibling(file.getFileName() + ".tmp"));
        Files.writeString(temp, secret, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        return secret;
    }

    /** Makes {@code file} anew, empty, readable and writable by its owner only. */
    static Path ownerOnly(Path file) throws IOException {
        Files.deleteIfExists(file);
        return Files.createFile(
                file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
}
