package io.iotdm.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The packages of a service that depend, through others, on themselves. A package depends on another when one of its
 * source files names it, by an import or a qualified name in code (comments left out); the root package
 * (configuration, the application class) is left out. Run from the module's directory (surefire's working
 * directory): the sources are read from {@code src/main/java}, without compiling them.
 */
public final class PackageCycles {

    private PackageCycles() {}

    /**
     * @param rootPackage the service's root package, e.g. {@code io.iotdm.group}
     * @return the packages of a cycle in order, the first one repeated at the end, or an empty list when there is none
     */
    public static List<String> cycle(String rootPackage) {
        Map<String, Set<String>> dependencies = dependencies(rootPackage);
        if (dependencies.isEmpty()) {
            throw new IllegalStateException("no sources under packages of " + rootPackage);
        }
        Set<String> done = new TreeSet<>();
        for (String start : dependencies.keySet()) {
            List<String> found = visit(start, dependencies, done, new ArrayDeque<>());
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    /** Each package's dependencies on the service's other packages. */
    static Map<String, Set<String>> dependencies(String rootPackage) {
        Path sources = Path.of("src/main/java", rootPackage.split("\\."));
        Pattern reference = Pattern.compile("\\b" + Pattern.quote(rootPackage) + "\\.([a-z][a-z0-9]*)\\.[A-Za-z]");
        Map<String, Set<String>> dependencies = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file :
                    files.filter(path -> path.toString().endsWith(".java")).toList()) {
                Path relative = sources.relativize(file);
                if (relative.getNameCount() < 2) {
                    continue;
                }
                String from = relative.getName(0).toString();
                Set<String> to = dependencies.computeIfAbsent(from, name -> new TreeSet<>());
                for (String line : Files.readAllLines(file)) {
                    String code = line.strip();
                    if (code.startsWith("*") || code.startsWith("/*") || code.startsWith("//")) {
                        continue;
                    }
                    Matcher matcher = reference.matcher(code);
                    while (matcher.find()) {
                        if (!matcher.group(1).equals(from)) {
                            to.add(matcher.group(1));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dependencies;
    }

    private static List<String> visit(
            String node, Map<String, Set<String>> dependencies, Set<String> done, Deque<String> path) {
        if (path.contains(node)) {
            List<String> cycle = new ArrayList<>(path);
            cycle.add(node);
            return cycle.subList(cycle.indexOf(node), cycle.size());
        }
        if (!done.add(node)) {
            return List.of();
        }
        path.addLast(node);
        for (String next : dependencies.getOrDefault(node, Set.of())) {
            List<String> found = visit(next, dependencies, done, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        path.removeLast();
        return List.of();
    }
}
