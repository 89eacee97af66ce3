/**
 * TagResource, UntagResource and ListTagsForResource over the owning service's own {@code tag} table; a service
 * says which ARNs it owns.
 */
package io.iotdm.tags;
