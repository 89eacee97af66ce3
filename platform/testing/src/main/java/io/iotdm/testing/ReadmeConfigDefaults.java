package io.iotdm.testing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Holds a service's README to its code: every {@code iotdm.<service>.*} key that the README's configuration table
 * states a default for must be a key of one of the service's {@link ConfigMapping}s, with that default. Run from the
 * module's directory (surefire's working directory), after compilation: the mappings are read from
 * {@code target/classes}, without starting the service.
 *
 * <p>A table row names a key and its default in back-quotes; a row may name several ({@code `a.b.c` / `d`} with
 * {@code `1` / `2s`}), the later keys relative to the first one's last segment. The effective default is the one
 * {@code application.properties} sets without a profile, else the mapping's {@link WithDefault}.
 */
public final class ReadmeConfigDefaults {

    private static final Pattern QUOTED = Pattern.compile("`([^`]*)`");
    private static final String MAPPING_DESCRIPTOR = "Lio/smallrye/config/ConfigMapping;";

    private ReadmeConfigDefaults() {}

    /**
     * The keys under {@code prefix} and the defaults the README's tables state, in the order of the README; {@code null}
     * for a key whose default cell says {@code (none)} (a secret that has no default).
     */
    public static Map<String, String> stated(Path readme, String prefix) {
        Map<String, String> stated = new LinkedHashMap<>();
        for (String line : lines(readme)) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("\\|");
            List<String> keys = quoted(cells[1]);
            if (!keys.getFirst().startsWith(prefix)) {
                continue;
            }
            List<String> defaults = quoted(cells[2]);
            String first = keys.getFirst();
            String parent = first.substring(0, first.lastIndexOf('.') + 1);
            for (int i = 0; i < keys.size(); i++) {
                String key = i == 0 ? first : parent + keys.get(i);
                stated.put(key, statedDefault(defaults, i, cells[2].trim()));
            }
        }
        return stated;
    }

    /** Every key of the module's config mappings with its effective default ({@code null} when it has none). */
    public static Map<String, String> mapped(Path module) {
        Properties properties = new Properties();
        Path file = module.resolve("src/main/resources/application.properties");
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Map<String, String> mapped = new LinkedHashMap<>();
        Path classes = module.resolve("target/classes");
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path path : files.filter(ReadmeConfigDefaults::mentionsMapping).toList()) {
                Class<?> mapping = load(classes.relativize(path));
                if (!mapping.isAnnotationPresent(ConfigMapping.class)) {
                    continue;
                }
                collect(mapping, mapping.getAnnotation(ConfigMapping.class).prefix(), properties, mapped);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return mapped;
    }

    /** A mapping's keys under {@code prefix}; a group of keys (an interface of the module's own) is walked into. */
    private static void collect(Class<?> type, String prefix, Properties properties, Map<String, String> mapped) {
        for (Method method : type.getMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || method.isDefault()) {
                continue;
            }
            WithName name = method.getAnnotation(WithName.class);
            String key = prefix + "." + (name != null ? name.value() : kebab(method.getName()));
            Class<?> returned = method.getReturnType();
            if (returned.isInterface() && returned.getPackageName().startsWith("io.iotdm.")) {
                collect(returned, key, properties, mapped);
                continue;
            }
            WithDefault value = method.getAnnotation(WithDefault.class);
            mapped.put(key, properties.getProperty(key, value == null ? null : value.value()));
        }
    }

    /** What the README states that the mappings do not: one line per key, empty when they agree. */
    public static List<String> disagreements(Path module, String prefix) {
        Map<String, String> mapped = mapped(module);
        List<String> disagreements = new ArrayList<>();
        stated(module.resolve("README.md"), prefix).forEach((key, value) -> {
            if (!mapped.containsKey(key)) {
                disagreements.add(key + ": stated " + value + ", but no config mapping has the key");
            } else if (!Objects.equals(value, mapped.get(key))) {
                disagreements.add(key + ": stated " + value + ", the mapping's default is " + mapped.get(key));
            }
        });
        return disagreements;
    }

    /** The i-th back-quoted default of a cell; {@code null} for a cell that says {@code (none)}: a key without one. */
    private static String statedDefault(List<String> defaults, int i, String cell) {
        if (i < defaults.size()) {
            return defaults.get(i);
        }
        return "(none)".equals(cell) ? null : "(none stated: " + cell + ")";
    }

    private static boolean mentionsMapping(Path path) {
        if (!path.toString().endsWith(".class")) {
            return false;
        }
        try {
            return new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1).contains(MAPPING_DESCRIPTOR);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Class<?> load(Path classFile) {
        String file = classFile.toString().replace(classFile.getFileSystem().getSeparator(), ".");
        try {
            return Class.forName(
                    file.substring(0, file.length() - ".class".length()),
                    false,
                    ReadmeConfigDefaults.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static List<String> quoted(String cell) {
        List<String> quoted = new ArrayList<>();
        Matcher matcher = QUOTED.matcher(cell);
        while (matcher.find()) {
            quoted.add(matcher.group(1));
        }
        return quoted;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
