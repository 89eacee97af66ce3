package io.iotdm.iotpolicy;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * The {@code iot:Certificate.*} policy variables of a client certificate (AWS's list: docs/aws-behaviour.md §6.4):
 * each Subject and Issuer attribute ({@code iot:Certificate.Subject.CommonName}, ...), the alternative names
 * ({@code iot:Certificate.Subject.AlternativeName.DNSName}, ...), {@code iot:Certificate.SerialNumber} and
 * {@code iot:Certificate.Validity.NotBefore|NotAfter}. Every attribute also has its {@code .List} form with all its
 * values; the plain form resolves to the first. An attribute the certificate lacks has no value.
 */
public final class CertificateVariables {

    private static final String PREFIX = "iot:Certificate.";

    /** The X.500 attribute types by OID, named as AWS names the variables. */
    private static final Map<String, String> ATTRIBUTES = Map.ofEntries(
            Map.entry("2.5.4.46", "DistinguishedNameQualifier"),
            Map.entry("2.5.4.6", "Country"),
            Map.entry("2.5.4.10", "Organization"),
            Map.entry("2.5.4.11", "OrganizationalUnit"),
            Map.entry("2.5.4.8", "State"),
            Map.entry("2.5.4.3", "CommonName"),
            Map.entry("2.5.4.5", "SerialNumber"),
            Map.entry("2.5.4.12", "Title"),
            Map.entry("2.5.4.4", "Surname"),
            Map.entry("2.5.4.42", "GivenName"),
            Map.entry("2.5.4.43", "Initials"),
            Map.entry("2.5.4.65", "Pseudonym"),
            Map.entry("2.5.4.44", "GenerationQualifier"));

    /** The general-name tags of RFC 5280 that AWS exposes, named as AWS names the variables. */
    private static final Map<Integer, String> ALTERNATIVE_NAMES = Map.of(
            1, "RFC822Name",
            2, "DNSName",
            4, "DirectoryName",
            6, "UniformResourceIdentifier",
            7, "IPAddress");

    private CertificateVariables() {}

    public static Map<String, List<String>> of(X509Certificate certificate) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        distinguishedName("Subject", certificate.getSubjectX500Principal(), values);
        distinguishedName("Issuer", certificate.getIssuerX500Principal(), values);
        try {
            alternativeNames("Subject", certificate.getSubjectAlternativeNames(), values);
            alternativeNames("Issuer", certificate.getIssuerAlternativeNames(), values);
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("the certificate's alternative names cannot be read", e);
        }
        // AWS does not say how it writes these [silent]: the serial number in decimal, the dates in ISO 8601, the
        // form DateGreaterThan and friends compare.
        values.put(
                PREFIX + "SerialNumber", List.of(certificate.getSerialNumber().toString()));
        values.put(
                PREFIX + "Validity.NotBefore",
                List.of(certificate.getNotBefore().toInstant().toString()));
        values.put(
                PREFIX + "Validity.NotAfter",
                List.of(certificate.getNotAfter().toInstant().toString()));
        return values;
    }

    private static void distinguishedName(String part, X500Principal principal, Map<String, List<String>> values) {
        LdapName name;
        try {
            name = new LdapName(principal.getName(X500Principal.RFC2253, ATTRIBUTES));
        } catch (InvalidNameException e) {
            throw new IllegalArgumentException("the certificate's " + part + " cannot be read", e);
        }
        Map<String, List<String>> byAttribute = new LinkedHashMap<>();
        // RFC 2253 writes the RDNs last first, and LdapName indexes them from the right: in certificate order, so
        // that the plain variable is the certificate's first value.
        for (Rdn rdn : name.getRdns()) {
            String attribute =
                    ATTRIBUTES.containsValue(rdn.getType()) ? rdn.getType() : ATTRIBUTES.get(oidOf(rdn.getType()));
            if (attribute != null && rdn.getValue() instanceof String value) {
                byAttribute.computeIfAbsent(attribute, a -> new ArrayList<>()).add(value);
            }
        }
        byAttribute.forEach((attribute, list) -> put(PREFIX + part + "." + attribute, list, values));
    }

    private static void alternativeNames(String part, Collection<List<?>> names, Map<String, List<String>> values) {
        if (names == null) {
            return;
        }
        Map<String, List<String>> byType = new LinkedHashMap<>();
        for (List<?> entry : names) {
            String type = ALTERNATIVE_NAMES.get((Integer) entry.get(0));
            if (type != null && entry.get(1) instanceof String value) {
                byType.computeIfAbsent(type, t -> new ArrayList<>()).add(value);
            }
        }
        byType.forEach((type, list) -> put(PREFIX + part + ".AlternativeName." + type, list, values));
    }

    private static void put(String variable, List<String> list, Map<String, List<String>> values) {
        values.put(variable, List.of(list.getFirst()));
        values.put(variable + ".List", List.copyOf(list));
    }

    /**
     * RFC 2253 output names the types by the keywords given to it (else its values would be hex-encoded DER), but
     * keeps its own keywords for the common types.
     */
    private static String oidOf(String type) {
        return switch (type.toUpperCase(java.util.Locale.ROOT)) {
            case "CN" -> "2.5.4.3";
            case "C" -> "2.5.4.6";
            case "O" -> "2.5.4.10";
            case "OU" -> "2.5.4.11";
            case "ST" -> "2.5.4.8";
            default -> type.startsWith("OID.") ? type.substring(4) : type;
        };
    }
}
