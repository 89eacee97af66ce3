/**
 * TagResource, UntagResource and ListTagsForResource for the ARNs of provisioning templates, policies and CA
 * certificates: which of them exist. The creates write their tags themselves ({@code store.ResourceTags}).
 */
package io.iotdm.provisioning.tags;
