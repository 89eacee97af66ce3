/**
 * AWS IoT Device Shadow document rules (docs/aws-behaviour.md §4) as a framework-free library.
 *
 * <p>{@link io.iotdm.registry.shadow.ShadowUpdate#parse} validates an update body,
 * {@link io.iotdm.registry.shadow.ShadowEngine} applies it to the stored
 * {@link io.iotdm.registry.shadow.ShadowDocument} and renders every payload to publish, and
 * {@link io.iotdm.registry.shadow.ShadowException} carries rejections. {@link
 * io.iotdm.registry.shadow.ShadowService} stores shadows for both transports: iot-data's HTTP handlers and the devices'
 * MQTT requests that {@link io.iotdm.registry.shadow.ShadowRequestConsumer} follows on Kafka and {@link
 * io.iotdm.registry.shadow.DeviceShadowRequests} answers, a batch at a time (docs/aws-behaviour.md §4.1).
 *
 * <p>Where the AWS docs are silent, behaviour follows AWS's open-source local shadow service
 * (github.com/aws-greengrass/aws-greengrass-shadow-manager, "GG" below), which mirrors the cloud:
 * <ul>
 *   <li>Nesting: at most 6 levels counting desired/reported as level 1, so 6 keys deep is the maximum; arrays count
 *       as levels, empty {} and [] do not (GG JsonUtil.validatePayloadStateDepth and its 6/7-level tests).</li>
 *   <li>Size: compact UTF-8 JSON of desired plus reported after the merge, metadata excluded, over 8192 bytes is
 *       413 (GG PR #127 "validate shadow size after merging update ... consistent with cloud").</li>
 *   <li>{@code "state": null} clears both sections, keeps the shadow and bumps the version; the accepted payload is
 *       {@code {"state":null,"metadata":{"timestamp":T},...}} (AWS response quoted in getmoto/moto#9237; AWS docs:
 *       "Setting the device's shadow state to null does not delete the shadow").</li>
 *   <li>Members of state other than desired/reported are "State contains an invalid node" (moto), except "delta",
 *       which GG's request schema accepts and which is ignored.</li>
 *   <li>Nested objects emptied by deletes and {} values are kept (GG PR #213 "matches IoT Shadow", moto PR #8884);
 *       empty desired/reported sections are dropped (AWS docs, "Empty sections").</li>
 *   <li>Metadata of arrays is an array of per-element metadata (GG ShadowStateMetadata, moto).</li>
 *   <li>{@code /update/documents} has {@code "previous": null} for a new or re-created shadow (GG).</li>
 *   <li>Re-creation within 48 h of a delete continues from the deleted version; later it starts over, so its first
 *       version is 1 (AWS docs, "Interacting with shadows"; "will be 0" read as the counter).</li>
 * </ul>
 */
package io.iotdm.registry.shadow;
