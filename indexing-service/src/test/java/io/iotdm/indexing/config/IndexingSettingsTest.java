package io.iotdm.indexing.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

class IndexingSettingsTest {

    private static final JsonMapper JSON = new JsonMapper();

    private static IndexingSettings settings(String thingConfiguration) throws Exception {
        return new IndexingSettings(JSON.readTree("{\"thingIndexingConfiguration\": " + thingConfiguration + "}"));
    }

    @Test
    void theDefaultIndexesEveryField() {
        IndexingSettings settings = IndexingSettings.DEFAULT;
        assertThat(settings.fieldIndexed("thingName")).isTrue();
        assertThat(settings.fieldIndexed("shadow.reported.a.b")).isTrue();
        assertThat(settings.fieldIndexed("shadow.name.any.desired.x")).isTrue();
        assertThat(settings.fieldIndexed("connectivity.connected")).isTrue();
        assertThat(settings.fieldIndexed("deviceDefender.violationCount")).isFalse();
        assertThat(settings.schema()).isEqualTo("MULTI_INDEXING_MODE");
    }

    @Test
    void fieldsFollowTheModes() throws Exception {
        IndexingSettings registry = settings("{\"thingIndexingMode\": \"REGISTRY\"}");
        assertThat(registry.fieldIndexed("attributes.a")).isTrue();
        assertThat(registry.fieldIndexed("shadow.hasDelta")).isFalse();
        assertThat(registry.fieldIndexed("shadow.name.cfg.hasDelta")).isFalse();
        assertThat(registry.fieldIndexed("connectivity.connected")).isFalse();
        assertThat(registry.schema()).isEqualTo("REGISTRY");

        IndexingSettings filtered = settings("{\"thingIndexingMode\": \"REGISTRY_AND_SHADOW\","
                + " \"namedShadowIndexingMode\": \"ON\", \"filter\": {\"namedShadowNames\": [\"cfg\"]}}");
        assertThat(filtered.fieldIndexed("shadow.name.cfg.reported.x")).isTrue();
        assertThat(filtered.fieldIndexed("shadow.name.other.reported.x")).isFalse();
        assertThat(filtered.fieldIndexed("shadow.desired.x")).isTrue();

        IndexingSettings off = settings("{\"thingIndexingMode\": \"OFF\"}");
        assertThat(off.thingIndexOn()).isFalse();
        assertThat(off.fieldIndexed("thingName")).isFalse();
    }

    @Test
    void schemas() throws Exception {
        assertThat(settings("{\"thingIndexingMode\": \"REGISTRY_AND_SHADOW\"}").schema())
                .isEqualTo("REGISTRY_AND_SHADOW");
        assertThat(settings("{\"thingIndexingMode\": \"REGISTRY\", \"thingConnectivityIndexingMode\": \"STATUS\"}")
                        .schema())
                .isEqualTo("REGISTRY_AND_CONNECTIVITY_STATUS");
        assertThat(settings("{\"thingIndexingMode\": \"REGISTRY_AND_SHADOW\","
                                + " \"thingConnectivityIndexingMode\": \"STATUS\"}")
                        .schema())
                .isEqualTo("REGISTRY_AND_SHADOW_AND_CONNECTIVITY_STATUS");
        assertThat(settings("{\"thingIndexingMode\": \"REGISTRY\", \"deviceDefenderIndexingMode\": \"VIOLATIONS\"}")
                        .schema())
                .isEqualTo("MULTI_INDEXING_MODE");
    }
}
