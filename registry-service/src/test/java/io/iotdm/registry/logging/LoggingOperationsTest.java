package io.iotdm.registry.logging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.agroal.api.AgroalDataSource;
import io.iotdm.registry.RegistryTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * V2 logging over the AWS REST-JSON interface. The options are one per account and shared by every test of the JVM:
 * each test sets the options it relies on, and names its log targets uniquely.
 */
@QuarkusTest
@RegistryTestResource
class LoggingOperationsTest {

    private static final JsonMapper JSON = new JsonMapper();

    @Inject
    AgroalDataSource dataSource;

    @Inject
    LoggingConfig config;

    @Test
    void untilOptionsAreSetLoggingIsNotConfigured() throws Exception {
        // no operation unsets the options, as in AWS: a fresh account is made here by removing them
        sql("DELETE FROM v2_logging_options");

        given().get("/v2LoggingOptions").then().statusCode(404).header("x-amzn-ErrorType", "NotConfiguredException");
        setLevel("CLIENT_ID", unique("client"), "INFO")
                .statusCode(404)
                .header("x-amzn-ErrorType", "NotConfiguredException");
        given().get("/v2LoggingLevel").then().statusCode(404).header("x-amzn-ErrorType", "NotConfiguredException");
        // DeleteV2LoggingLevel declares no NotConfiguredException
        given().delete("/v2LoggingLevel?targetType=CLIENT_ID&targetName=" + unique("client"))
                .then()
                .statusCode(200);

        configure("{\"defaultLogLevel\":\"WARN\"}");
        given().get("/v2LoggingOptions").then().statusCode(200).body("defaultLogLevel", equalTo("WARN"));
    }

    @Test
    void setOptionsReplacesEveryOption() {
        configure("{\"roleArn\":\"arn:aws:iam::123456789012:role/iotLogging\",\"defaultLogLevel\":\"ERROR\","
                + "\"disableAllLogs\":true,\"eventConfigurations\":[{\"eventType\":\"Publish-In\","
                + "\"logLevel\":\"DEBUG\",\"logDestination\":\"my/log-group\"}]}");
        given().get("/v2LoggingOptions")
                .then()
                .statusCode(200)
                .body("roleArn", equalTo("arn:aws:iam::123456789012:role/iotLogging"))
                .body("defaultLogLevel", equalTo("ERROR"))
                .body("disableAllLogs", equalTo(true))
                .body("eventConfigurations[0].eventType", equalTo("Publish-In"))
                .body("eventConfigurations[0].logLevel", equalTo("DEBUG"))
                .body("eventConfigurations[0].logDestination", equalTo("my/log-group"));

        configure("{\"defaultLogLevel\":\"INFO\"}");
        JsonNode options = read(given().get("/v2LoggingOptions").then().statusCode(200));
        assertThat(options.get("defaultLogLevel").asText()).isEqualTo("INFO");
        assertThat(options.get("disableAllLogs").asBoolean()).isFalse();
        assertThat(options.has("roleArn")).isFalse();
        assertThat(options.has("eventConfigurations")).isFalse();
    }

    @Test
    void levelsAreSetReplacedListedAndDeleted() {
        configure("{\"defaultLogLevel\":\"WARN\"}");
        String group = unique("group");
        String client = unique("client");
        setLevel("THING_GROUP", group, "DEBUG").statusCode(200).body(equalTo("{}"));
        setLevel("THING_GROUP", group, "ERROR").statusCode(200);
        setLevel("CLIENT_ID", client, "INFO").statusCode(200);

        List<JsonNode> groups = listAll("targetType=THING_GROUP");
        assertThat(groups)
                .allMatch(entry -> entry.at("/logTarget/targetType").asText().equals("THING_GROUP"));
        assertThat(levelOf(groups, group)).isEqualTo("ERROR");
        assertThat(levelOf(listAll("maxResults=250"), client)).isEqualTo("INFO");

        // DEFAULT is the account's defaultLogLevel, listed without a name
        List<JsonNode> defaults = listAll("targetType=DEFAULT");
        assertThat(defaults).hasSize(1);
        assertThat(defaults.get(0).get("logTarget").has("targetName")).isFalse();
        assertThat(defaults.get(0).get("logLevel").asText()).isEqualTo("WARN");
        setLevel("DEFAULT", null, "DEBUG").statusCode(200);
        given().get("/v2LoggingOptions").then().body("defaultLogLevel", equalTo("DEBUG"));

        given().delete("/v2LoggingLevel?targetType=THING_GROUP&targetName=" + group)
                .then()
                .statusCode(200)
                .body(equalTo("{}"));
        assertThat(levelOf(listAll("targetType=THING_GROUP"), group)).isNull();
        given().delete("/v2LoggingLevel?targetType=DEFAULT&targetName=any")
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");
        given().delete("/v2LoggingLevel?targetType=CLIENT_ID&targetName=" + client)
                .then()
                .statusCode(200);
    }

