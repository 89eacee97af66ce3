package io.iotdm.deploy;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Renders an overlay of deploy/overlays with {@code kubectl kustomize}, the Kustomize built into kubectl. */
final class Kustomize {

    /** deploy/, from this module's directory (deploy/check), where Maven runs the tests. */
    static final Path DEPLOY = Path.of("..").toAbsolutePath().normalize();

    /** Each overlay rendered once per test run, for every test class that reads it. */
    private static final Map<String, List<Map<String, Object>>> RENDERED = new HashMap<>();

    private Kustomize() {}

    /** Every overlay, so that a new one is checked without touching the test. */
    static List<String> overlays() throws IOException {
        try (Stream<Path> children = Files.list(DEPLOY.resolve("overlays"))) {
            return children.filter(Files::isDirectory)
                    .map(dir -> dir.getFileName().toString())
                    .sorted()
                    .toList();
        }
    }

    /** The overlay's objects, each a YAML mapping; fails the test when kubectl is missing or rejects the overlay. */
    static synchronized List<Map<String, Object>> objects(String overlay) throws Exception {
        if (!RENDERED.containsKey(overlay)) {
            RENDERED.put(overlay, render(overlay));
        }
        return RENDERED.get(overlay);
    }

    /** The overlay's objects of one kind. */
    static List<Map<String, Object>> objects(String overlay, String kind) throws Exception {
        return objects(overlay).stream()
                .filter(o -> kind.equals(Manifest.kind(o)))
                .toList();
    }

    private static List<Map<String, Object>> render(String overlay) throws Exception {
        Path dir = DEPLOY.resolve("overlays").resolve(overlay);
        Process kubectl;
        try {
            kubectl = new ProcessBuilder("kubectl", "kustomize", dir.toString()).start();
        } catch (IOException missing) {
            // A silent skip would let a broken overlay pass CI: the check needs kubectl (any 1.27+, no cluster).
            throw new AssertionError(
                    "kubectl is needed to render " + dir + " (kubectl kustomize, no cluster): put it on the PATH",
                    missing);
        }
        kubectl.getOutputStream().close();
        CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> read(kubectl.getErrorStream()));
        String rendered = read(kubectl.getInputStream());
        int exit = kubectl.waitFor();
        if (exit != 0) {
            fail("kubectl kustomize %s exited with %d: %s", dir, exit, errors.get());
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(rendered)) {
            if (!(document instanceof Map<?, ?> object)) {
                fail("%s rendered a YAML document that is not an object: %s", overlay, document);
                return List.of();
            }
            objects.add(Manifest.map(object));
        }
        return objects;
    }

    private static String read(java.io.InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
