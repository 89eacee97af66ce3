package io.iotdm.jobs.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

/** The placeholders of job documents (docs/aws-behaviour.md §5.22): the URL forms AWS documents, and only those. */
class PresignedUrlPlaceholdersTest {

    @Test
    void pathStyleAndVirtualHostedUrlsNameTheirObject() {
        String document = "{\"a\":\"${aws:iot:s3-presigned-url:https://s3.amazonaws.com/firmware/app/1.2.bin}\","
                + "\"b\":\"${aws:iot:s3-presigned-url:https://s3.eu-west-1.amazonaws.com/fw/x%20y.bin}\","
                + "\"c\":\"${aws:iot:s3-presigned-url:https://fw.s3.us-east-1.amazonaws.com/key.bin}\","
                + "\"d\":\"${aws:iot:s3-presigned-url:https:\\/\\/s3.amazonaws.com\\/fw\\/escaped.bin}\"}";

        assertThat(PresignedUrlPlaceholders.objects(document))
                .containsExactly(
                        new PresignedUrlPlaceholders.S3Object("firmware", "app/1.2.bin"),
                        new PresignedUrlPlaceholders.S3Object("fw", "x y.bin"),
                        new PresignedUrlPlaceholders.S3Object("fw", "key.bin"),
                        new PresignedUrlPlaceholders.S3Object("fw", "escaped.bin"));
    }

    @Test
    void eachPlaceholderIsReplacedAndTheJsonAroundItKept() throws Exception {
        String document = "{\"presign\":\"${aws:iot:s3-presigned-url:https://s3.amazonaws.com/fw/a.bin}\",\"n\":1}";

        String replaced = PresignedUrlPlaceholders.replace(
                document,
                object -> "http://store:9000/" + object.bucket() + "/" + object.key() + "?X-Amz-Signature=$1");

        assertThat(new JsonMapper().readTree(replaced).path("presign").asText())
                .isEqualTo("http://store:9000/fw/a.bin?X-Amz-Signature=$1");
        assertThat(replaced).endsWith(",\"n\":1}");
    }

    @Test
    void aUrlThatNamesNoS3ObjectIsRefused() {
        for (String url : new String[] {
            "https://example.com/fw/a.bin", "http://s3.amazonaws.com/fw/a.bin", "https://s3.amazonaws.com/fw"
        }) {
            assertThatThrownBy(() ->
                            PresignedUrlPlaceholders.objects("{\"p\":\"${aws:iot:s3-presigned-url:" + url + "}\"}"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(url);
        }
        assertThat(PresignedUrlPlaceholders.present("{\"operation\":\"reboot\"}"))
                .isFalse();
    }
}
