package io.iotdm.indexing.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.iotdm.fleetquery.FleetQuery;
import io.iotdm.fleetquery.InvalidQueryException;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch._types.query_dsl.Query;

class QueryTranslatorTest {

    private static final JsonMapper JSON = new JsonMapper();
    private static final JacksonJsonpMapper MAPPER = new JacksonJsonpMapper();
    private static final QueryTranslator TRANSLATOR =
            new QueryTranslator(List.of("attributes.color", "shadow.reported.mode", "thingName"));

    private static JsonNode translate(String queryString) {
        return json(TRANSLATOR.translate(FleetQuery.parse(queryString), queryString));
    }

    static JsonNode json(Query query) {
        StringWriter out = new StringWriter();
        try (var generator = MAPPER.jsonProvider().createGenerator(out)) {
            query.serialize(generator, MAPPER);
        }
        try {
            return JSON.readTree(out.toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode expect(String json) {
        try {
            return JSON.readTree(json.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void matchAll() {
        assertThat(translate("*")).isEqualTo(expect("{'match_all':{}}"));
    }

    @Test
    void termOnAKeywordFieldIsCaseInsensitive() {
        assertThat(translate("thingName:Abc"))
                .isEqualTo(expect("{'term':{'thingName':{'value':'Abc','case_insensitive':true}}}"));
        assertThat(translate("attributes.model:\"Big Box\""))
                .isEqualTo(expect("{'term':{'attributes.model':{'value':'Big Box','case_insensitive':true}}}"));
    }

    @Test
    void aNumberAlsoMatchesTheNumericTwin() {
        assertThat(translate("shadow.reported.myvalues:2"))
                .isEqualTo(expect("{'bool':{'should':["
                        + "{'term':{'shadow.reported.myvalues':{'value':'2','case_insensitive':true}}},"
                        + "{'term':{'numeric.shadow.reported.myvalues':{'value':2.0}}}],"
                        + "'minimum_should_match':'1'}}"));
    }

    @Test
    void booleansAndLongs() {
        assertThat(translate("shadow.hasDelta:TRUE")).isEqualTo(expect("{'term':{'shadow.hasDelta':{'value':true}}}"));
        assertThat(translate("connectivity.connected:false"))
                .isEqualTo(expect("{'term':{'connectivity.connected':{'value':false}}}"));
        assertThat(translate("shadow.name.cfg.hasDelta:true"))
                .isEqualTo(expect("{'term':{'shadow.name.cfg.hasDelta':{'value':true}}}"));
        assertThat(translate("shadow.hasDelta:maybe")).isEqualTo(expect("{'match_none':{}}"));
        assertThat(translate("connectivity.timestamp > 1557651600000"))
                .isEqualTo(expect("{'range':{'connectivity.timestamp':{'gt':1.5576516E12}}}"));
        assertThat(translate("registry.version:3"))
                .isEqualTo(expect("{'range':{'registry.version':{'gte':3.0,'lte':3.0}}}"));
    }

    @Test
    void wildcardsAndPrefixes() {
        assertThat(translate("thingName:abc*"))
                .isEqualTo(expect("{'prefix':{'thingName':{'value':'abc','case_insensitive':true}}}"));
        assertThat(translate("thingName:ab?"))
                .isEqualTo(expect("{'wildcard':{'thingName':{'value':'ab?','case_insensitive':true}}}"));
        assertThat(translate("attributes.x:i*t"))
                .isEqualTo(expect("{'wildcard':{'attributes.x':{'value':'i*t','case_insensitive':true}}}"));
        assertThat(translate("shadow.hasDelta:t*")).isEqualTo(expect("{'term':{'shadow.hasDelta':{'value':true}}}"));
    }

    @Test
    void rangesGoToTheNumericTwinUnlessTheBoundsAreStrings() {
        assertThat(translate("attributes.myAttribute:[75 TO 80]"))
                .isEqualTo(expect("{'range':{'numeric.attributes.myAttribute':{'gte':75.0,'lte':80.0}}}"));
        assertThat(translate("attributes.n:{75 TO 80]"))
                .isEqualTo(expect("{'range':{'numeric.attributes.n':{'gt':75.0,'lte':80.0}}}"));
        assertThat(translate("attributes.attr2<5"))
                .isEqualTo(expect("{'range':{'numeric.attributes.attr2':{'lt':5.0}}}"));
        assertThat(translate("shadow.reported.temp >= 20.5"))
                .isEqualTo(expect("{'range':{'numeric.shadow.reported.temp':{'gte':20.5}}}"));
        assertThat(translate("attributes.s:[\"abcd\" TO \"abcf\"]"))
                .isEqualTo(expect("{'range':{'attributes.s':{'gte':'abcd','lte':'abcf'}}}"));
    }

    @Test
    void existenceCoversObjectValuedShadowPaths() {
        assertThat(translate("attributes.x:*")).isEqualTo(expect("{'exists':{'field':'attributes.x'}}"));
        assertThat(translate("shadow.reported.location:*"))
                .isEqualTo(expect("{'bool':{'should':[{'exists':{'field':'shadow.reported.location'}},"
                        + "{'exists':{'field':'shadow.reported.location.*'}}],'minimum_should_match':'1'}}"));
        assertThat(translate("NOT attributes.x:*"))
                .isEqualTo(expect("{'bool':{'must_not':[{'exists':{'field':'attributes.x'}}]}}"));
    }

    @Test
    void booleanOperators() {
        assertThat(translate("attributes.a:x AND attributes.b:y"))
                .isEqualTo(expect("{'bool':{'filter':["
                        + "{'term':{'attributes.a':{'value':'x','case_insensitive':true}}},"
                        + "{'term':{'attributes.b':{'value':'y','case_insensitive':true}}}]}}"));
        assertThat(translate("thingName:a OR thingName:b"))
                .isEqualTo(expect("{'bool':{'should':["
                        + "{'term':{'thingName':{'value':'a','case_insensitive':true}}},"
                        + "{'term':{'thingName':{'value':'b','case_insensitive':true}}}],"
                        + "'minimum_should_match':'1'}}"));
        assertThat(translate("thingName:(tv* AND -plasma)"))
                .isEqualTo(
                        expect(
                                "{'bool':{'filter':["
                                        + "{'prefix':{'thingName':{'value':'tv','case_insensitive':true}}},"
                                        + "{'bool':{'must_not':[{'term':{'thingName':{'value':'plasma','case_insensitive':true}}}]}}]}}"));
    }

    @Test
    void unfieldedTermsSearchTheCatalogFields() {
        assertThat(translate("Red"))
                .isEqualTo(expect("{'bool':{'should':["
                        + "{'term':{'attributes.color':{'value':'Red','case_insensitive':true}}},"
                        + "{'term':{'shadow.reported.mode':{'value':'Red','case_insensitive':true}}},"
                        + "{'term':{'thingName':{'value':'Red','case_insensitive':true}}}],"
                        + "'minimum_should_match':'1'}}"));
        assertThat(translate("re*").path("bool").path("should").get(0))
                .isEqualTo(expect("{'prefix':{'attributes.color':{'value':'re','case_insensitive':true}}}"));
        assertThat(json(new QueryTranslator(List.of()).translate(FleetQuery.parse("abc"), "abc")))
                .isEqualTo(expect("{'match_none':{}}"));
    }

    @Test
    void tooManyFieldsFallBackToMultiMatch() {
        List<String> fields = IntStream.range(0, QueryTranslator.MAX_CLAUSES + 1)
                .mapToObj(i -> "attributes.a" + i)
                .toList();
        JsonNode query = json(new QueryTranslator(fields).translate(FleetQuery.parse("abc"), "abc"));
        assertThat(query.path("multi_match").path("query").asText()).isEqualTo("abc");
        assertThat(query.path("multi_match").path("lenient").asBoolean()).isTrue();
        assertThat(query.path("multi_match").path("fields").toString()).contains("attributes.*", "shadow.*");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "thingname:abc",
                "attributes:abc",
                "shadow.reported:1",
                "shadow.foo.bar:1",
                "shadow.name.cfg:1",
                "shadow.name.cfg.other.x:1",
                "connectivity.clientId:x",
                "sync.registry.version:1",
                "live:true",
                "shadowDocument.classic:*",
                "numeric.attributes.x > 3"
            })
    void unknownFieldsAreAwsInvalidFieldNames(String queryString) {
        String field = FleetQuery.parse(queryString).fields().iterator().next();
        assertThatThrownBy(() -> translate(queryString))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessage("Unable to parse query, invalid field name, field name: " + field + ", query string: "
                        + queryString);
    }

    @Test
    void knownFieldsAreAccepted() {
        for (String queryString : List.of(
                "thingId:x",
                "thingTypeName:x",
                "thingGroupNames:x",
                "registry.thingTypeName:x",
                "shadow.desired.a.b:1",
                "shadow.delta.a:1",
                "shadow.version:2",
                "shadow.name.cfg.desired.filament:*",
                "shadow.name.cfg.reported.x:1",
                "connectivity.disconnectReason:CLIENT_INITIATED_DISCONNECT")) {
            assertThat(translate(queryString)).as(queryString).isNotNull();
        }
        assertThat(translate("registry.thingTypeName:x"))
                .isEqualTo(expect("{'term':{'thingTypeName':{'value':'x','case_insensitive':true}}}"));
    }
}
