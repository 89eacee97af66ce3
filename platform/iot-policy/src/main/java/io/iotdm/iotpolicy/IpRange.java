package io.iotdm.iotpolicy;

/**
 * An IPv4 or IPv6 address or CIDR block of IpAddress / NotIpAddress. Addresses are parsed by hand (IPv4 dotted
 * quads, IPv6 with {@code ::}) rather than with {@link java.net.InetAddress}, which would look a host name up in DNS.
 */
record IpRange(byte[] network, int prefixLength) implements ConditionValue {

    static IpRange parse(String text) {
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        byte[] address = parseAddress(slash < 0 ? trimmed : trimmed.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block");
        }
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + bits);
            }
        }
        return new IpRange(address, prefix);
    }

    @Override
    public boolean matches(String requestValue, PolicyContext context) {
        byte[] address = parseAddress(requestValue.strip());
        if (address == null || address.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int restBits = prefixLength % 8;
        if (restBits == 0) {
            return true;
        }
        int mask = (0xFF << (8 - restBits)) & 0xFF;
        return (address[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    /** The address's bytes (4 or 16), or null when it is not a literal address. */
    static byte[] parseAddress(String text) {
        return text.indexOf(':') >= 0 ? parseIpv6(text) : parseIpv4(text, new byte[4], 0);
    }

    /** Parses a dotted quad into {@code into} at {@code offset} without splitting (a decision parses one). */
    private static byte[] parseIpv4(String text, byte[] into, int offset) {
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || value > 255 || part > 3) {
                    return null;
                }
                into[offset + part++] = (byte) value;
                value = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9' && digits < 3) {
                value = value * 10 + (c - '0');
                digits++;
            } else {
                return null;
            }
        }
        return part == 4 ? into : null;
    }

    private static byte[] parseIpv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String[] head = gap < 0 ? text.split(":", -1) : splitGroups(text.substring(0, gap));
        String[] tail = gap < 0 ? new String[0] : splitGroups(text.substring(gap + 2));
        byte[] bytes = new byte[16];
        int headBytes = fill(head, bytes, 0);
        int tailLength = groupBytes(tail);
        if (headBytes < 0 || tailLength < 0) {
            return null;
        }
        if (gap < 0 ? headBytes != 16 : headBytes + tailLength > 14) {
            return null;
        }
        return gap < 0 || fill(tail, bytes, 16 - tailLength) >= 0 ? bytes : null;
    }

    private static String[] splitGroups(String text) {
        return text.isEmpty() ? new String[0] : text.split(":", -1);
    }

    private static int groupBytes(String[] groups) {
        int total = 0;
        for (int i = 0; i < groups.length; i++) {
            total += i == groups.length - 1 && groups[i].indexOf('.') >= 0 ? 4 : 2;
        }
        return total;
    }

    /** Writes the groups from {@code offset}; the number of bytes written, or -1 for a malformed group. */
    private static int fill(String[] groups, byte[] bytes, int offset) {
        int at = offset;
        for (int i = 0; i < groups.length; i++) {
            String group = groups[i];
            if (i == groups.length - 1 && group.indexOf('.') >= 0) {
                if (at + 4 > 16 || parseIpv4(group, bytes, at) == null) {
                    return -1;
                }
                at += 4;
                continue;
            }
            if (group.isEmpty() || group.length() > 4 || at + 2 > 16) {
                return -1;
            }
            int value;
            try {
                value = Integer.parseInt(group, 16);
            } catch (NumberFormatException e) {
                return -1;
            }
            bytes[at++] = (byte) (value >> 8);
            bytes[at++] = (byte) value;
        }
        return at - offset;
    }
}
