package io.vigil.alert;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Keeps webhooks away from the service's own network (SSRF): a URL whose host resolves to a loopback,
 * private, link-local, unique-local, carrier-grade NAT or cloud-metadata address is refused unless its host
 * name or address is on the allowlist. Checked at save and again before every send, since DNS may change.
 */
public final class WebhookUrlGuard {

    /** DNS lookup; {@code InetAddress::getAllByName} in production, a table in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private record Cidr(byte[] network, int prefixLength) {
        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int fullBytes = prefixLength / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int remainingBits = prefixLength % 8;
            if (remainingBits == 0) {
                return true;
            }
            int mask = (0xFF << (8 - remainingBits)) & 0xFF;
            return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
        }
    }

    private static final List<Cidr> INTERNAL = List.of(
            cidr("0.0.0.0/8"), cidr("10.0.0.0/8"), cidr("100.64.0.0/10"), cidr("127.0.0.0/8"),
            cidr("169.254.0.0/16"), cidr("172.16.0.0/12"), cidr("192.0.0.0/24"), cidr("192.168.0.0/16"),
            cidr("198.18.0.0/15"), cidr("224.0.0.0/4"), cidr("240.0.0.0/4"),
            cidr("::/128"), cidr("::1/128"), cidr("fc00::/7"), cidr("fe80::/10"), cidr("ff00::/8"));

    private final List<Cidr> allowedNetworks = new ArrayList<>();
    private final List<String> allowedHosts = new ArrayList<>();
    private final boolean requireHttps;
    private final Resolver resolver;

    /**
     * @param allowlist CIDRs ({@code 127.0.0.1/32}) and host names ({@code hooks.internal.example})
     */
    public WebhookUrlGuard(List<String> allowlist, boolean requireHttps, Resolver resolver) {
        for (String entry : allowlist) {
            String trimmed = entry.strip().toLowerCase(Locale.ROOT);
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.contains("/")) {
                allowedNetworks.add(cidr(trimmed));
            } else {
                allowedHosts.add(trimmed);
            }
        }
        this.requireHttps = requireHttps;
        this.resolver = resolver;
    }

    /** @return why the URL may not receive webhooks, or empty when it may */
    public Optional<String> refusal(URI url) {
        String host = url.getHost();
        if (host == null) {
            return Optional.of("webhook.url has no host");
        }
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        boolean hostAllowed = allowedHosts.contains(bareHost.toLowerCase(Locale.ROOT));
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bareHost);
        } catch (UnknownHostException e) {
            // Nothing to connect to, so nothing to protect; the send fails on its own and is retried.
            return Optional.empty();
        }
        boolean everyAddressAllowed = addresses.length > 0;
        for (InetAddress address : addresses) {
            boolean allowed = hostAllowed || allowedNetworks.stream().anyMatch(network -> network.contains(address));
            if (!allowed && isInternal(address)) {
                return Optional.of("webhook.url host " + bareHost + " resolves to the internal address "
                        + address.getHostAddress() + "; allow it with VIGIL_WEBHOOK_ALLOW if intended");
            }
            everyAddressAllowed &= allowed;
        }
        if (requireHttps && !"https".equalsIgnoreCase(url.getScheme()) && !hostAllowed && !everyAddressAllowed) {
            return Optional.of("webhook.url must use https");
        }
        return Optional.empty();
    }

    private static boolean isInternal(InetAddress address) {
        InetAddress effective = embeddedIpv4(address);
        return effective.isAnyLocalAddress() || effective.isLoopbackAddress() || effective.isLinkLocalAddress()
                || effective.isSiteLocalAddress() || effective.isMulticastAddress()
                || INTERNAL.stream().anyMatch(network -> network.contains(effective));
    }

    /** IPv4-mapped IPv6 ({@code ::ffff:10.0.0.1}) must be judged as the IPv4 address it carries. */
    private static InetAddress embeddedIpv4(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= bytes[i] == 0;
            }
            if (mapped && bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF) {
                try {
                    return Inet4Address.getByAddress(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return address;
    }

    private static Cidr cidr(String notation) {
        String[] parts = notation.split("/", 2);
        try {
            byte[] network = InetAddress.getByName(parts[0]).getAddress();
            int prefix = Integer.parseInt(parts[1]);
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("Bad prefix length in " + notation);
            }
            return new Cidr(network, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("Not a CIDR: " + notation, e);
        }
    }
}
