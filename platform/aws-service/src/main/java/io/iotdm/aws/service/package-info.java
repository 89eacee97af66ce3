/**
 * What every service behind the gateway shares: the one route that checks the caller's signature, reads and
 * validates an operation's input against the model and calls that operation's handler, and AWS's errors and pages.
 */
package io.iotdm.aws.service;
