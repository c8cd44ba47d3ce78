package io.vigil.ingest;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reduces the many spellings of one article URL to one string, so that a link shared with tracking
 * parameters or a different letter case is recognised as the article already ingested.
 */
public final class UrlCanonicalizer {

    private static final Set<String> TRACKING_PARAMETERS = Set.of(
            "fbclid", "gclid", "yclid", "dclid", "gbraid", "wbraid", "msclkid", "twclid", "igshid",
            "mc_cid", "mc_eid", "_ga", "_gl", "ref", "ref_src", "ref_url", "cmpid", "spm");

    private UrlCanonicalizer() {
    }

    /**
     * @return the canonical form of an absolute http(s) URL, or empty when the text is not one
     */
    public static Optional<String> canonicalize(String url) {
        Optional<URI> parsed = parseHttpUrl(url);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        URI uri = parsed.get();
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        StringBuilder canonical = new StringBuilder(scheme).append("://");
        if (uri.getRawUserInfo() != null) {
            canonical.append(uri.getRawUserInfo()).append('@');
        }
        canonical.append(uri.getHost().toLowerCase(Locale.ROOT));
        int port = uri.getPort();
        if (port != -1 && !isDefaultPort(scheme, port)) {
            canonical.append(':').append(port);
        }
        canonical.append(stripTrailingSlashes(uri.getRawPath()));
        String query = canonicalQuery(uri.getRawQuery());
        if (!query.isEmpty()) {
            canonical.append('?').append(query);
        }
        return Optional.of(canonical.toString());
    }

    /** Whether the text is an absolute http or https URL with a host. */
    public static boolean isHttpUrl(String url) {
        return parseHttpUrl(url).isPresent();
    }

    private static Optional<URI> parseHttpUrl(String url) {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(url.strip());
            if (uri.getScheme() == null || !isHttpScheme(uri.getScheme()) || uri.isOpaque()) {
                return Optional.empty();
            }
            if (uri.getHost() == null) {
                // java.net.URI only recognises ASCII host names; internationalised ones go through IDNA first.
                uri = withAsciiHost(uri);
            }
            return uri == null || uri.getHost() == null ? Optional.empty() : Optional.of(uri);
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static URI withAsciiHost(URI uri) throws URISyntaxException {
        String authority = uri.getRawAuthority();
        if (authority == null || authority.contains("@")) {
            return null;
        }
        int colon = authority.lastIndexOf(':');
        String host = colon >= 0 ? authority.substring(0, colon) : authority;
        String port = colon >= 0 ? authority.substring(colon) : "";
        String asciiAuthority = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED) + port;
        StringBuilder rebuilt = new StringBuilder(uri.getScheme()).append("://").append(asciiAuthority);
        if (uri.getRawPath() != null) {
            rebuilt.append(uri.getRawPath());
        }
        if (uri.getRawQuery() != null) {
            rebuilt.append('?').append(uri.getRawQuery());
        }
        return new URI(rebuilt.toString());
    }

    private static boolean isHttpScheme(String scheme) {
        return scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https");
    }

    private static boolean isDefaultPort(String scheme, int port) {
        return (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
    }

    private static String stripTrailingSlashes(String path) {
        if (path == null) {
            return "";
        }
        int end = path.length();
        while (end > 0 && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(0, end);
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String> kept = new ArrayList<>();
        for (String parameter : rawQuery.split("&")) {
            if (parameter.isEmpty()) {
                continue;
            }
            String name = parameter.split("=", 2)[0].toLowerCase(Locale.ROOT);
            if (!name.startsWith("utm_") && !TRACKING_PARAMETERS.contains(name)) {
                kept.add(parameter);
            }
        }
        // Sorting by name first keeps repeated parameters (a=2&a=1) in a deterministic order too.
        kept.sort(Comparator.comparing((String p) -> p.split("=", 2)[0]).thenComparing(Comparator.naturalOrder()));
        return String.join("&", kept);
    }
}
