package io.iotdm.fleetquery;

import static org.assertj.core.api.Assertions.assertThat;

import org.antlr.v4.runtime.RuntimeMetaData;
import org.junit.jupiter.api.Test;

class RuntimeVersionTest {

    @Test
    void theGeneratedParserMatchesTheAntlrRuntime() {
        // The runtime comes from the Quarkus BOM, the tool from antlr4.version in this module's pom: keep them equal
        // (a mismatch only warns on stderr at run time, and may misbehave).
        assertThat(RuntimeMetaData.VERSION).isEqualTo(System.getProperty("antlr4.tool.version"));
    }
}
