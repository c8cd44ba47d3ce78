package io.vigil.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class WebhookUrlGuardTest {

    private static final Map<String, String> DNS = Map.of(
            "hooks.example.org", "93.184.216.34",
            "rebind.example.org", "10.1.2.3",
            "metadata.example.org", "169.254.169.254",
            "intranet.example.org", "192.168.1.10",
            "partner.internal", "10.9.9.9");

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String address = DNS.getOrDefault(host, host);
        if (!Character.isDigit(address.charAt(0)) && !address.contains(":")) {
            throw new UnknownHostException(host);
        }
        return new InetAddress[] {InetAddress.getByName(address)};
    }

    private final WebhookUrlGuard guard = new WebhookUrlGuard(List.of("127.0.0.1/32", "partner.internal"), false,
            WebhookUrlGuardTest::resolve);

    private Optional<String> refusal(String url) {
        return guard.refusal(URI.create(url));
    }

    @Test
    void publicHostsPass() {
        assertEquals(Optional.empty(), refusal("https://hooks.example.org/vigil"));
    }

    @Test
    void internalAddressesAreRefused() {
        for (String url : List.of("http://127.0.0.2/x", "http://10.0.0.1/", "http://172.16.5.4/", "http://192.168.0.1/",
                "http://169.254.169.254/latest/meta-data", "http://100.64.0.1/", "http://0.0.0.0/", "http://[::1]/",
                "http://[fd00:ec2::254]/", "http://[fe80::1]/", "http://[::ffff:10.0.0.1]/",
                "http://rebind.example.org/", "http://metadata.example.org/", "http://intranet.example.org/")) {
            assertTrue(refusal(url).isPresent(), url + " must be refused");
        }
        assertTrue(refusal("http://127.0.0.2/x").orElseThrow().contains("127.0.0.2"));
    }

    @Test
    void allowlistedNetworksAndHostsPass() {
        assertEquals(Optional.empty(), refusal("http://127.0.0.1:8080/hook"));
        assertEquals(Optional.empty(), refusal("http://partner.internal/hook"));
    }

    @Test
    void httpsIsRequiredUnlessAllowlisted() {
        WebhookUrlGuard production = new WebhookUrlGuard(List.of("127.0.0.1/32", "partner.internal"), true,
                WebhookUrlGuardTest::resolve);

        assertTrue(production.refusal(URI.create("http://hooks.example.org/x")).orElseThrow().contains("https"));
        assertEquals(Optional.empty(), production.refusal(URI.create("https://hooks.example.org/x")));
        assertEquals(Optional.empty(), production.refusal(URI.create("http://127.0.0.1:9000/x")));
        assertEquals(Optional.empty(), production.refusal(URI.create("http://partner.internal/x")));
    }

    @Test
    void unresolvableHostsAreLeftToFailAtSend() {
        assertEquals(Optional.empty(), refusal("https://no-such-host.invalid/x"));
    }
}
