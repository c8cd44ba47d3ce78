package io.vigil.ingest.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class FetchAddressGuardTest {

    private static final Map<String, String> DNS = Map.of(
            "news.example", "93.184.216.34",
            "intranet.example", "10.1.2.3",
            "metadata.example", "169.254.169.254",
            "cgnat.example", "100.64.0.9",
            "mapped.example", "::ffff:192.168.1.1",
            "ula.example", "fd12:3456::1",
            "feeds.internal.example", "10.9.9.9");

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String address = DNS.getOrDefault(host, host.matches("[0-9.:a-f]+") ? host : null);
        if (address == null) {
            throw new UnknownHostException(host);
        }
        return new InetAddress[] {InetAddress.getByName(address)};
    }

    private static FetchAddressGuard guard(String... allowlist) {
        return new FetchAddressGuard(List.of(allowlist), FetchAddressGuardTest::resolve);
    }

    @Test
    void publicHostsAreFetched() throws Exception {
        assertEquals(Optional.empty(), guard().refusal("news.example"));
    }

    @Test
    void internalAddressesAreRefused() throws Exception {
        FetchAddressGuard guard = guard();
        for (String host : List.of("127.0.0.1", "intranet.example", "metadata.example", "cgnat.example",
                "mapped.example", "ula.example", "[::1]", "0.0.0.0")) {
            String reason = guard.refusal(host).orElseThrow(() -> new AssertionError(host + " was not refused"));
            assertTrue(reason.contains("internal address") && reason.contains("VIGIL_FETCH_ALLOW"), reason);
        }
    }

    @Test
    void aCidrAllowsOnlyItsAddresses() throws Exception {
        FetchAddressGuard guard = guard("127.0.0.1/32");
        assertEquals(Optional.empty(), guard.refusal("127.0.0.1"));
        assertTrue(guard.refusal("127.0.0.2").isPresent());
        assertTrue(guard.refusal("intranet.example").isPresent());
    }

    @Test
    void hostNamesAndDomainWildcardsAreAllowed() throws Exception {
        assertEquals(Optional.empty(), guard("intranet.example").refusal("INTRANET.example"));
        assertEquals(Optional.empty(), guard("*.internal.example").refusal("feeds.internal.example"));
        assertTrue(guard("*.internal.example").refusal("intranet.example").isPresent());
    }

    @Test
    void anUnknownHostIsReportedAsSuch() {
        assertThrows(UnknownHostException.class, () -> guard().refusal("nowhere.example"));
    }

    @Test
    void aMalformedCidrIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> guard("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> guard("10.0.0.0/eight"));
    }
}
