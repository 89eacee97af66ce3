/** TagResource, UntagResource and ListTagsForResource for provisioning template ARNs: which templates exist. */
package io.iotdm.provisioning.tags;
