package io.iotdm.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Each engine that the resource hands to a Quarkus test is real: it stores and answers. */
@QuarkusTest
@QuarkusTestResource(
        value = DevStackResource.class,
        initArgs = @ResourceArg(name = DevStackResource.DATABASE, value = "devstack_test"))
class DevStackResourceTest {

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @ConfigProperty(name = "iotdm.indexing.opensearch.url")
    String openSearch;

    @ConfigProperty(name = "iotdm.s3.endpoint")
    String s3Endpoint;

    @ConfigProperty(name = "iotdm.s3.access-key")
    String s3AccessKey;

    @ConfigProperty(name = "iotdm.s3.secret-key")
    String s3SecretKey;

    @Test
    void postgresqlServesTheServiceDatabase() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.createStatement().execute("CREATE TABLE IF NOT EXISTS probe (id int PRIMARY KEY, name text)");
            connection.createStatement().execute("INSERT INTO probe VALUES (1, 'thing') ON CONFLICT (id) DO NOTHING");
            ResultSet row = connection
                    .createStatement()
                    .executeQuery("SELECT current_database(), current_setting('server_version_num'), name FROM probe");
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo("devstack_test");
            assertThat(row.getInt(2)).isBetween(170000, 179999);
            assertThat(row.getString(3)).isEqualTo("thing");
        }
    }

    @Test
    void kafkaRoundTripsARecord() throws Exception {
        String topic = "devstack-probe-" + UUID.randomUUID();
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, "thing-1", "{\"eventType\":\"THING_EVENT\"}"))
                    .get();
        }
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka,
                ConsumerConfig.GROUP_ID_CONFIG,
                "probe-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            ConsumerRecords<String, String> records = ConsumerRecords.empty();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                records = consumer.poll(Duration.ofMillis(500));
            }
            assertThat(records.count()).isEqualTo(1);
            var record = records.iterator().next();
            assertThat(record.key()).isEqualTo("thing-1");
            assertThat(record.value()).isEqualTo("{\"eventType\":\"THING_EVENT\"}");
        }
    }

    @Test
    void openSearchPercolatesAStoredQuery() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String index = "probe-" + UUID.randomUUID();
        assertThat(
                        send(
                                http,
                                "PUT",
                                "/" + index,
                                """
                {"mappings":{"properties":{"query":{"type":"percolator"},"attributes.fw":{"type":"keyword"}}}}"""))
                .contains("\"acknowledged\":true");
        send(
                http,
                "PUT",
                "/" + index + "/_doc/group-old-firmware?refresh=true",
                """
                {"query":{"term":{"attributes.fw":"1.0"}}}""");
        String matching = send(
                http,
                "POST",
                "/" + index + "/_search",
                """
                {"query":{"percolate":{"field":"query","document":{"attributes.fw":"1.0"}}}}""");
        assertThat(matching).contains("\"_id\":\"group-old-firmware\"");
        String other = send(
                http,
                "POST",
                "/" + index + "/_search",
                """
                {"query":{"percolate":{"field":"query","document":{"attributes.fw":"2.3"}}}}""");
        assertThat(other).doesNotContain("group-old-firmware");
    }

    @Test
    void s3StoresAndReturnsAnObject() {
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(URI.create(s3Endpoint))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(s3AccessKey, s3SecretKey)))
                .httpClient(UrlConnectionHttpClient.create())
                // S3Proxy does not take the SDK's default chunked checksums on upload
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build()) {
            String bucket = "probe-" + UUID.randomUUID();
            s3.createBucket(b -> b.bucket(bucket));
            s3.putObject(b -> b.bucket(bucket).key("firmware/v2.bin"), RequestBody.fromString("signed firmware"));
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("firmware/v2.bin"))
                            .asUtf8String())
                    .isEqualTo("signed firmware");
        }
    }

    private String send(HttpClient http, String method, String path, String json) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(openSearch + path))
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return response.body();
    }
}
