package io.vigil.ingest.client;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Keeps fetches of user-given URLs (sources, article links, redirects) away from the service's own network:
 * a host that resolves to a loopback, private, link-local, unique-local, carrier-grade NAT or cloud-metadata
 * address is refused unless its name or address is on the allowlist (VIGIL_FETCH_ALLOW).
 */
public final class FetchAddressGuard {

    /** DNS lookup; {@code InetAddress::getAllByName} in production, a table in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private record Network(byte[] address, int prefixLength) {

        static Network parse(String notation) {
            String[] parts = notation.split("/", 2);
            try {
                byte[] address = InetAddress.getByName(parts[0]).getAddress();
                int prefixLength = Integer.parseInt(parts[1]);
                if (prefixLength < 0 || prefixLength > address.length * 8) {
                    throw new IllegalArgumentException("Bad prefix length in " + notation);
                }
                return new Network(address, prefixLength);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("Not a CIDR: " + notation, e);
            }
        }

        boolean contains(InetAddress candidate) {
            byte[] bytes = candidate.getAddress();
            if (bytes.length != address.length) {
                return false;
            }
            int fullBytes = prefixLength / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (bytes[i] != address[i]) {
                    return false;
                }
            }
            int remainingBits = prefixLength % 8;
            int mask = (0xFF << (8 - remainingBits)) & 0xFF;
            return remainingBits == 0 || (bytes[fullBytes] & mask) == (address[fullBytes] & mask);
        }
    }

    private static final List<Network> INTERNAL = List.of(
            Network.parse("0.0.0.0/8"), Network.parse("10.0.0.0/8"), Network.parse("100.64.0.0/10"),
            Network.parse("127.0.0.0/8"), Network.parse("169.254.0.0/16"), Network.parse("172.16.0.0/12"),
            Network.parse("192.0.0.0/24"), Network.parse("192.168.0.0/16"), Network.parse("198.18.0.0/15"),
            Network.parse("224.0.0.0/4"), Network.parse("240.0.0.0/4"), Network.parse("::/128"),
            Network.parse("::1/128"), Network.parse("fc00::/7"), Network.parse("fe80::/10"),
            Network.parse("ff00::/8"));

    private final List<Network> allowedNetworks = new ArrayList<>();
    private final List<String> allowedHosts = new ArrayList<>();
    private final Resolver resolver;

    /**
     * @param allowlist CIDRs ({@code 127.0.0.1/32}), host names ({@code feeds.internal.example}) and
     *                  domain wildcards ({@code *.internal.example})
     * @throws IllegalArgumentException for an entry with a slash that is not a CIDR
     */
    public FetchAddressGuard(List<String> allowlist, Resolver resolver) {
        for (String entry : allowlist) {
            String trimmed = entry.strip().toLowerCase(Locale.ROOT);
            if (trimmed.contains("/")) {
                allowedNetworks.add(Network.parse(trimmed));
            } else if (!trimmed.isEmpty()) {
                allowedHosts.add(trimmed);
            }
        }
        this.resolver = resolver;
    }

    /**
     * @return why the host may not be fetched, or empty when it may
     * @throws UnknownHostException when the host does not resolve
     */
    public Optional<String> refusal(String host) throws UnknownHostException {
        String bareHost = (host.startsWith("[") ? host.substring(1, host.length() - 1) : host)
                .toLowerCase(Locale.ROOT);
        if (allowedHosts.stream().anyMatch(pattern -> matches(bareHost, pattern))) {
            return Optional.empty();
        }
        for (InetAddress address : resolver.resolve(bareHost)) {
            InetAddress effective = embeddedIpv4(address);
            boolean allowed = allowedNetworks.stream().anyMatch(network -> network.contains(effective));
            if (!allowed && isInternal(effective)) {
                return Optional.of("Refusing to fetch from the internal address " + address.getHostAddress()
                        + " (allow it with VIGIL_FETCH_ALLOW)");
            }
        }
        return Optional.empty();
    }

    private static boolean matches(String host, String pattern) {
        return pattern.startsWith("*.") ? host.endsWith(pattern.substring(1)) : host.equals(pattern);
    }

    private static boolean isInternal(InetAddress address) {
        return address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()
                || INTERNAL.stream().anyMatch(network -> network.contains(address));
    }

    /** An IPv4-mapped IPv6 address ({@code ::ffff:10.0.0.1}) is judged as the IPv4 address it carries. */
    private static InetAddress embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] bytes = address.getAddress();
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return address;
            }
        }
        if (bytes[10] != (byte) 0xFF || bytes[11] != (byte) 0xFF) {
            return address;
        }
        try {
            return Inet4Address.getByAddress(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
