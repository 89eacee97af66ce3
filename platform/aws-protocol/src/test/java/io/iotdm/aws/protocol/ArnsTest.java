package io.iotdm.aws.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArnsTest {

    @Test
    void buildsTheArnOfEveryResourceTypeInTheDefaultRegionAndAccount() {
        Arns arns = Arns.DEFAULT;

        assertThat(arns.thing("lamp-1")).isEqualTo("arn:aws:iot:us-east-1:123456789012:thing/lamp-1");
        assertThat(arns.thingType("lamp")).isEqualTo("arn:aws:iot:us-east-1:123456789012:thingtype/lamp");
        assertThat(arns.thingGroup("floor-3")).isEqualTo("arn:aws:iot:us-east-1:123456789012:thinggroup/floor-3");
        assertThat(arns.billingGroup("b1")).isEqualTo("arn:aws:iot:us-east-1:123456789012:billinggroup/b1");
        assertThat(arns.certificate("0a1b")).isEqualTo("arn:aws:iot:us-east-1:123456789012:cert/0a1b");
        assertThat(arns.caCertificate("0a1b")).isEqualTo("arn:aws:iot:us-east-1:123456789012:cacert/0a1b");
        assertThat(arns.policy("p1")).isEqualTo("arn:aws:iot:us-east-1:123456789012:policy/p1");
        assertThat(arns.job("fw-1")).isEqualTo("arn:aws:iot:us-east-1:123456789012:job/fw-1");
        assertThat(arns.jobTemplate("t1")).isEqualTo("arn:aws:iot:us-east-1:123456789012:jobtemplate/t1");
        assertThat(arns.provisioningTemplate("fleet"))
                .isEqualTo("arn:aws:iot:us-east-1:123456789012:provisioningtemplate/fleet");
        assertThat(arns.index("AWS_Things")).isEqualTo("arn:aws:iot:us-east-1:123456789012:index/AWS_Things");
    }

    @Test
    void usesTheConfiguredRegionAndAccount() {
        assertThat(new Arns("eu-central-1", "210987654321").thing("lamp-1"))
                .isEqualTo("arn:aws:iot:eu-central-1:210987654321:thing/lamp-1");
    }
}
