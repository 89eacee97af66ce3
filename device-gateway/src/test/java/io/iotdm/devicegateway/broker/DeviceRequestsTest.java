package io.iotdm.devicegateway.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which topics are requests that go to Kafka, and their keys (docs/aws-behaviour.md §9.6). */
class DeviceRequestsTest {

    @Test
    void shadowAndJobsRequestsAreKeyedByTheThing() {
        for (String request : new String[] {
            "$aws/things/lamp-1/shadow/get",
            "$aws/things/lamp-1/shadow/update",
            "$aws/things/lamp-1/shadow/delete",
            "$aws/things/lamp-1/shadow/name/settings/update",
            "$aws/things/lamp-1/jobs/get",
            "$aws/things/lamp-1/jobs/start-next",
            "$aws/things/lamp-1/jobs/$next/get",
            "$aws/things/lamp-1/jobs/job-7/get",
            "$aws/things/lamp-1/jobs/job-7/update"
        }) {
            assertThat(DeviceRequests.key(request, "client-9")).as(request).contains("lamp-1");
            assertThat(DeviceRequests.isRequest(request)).as(request).isTrue();
            assertThat(DeviceRequests.mayPublish(request)).as(request).isTrue();
        }
    }

    @Test
    void provisioningRequestsAreKeyedByTheClient() {
        for (String request : new String[] {
            "$aws/certificates/create/json",
            "$aws/certificates/create/cbor",
            "$aws/certificates/create-from-csr/json",
            "$aws/certificates/create-from-csr/cbor",
            "$aws/provisioning-templates/fleet/provision/json",
            "$aws/provisioning-templates/fleet/provision/cbor"
        }) {
            assertThat(DeviceRequests.key(request, "client-9")).as(request).contains("client-9");
            assertThat(DeviceRequests.isRequest(request)).as(request).isTrue();
            assertThat(DeviceRequests.mayPublish(request)).as(request).isTrue();
        }
    }

    @Test
    void answersAndOrdinaryTopicsAreNoRequests() {
        for (String topic : new String[] {
            "$aws/things/lamp-1/shadow/update/accepted",
            "$aws/things/lamp-1/shadow/update/delta",
            "$aws/things/lamp-1/shadow/name/settings/get/accepted",
            "$aws/things/lamp-1/shadow/list",
            "$aws/things/lamp-1/jobs/notify-next",
            "$aws/things/lamp-1/jobs/job-7/update/accepted",
            "$aws/certificates/create/json/accepted",
            "$aws/certificates/create/xml",
            "$aws/provisioning-templates/fleet/provision/json/rejected",
            "$aws/events/presence/connected/client-9",
            "devices/client-9/shadow/update",
            "things/lamp-1/shadow/update"
        }) {
            assertThat(DeviceRequests.key(topic, "client-9")).as(topic).isEmpty();
            assertThat(DeviceRequests.isRequest(topic)).as(topic).isFalse();
        }
    }

    @Test
    void onReservedTopicsDevicesMayPublishOnlyRequests() {
        for (String topic : new String[] {
            "$aws/things/lamp-1/shadow/update/delta",
            "$aws/things/lamp-1/jobs/notify-next",
            "$aws/certificates/create/json/accepted",
            "$aws/events/presence/connected/client-9"
        }) {
            assertThat(DeviceRequests.mayPublish(topic)).as(topic).isFalse();
        }
        for (String topic : new String[] {"devices/client-9/temperature", "things/lamp-1/shadow/update/delta"}) {
            assertThat(DeviceRequests.mayPublish(topic)).as(topic).isTrue();
        }
    }
}
