package io.iotdm.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
import org.junit.jupiter.api.Test;

/**
 * No package of the group-service depends, through others, on itself: each package's imports of the service's other
 * packages (read from the source tree) form an acyclic graph.
 */
class PackageCyclesTest {

    private static final Path SOURCES = Path.of("src/main/java/io/iotdm/group");
    private static final Pattern IMPORT =
            Pattern.compile("^import (?:static )?io\\.iotdm\\.group\\.([a-z][a-z0-9]*)\\.");

    @Test
    void packagesFormNoCycle() throws IOException {
        Map<String, Set<String>> dependencies = dependencies();
        assertThat(dependencies).isNotEmpty();
        assertThat(cycle(dependencies)).as("a cycle of packages").isEmpty();
    }

    /** Each package's dependencies on the service's other packages (the root package, configuration, left out). */
    private static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> dependencies = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file :
                    files.filter(path -> path.toString().endsWith(".java")).toList()) {
                Path relative = SOURCES.relativize(file);
                if (relative.getNameCount() < 2) {
                    continue;
                }
                String from = relative.getName(0).toString();
                Set<String> to = dependencies.computeIfAbsent(from, name -> new TreeSet<>());
                for (String line : Files.readAllLines(file)) {
                    Matcher matcher = IMPORT.matcher(line);
                    if (matcher.find() && !matcher.group(1).equals(from)) {
                        to.add(matcher.group(1));
                    }
                }
            }
        }
        return dependencies;
    }

    /** @return the packages of a cycle, in order, or an empty list */
    private static List<String> cycle(Map<String, Set<String>> dependencies) {
        Set<String> done = new TreeSet<>();
        for (String start : dependencies.keySet()) {
            List<String> found = visit(start, dependencies, done, new ArrayDeque<>());
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
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
