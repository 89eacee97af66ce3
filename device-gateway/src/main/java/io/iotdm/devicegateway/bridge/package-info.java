/**
 * The cloud-to-device half of the device bridge: what services send to devices on {@code iotdm.device.outbound},
 * published into this instance's broker (docs/architecture.md, "The device bridge"). The device-to-cloud half is in
 * the broker's publish authorization ({@code broker.DeviceRequests}), where a request must be on Kafka before its PUBACK.
 */
package io.iotdm.devicegateway.bridge;
