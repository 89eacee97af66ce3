package io.iotdm.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A CA of the caller's own, made and used with {@code openssl} exactly as AWS's "Register your CA certificate" page
 * does: a self-signed root, then certificates it signs from CSRs (the verification certificate, a device's).
 */
final class OpensslCa {

    private static final Path OPENSSL = Path.of("/usr/bin/openssl");

    private final Path dir;

    private OpensslCa(Path dir) {
        this.dir = dir;
    }

    static boolean available() {
        return Files.isExecutable(OPENSSL);
    }

    /** {@code openssl genrsa} then {@code openssl req -x509 -new}: a root CA named {@code commonName}. */
    static OpensslCa create(Path dir, String commonName) {
        OpensslCa ca = new OpensslCa(dir);
        ca.run("genrsa", "-out", "ca.key", "2048");
        ca.run(
                "req",
                "-x509",
                "-new",
                "-nodes",
                "-key",
                "ca.key",
                "-sha256",
                "-days",
                "30",
                "-subj",
                "/CN=" + commonName,
                "-out",
                "ca.pem");
        return ca;
    }

    String certificatePem() {
        return read("ca.pem");
    }

    /**
     * A new key, its CSR with {@code commonName}, and the certificate this CA signs from it, in PEM. The files are named
     * after the common name, which is a file name here (a registration code, a device name).
     */
    String sign(String commonName) {
        String name = commonName;
        run("genrsa", "-out", name + ".key", "2048");
        run("req", "-new", "-key", name + ".key", "-subj", "/CN=" + commonName, "-out", name + ".csr");
        run(
                "x509",
                "-req",
                "-in",
                name + ".csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                name + ".pem",
                "-days",
                "30",
                "-sha256");
        return read(name + ".pem");
    }

    private String read(String file) {
        try {
            return Files.readString(dir.resolve(file), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void run(String... args) {
        List<String> command = new ArrayList<>(List.of(OPENSSL.toString()));
        command.addAll(List.of(args));
        try {
            Files.createDirectories(dir);
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
