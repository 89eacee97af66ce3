/**
 * The services' container images, built as OCI tarballs without a container runtime or a registry (./iotdm images):
 * a glibc root file system from Debian's packages ({@link io.iotdm.images.DebianRootfs}), a jlinked Java runtime
 * ({@link io.iotdm.images.JavaRuntime}), the service's Quarkus fast-jar, assembled with Jib Core ({@link
 * io.iotdm.images.ServiceImage}) and run once in a chroot to prove it starts ({@link io.iotdm.images.ImageRun}).
 */
package io.iotdm.images;