    @Test
    void listingPagesWithTokensBoundToTheFilter() {
        configure("{\"defaultLogLevel\":\"WARN\"}");
        String prefix = unique("page");
        for (int i = 0; i < 3; i++) {
            setLevel("SOURCE_IP", prefix + "-" + i, "INFO").statusCode(200);
        }
        JsonNode first = read(given().get("/v2LoggingLevel?targetType=SOURCE_IP&maxResults=1")
                .then()
                .statusCode(200));
        assertThat(first.get("logTargetConfigurations")).hasSize(1);
        String token = first.get("nextToken").asText();

        List<String> names = new ArrayList<>();
        listAll("targetType=SOURCE_IP&maxResults=1")
                .forEach(entry -> names.add(entry.at("/logTarget/targetName").asText()));
        assertThat(names).isSorted().contains(prefix + "-0", prefix + "-1", prefix + "-2");

        given().get("/v2LoggingLevel?targetType=PRINCIPAL_ID&nextToken=" + token)
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");
        String tampered = (token.startsWith("A") ? "B" : "A") + token.substring(1); // another cursor, same MAC
        given().get("/v2LoggingLevel?targetType=SOURCE_IP&nextToken=" + tampered)
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");

        for (int i = 0; i < 3; i++) {
            given().delete("/v2LoggingLevel?targetType=SOURCE_IP&targetName=" + prefix + "-" + i)
                    .then()
                    .statusCode(200);
        }
    }

    @Test
    void theLimitCountsNamedTargetsAndAReplacementAddsNone() throws Exception {
        configure("{\"defaultLogLevel\":\"WARN\"}");
        String prefix = unique("limit");
        // fill up to the limit directly: a thousand API calls would only slow the test
        sql(
                "INSERT INTO v2_logging_level (target_type, target_name, log_level)"
                        + " SELECT 'PRINCIPAL_ID', ? || n, 'INFO' FROM generate_series(1, GREATEST(0, ?"
                        + " - (SELECT count(*) FROM v2_logging_level))) AS n",
                prefix + "-",
                config.maxLogTargets());
        try {
            setLevel("PRINCIPAL_ID", prefix + "-new", "INFO")
                    .statusCode(410)
                    .header("x-amzn-ErrorType", "LimitExceededException");
            setLevel("PRINCIPAL_ID", prefix + "-1", "DEBUG").statusCode(200);
            setLevel("DEFAULT", null, "ERROR").statusCode(200);
        } finally {
            sql("DELETE FROM v2_logging_level WHERE target_name LIKE ? || '%'", prefix + "-");
        }
    }

    @Test
    void badInputGetsTheModelsValidationErrors() {
        configure("{\"defaultLogLevel\":\"WARN\"}");
        setLevel("THING_GROUP", unique("group"), "LOUD")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("1 validation error detected: Value 'LOUD' at 'logLevel' failed to satisfy"
                                + " constraint: Member must satisfy enum value set: [DEBUG, INFO, ERROR, WARN,"
                                + " DISABLED]"));
        given().get("/v2LoggingLevel?targetType=THING")
                .then()
                .statusCode(400)
                .body(
                        "message",
                        equalTo("1 validation error detected: Value 'THING' at 'targetType' failed to satisfy"
                                + " constraint: Member must satisfy enum value set: [DEFAULT, THING_GROUP,"
                                + " CLIENT_ID, SOURCE_IP, PRINCIPAL_ID]"));
        setLevel("CLIENT_ID", null, "INFO")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body("message", equalTo("targetName is required for targetType CLIENT_ID"));
    }

    private static void configure(String options) {
        given().contentType(ContentType.JSON)
                .body(options)
                .post("/v2LoggingOptions")
                .then()
                .statusCode(200)
                .body(equalTo("{}"));
    }

    private static ValidatableResponse setLevel(String targetType, String targetName, String logLevel) {
        String target = "\"targetType\":\"" + targetType + "\""
                + (targetName == null ? "" : ",\"targetName\":\"" + targetName + "\"");
        return given().contentType(ContentType.JSON)
                .body("{\"logTarget\":{" + target + "},\"logLevel\":\"" + logLevel + "\"}")
                .post("/v2LoggingLevel")
                .then();
    }

    /** Every entry of the listing, page after page. */
    private static List<JsonNode> listAll(String query) {
        List<JsonNode> entries = new ArrayList<>();
        String token = null;
        do {
            JsonNode page = read(given().get("/v2LoggingLevel?" + query + (token == null ? "" : "&nextToken=" + token))
                    .then()
                    .statusCode(200));
            page.get("logTargetConfigurations").forEach(entries::add);
            token = page.hasNonNull("nextToken") ? page.get("nextToken").asText() : null;
        } while (token != null);
        return entries;
    }

    private static String levelOf(List<JsonNode> entries, String targetName) {
        return entries.stream()
                .filter(entry ->
                        targetName.equals(entry.at("/logTarget/targetName").asText()))
                .map(entry -> entry.get("logLevel").asText())
                .findFirst()
                .orElse(null);
    }

    private void sql(String statement, Object... parameters) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement prepared = connection.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                prepared.setObject(i + 1, parameters[i]);
            }
            prepared.executeUpdate();
        }
    }

    private static JsonNode read(ValidatableResponse response) {
        try {
            return JSON.readTree(response.extract().asString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
