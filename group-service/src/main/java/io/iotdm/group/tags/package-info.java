/** TagResource, UntagResource and ListTagsForResource for thing group ARNs: which groups exist. */
package io.iotdm.group.tags;
