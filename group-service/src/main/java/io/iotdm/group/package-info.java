/**
 * The group-service (see its README): configuration ({@code GroupConfig}) and shared beans ({@code GroupBeans}). Its
 * packages, from those that depend on no other to those on top: {@code store}, {@code events}, {@code dynamic},
 * {@code deletion} and {@code membership}, {@code coordinator}, {@code thinggroup}, {@code grpc}; no cycle among them
 * ({@code PackageCyclesTest}).
 */
package io.iotdm.group;
