package io.iotdm.bench;

import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The fleet scenarios' access to OpenSearch itself (their raw baselines) and where the stack file is. */
final class OpenSearchOptions {

    @Option(
            names = "--opensearch",
            defaultValue = "http://127.0.0.1:29200",
            description = "OpenSearch (default: from stack.properties, else ${DEFAULT-VALUE})")
    URI opensearch;

    @Option(
            names = "--stack-file",
            description = "devstack's stack.properties (default: $IOTDM_DATA_DIR or .iotdm/data)")
    Path stackFile;

    /** Takes the API's and OpenSearch's addresses that devstack recorded, unless given on the command line. */
    void applyStackFile(ApiOptions api, CommandSpec spec) {
        Path path = stackFile != null ? stackFile : StackFile.defaultPath();
        StackFile.read(path).ifPresent(file -> {
            api.apply(file, spec);
            if (!spec.commandLine().getParseResult().hasMatchedOption("--opensearch")) {
                file.get(StackFile.OPENSEARCH_URL).map(URI::create).ifPresent(v -> opensearch = v);
            }
            System.out.println("engine addresses from " + path);
        });
    }
}
