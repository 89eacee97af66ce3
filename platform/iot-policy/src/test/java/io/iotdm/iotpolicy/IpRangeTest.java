package io.iotdm.iotpolicy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Literal IPv4 and IPv6 addresses only: anything else (a host name above all) is no address. */
class IpRangeTest {

    @Test
    void parsesLiteralAddressesOnly() {
        assertThat(IpRange.parseAddress("192.168.0.1")).containsExactly(192, 168, 0, 1);
        assertThat(IpRange.parseAddress("::1")).hasSize(16).endsWith(0, 1);
        assertThat(IpRange.parseAddress("::")).hasSize(16).containsOnly(0);
        assertThat(IpRange.parseAddress("2001:db8::")).startsWith(0x20, 0x01, 0x0d, (byte) 0xb8);
        assertThat(IpRange.parseAddress("1:2:3:4:5:6:7:8")).hasSize(16).endsWith(0, 8);
        for (String bad : new String[] {
            "1.2.3",
            "1.2.3.4.5",
            "256.0.0.1",
            "1..2.3",
            "1.2.3.4 ",
            "localhost",
            "",
            "1::2::3",
            "1:2:3:4:5:6:7",
            "1:2:3:4:5:6:7:8:9",
            "12345::",
            "g::1",
            "1:2:3:4:5:6:7::8:9"
        }) {
            assertThat(IpRange.parseAddress(bad)).as(bad).isNull();
        }
    }

    @Test
    void prefixesCoverPartialBytes() {
        IpRange range = IpRange.parse("10.1.2.0/23");
        assertThat(range.matches("10.1.3.255", null)).isTrue();
        assertThat(range.matches("10.1.4.0", null)).isFalse();
        assertThat(IpRange.parse("::/0").matches("2001:db8::1", null)).isTrue();
        assertThat(IpRange.parse("::/0").matches("10.0.0.1", null)).isFalse();
    }
}
