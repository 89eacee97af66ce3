package io.iotdm.deploy;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A service of the repository: a module of the root pom whose {@code src/main/resources/application.properties} names
 * a Quarkus application, read as the jar would carry it, so that deploy/ is checked against what the services need
 * rather than against a list kept beside it.
 *
 * @param name {@code quarkus.application.name}, which is also the module's directory and its Deployment's name
 * @param properties the module's own application.properties (its local defaults)
 */
record ServiceModule(String name, Properties properties) {

    /** The datasource URLs a service may set; each one it sets must be set again for the cluster. */
    private static final List<String> DATASOURCE_URLS =
            List.of("quarkus.datasource.jdbc.url", "quarkus.datasource.reactive.url");

    private static final Path ROOT = Kustomize.DEPLOY.getParent();
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

    /** Every service module of the root pom, in the pom's order. */
    static List<ServiceModule> all() throws IOException {
        Matcher modules = MODULE.matcher(Files.readString(ROOT.resolve("pom.xml")));
        List<ServiceModule> services = new ArrayList<>();
        while (modules.find()) {
            Path file = ROOT.resolve(modules.group(1)).resolve("src/main/resources/application.properties");
            if (Files.isRegularFile(file)) {
                Properties properties = new Properties();
                try (Reader reader = Files.newBufferedReader(file)) {
                    properties.load(reader);
                }
                String name = properties.getProperty("quarkus.application.name");
                if (name != null) {
                    services.add(new ServiceModule(name, properties));
                }
            }
        }
        return services;
    }

    /** The iotdm services that own AWS operations (api-scope.json), whether or not they exist yet. */
    static Set<String> operationOwners() throws IOException {
        Path scope = ROOT.resolve("platform/aws-protocol/src/main/resources/aws-models/api-scope.json");
        try (Reader reader = Files.newBufferedReader(scope)) {
            // JSON is YAML: no second parser for one file
            Object owners = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            return Manifest.map(owners).keySet();
        }
    }

    /** The datasource URL keys the service sets itself. */
    List<String> datasourceUrls() {
        return DATASOURCE_URLS.stream().filter(properties::containsKey).toList();
    }

    /** The database its datasource names locally ({@code ./iotdm up} uses the same), if it has one. */
    Optional<String> database() {
        return datasourceUrls().stream()
                .map(key -> databaseOf(properties.getProperty(key)))
                .findFirst();
    }

    boolean usesKafka() {
        return properties.containsKey("kafka.bootstrap.servers");
    }

    /** {@code jdbc:postgresql://host:port/db} or {@code postgresql://host:port/db}, as a URI without the JDBC prefix. */
    static URI postgresUri(String url) {
        return URI.create(url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url);
    }

    static String databaseOf(String url) {
        return postgresUri(url).getPath().substring(1);
    }
}
