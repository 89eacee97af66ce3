package io.iotdm.provisioning.registration;

import java.util.Map;
import java.util.Optional;

/**
 * TEMPORARY stand-in on branch h-bulk for h-registerthing's type of the same name (the seam's agreed signature), so that
 * bulk registration compiles and its machinery can be tested before that branch merges; the merge takes theirs.
 */
public record RegistrationOutcome(Optional<String> certificatePem, Map<String, String> resourceArns) {}
