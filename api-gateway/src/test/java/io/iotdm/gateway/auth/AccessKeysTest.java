package io.iotdm.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessKeysTest {

    @TempDir
    Path dir;

    @Test
    void thePublicDevelopmentKeyIsRefusedBeyondLoopbackUnlessItsSecretIsReplaced() {
        AccessKeys local = new AccessKeys(Map.of(AccessKeys.LOCAL_ACCESS_KEY, AccessKeys.LOCAL_SECRET));

        IllegalStateException refused =
                assertThrows(IllegalStateException.class, () -> local.refusePublicKeyBeyondLoopback("0.0.0.0"));
        assertTrue(
                refused.getMessage()
                        .startsWith(
                                "iotdm.gateway.credentials.AKIAIOTDMLOCAL000001 has its public development default"),
                refused.getMessage());
        local.refusePublicKeyBeyondLoopback("127.0.0.1");
        new AccessKeys(Map.of(AccessKeys.LOCAL_ACCESS_KEY, "a-secret-of-our-own"))
                .refusePublicKeyBeyondLoopback("0.0.0.0");
        new AccessKeys(Map.of("AKIAOWN", AccessKeys.LOCAL_SECRET)).refusePublicKeyBeyondLoopback("0.0.0.0");
    }

    @Test
    void keysComeFromConfigurationAndTheSecretFileWhichWins() throws Exception {
        Path file = Files.writeString(
                dir.resolve("credentials.properties"), "# mounted secret\nAKIAFILE=from-file\nAKIABOTH = file-wins\n");

        AccessKeys keys = new AccessKeys(
                AccessKeys.load(Map.of("AKIACONFIG", "from-config", "AKIABOTH", "config"), Optional.of(file)));

        assertEquals("from-config", keys.find("AKIACONFIG").orElseThrow().secretAccessKey());
        assertEquals("from-file", keys.find("AKIAFILE").orElseThrow().secretAccessKey());
        assertEquals("file-wins", keys.find("AKIABOTH").orElseThrow().secretAccessKey());
        assertTrue(keys.find("AKIAOTHER").isEmpty());
    }

    @Test
    void withoutAnyKeyTheGatewayDoesNotStart() {
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> AccessKeys.load(Map.of(), Optional.empty()));
        assertTrue(e.getMessage().startsWith("No access keys configured"), e.getMessage());
    }

    @Test
    void aMissingSecretFileIsNamed() {
        Path missing = dir.resolve("nope.properties");
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> AccessKeys.load(Map.of("AKIA", "s"), Optional.of(missing)));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void anEmptySecretIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("credentials.properties"), "AKIAEMPTY=\n");
        assertThrows(IllegalStateException.class, () -> AccessKeys.load(Map.of(), Optional.of(file)));
    }
}
