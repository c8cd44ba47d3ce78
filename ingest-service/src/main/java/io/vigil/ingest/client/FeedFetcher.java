package io.vigil.ingest.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.vigil.ingest.RobotsRules;
import io.vigil.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Fetches feeds over HTTP: robots.txt honoured, conditional GET (ETag / Last-Modified), a size cap, and a refusal to reach
 * private, loopback or link-local addresses unless the host is allow-listed (VIGIL_FETCH_ALLOW), so a
 * source URL cannot be used to probe the internal network.
 */
@ApplicationScoped
public class FeedFetcher {

    private static final Duration ROBOTS_TTL = Duration.ofHours(24);
    private static final int MAX_ROBOTS_BYTES = 512 * 1024;
    private static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final HttpClient http;
    private final IngestConfig.Fetch config;
    private final Map<String, CachedRobots> robots = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastRequestByHost = new ConcurrentHashMap<>();

    public FeedFetcher(IngestConfig config) {
        this.config = config.fetch();
        this.http = HttpClient.newBuilder().connectTimeout(this.config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The outcome of one fetch: new content, not modified, or a failure to report on the source. */
    public record Fetched(int status, byte[] body, String etag, String lastModified) {

        public boolean notModified() {
            return status == 304;
        }
    }

    public static class FetchException extends Exception {
        private final String reason;

        public FetchException(String message) {
            this("failed", message);
        }

        /** @param reason a short, fixed word for metrics and records: refused, robots, http-status, timeout... */
        public FetchException(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /** Thrown when the host was asked too recently; the fetch should be retried after {@code wait}. */
    public static class TooSoonException extends Exception {
        private final transient Duration wait;

        public TooSoonException(Duration wait) {
            super("Host asked too recently; retry in " + wait);
            this.wait = wait;
        }

        public Duration waitFor() {
            return wait;
        }
    }

    public Fetched fetch(String url, String etag, String lastModified) throws FetchException, TooSoonException {
        URI uri = URI.create(url);
        checkAllowed(uri);
        reserveHostSlot(uri.getHost().toLowerCase(Locale.ROOT));
        checkRobots(uri);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(config.timeout()).GET()
                .header("User-Agent", config.userAgent())
                .header("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5");
        Optional.ofNullable(etag).ifPresent(value -> request.header("If-None-Match", value));
        Optional.ofNullable(lastModified).ifPresent(value -> request.header("If-Modified-Since", value));
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() == 304) {
                    return new Fetched(304, new byte[0], etag, lastModified);
                }
                if (response.statusCode() != 200) {
                    throw new FetchException("HTTP " + response.statusCode());
                }
                byte[] content = body.readNBytes(Math.toIntExact(config.maxBytes()) + 1);
                if (content.length > config.maxBytes()) {
                    throw new FetchException("Feed larger than " + config.maxBytes() + " bytes");
                }
                return new Fetched(200, content, response.headers().firstValue("ETag").orElse(null),
                        response.headers().firstValue("Last-Modified").orElse(null));
            }
        } catch (IOException e) {
            throw new FetchException(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException("Interrupted");
        }
    }

    /** An article page as finally served, after any redirects, with the headers that tell how to read it. */
    public record Page(URI url, byte[] body, String contentType, String contentLanguage) {
    }

    /**
     * Fetches an article page under the same rules as a feed. Redirects are followed here, at most
     * {@value #MAX_REDIRECTS}, so that every hop is checked against the internal-address refusal and robots.txt.
     */
    public Page fetchPage(String url, long maxBytes) throws FetchException, TooSoonException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new FetchException("invalid-url", "Not a URL: " + url);
        }
        checkAllowed(uri);
        reserveHostSlot(uri.getHost().toLowerCase(Locale.ROOT));
        for (int redirects = 0; ; redirects++) {
            checkRobots(uri);
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.timeout()).GET()
                    .header("User-Agent", config.userAgent())
                    .header("Accept", "text/html, application/xhtml+xml;q=0.9, */*;q=0.1").build();
            try {
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = response.body()) {
                    int status = response.statusCode();
                    Optional<String> location = response.headers().firstValue("Location");
                    if (REDIRECTS.contains(status) && location.isPresent()) {
                        if (redirects == MAX_REDIRECTS) {
                            throw new FetchException("redirects", "More than " + MAX_REDIRECTS + " redirects");
                        }
                        uri = redirectTarget(uri, location.get());
                        checkAllowed(uri);
                        continue;
                    }
                    if (status != 200) {
                        throw new FetchException("http-status", "HTTP " + status);
                    }
                    String contentType = response.headers().firstValue("Content-Type").orElse(null);
                    if (contentType != null && !contentType.toLowerCase(Locale.ROOT).contains("html")) {
                        throw new FetchException("not-html", "Not an HTML page: " + contentType);
                    }
                    byte[] content = body.readNBytes(Math.toIntExact(maxBytes) + 1);
                    if (content.length > maxBytes) {
                        throw new FetchException("too-large", "Page larger than " + maxBytes + " bytes");
                    }
                    return new Page(uri, content, contentType,
                            response.headers().firstValue("Content-Language").orElse(null));
                }
            } catch (HttpTimeoutException e) {
                throw new FetchException("timeout", "No answer within " + config.timeout());
            } catch (IOException e) {
                throw new FetchException("unreachable", e.getClass().getSimpleName() + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FetchException("Interrupted");
            }
        }
    }

    private static URI redirectTarget(URI from, String location) throws FetchException {
        try {
            return from.resolve(new URI(location.strip()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new FetchException("invalid-url", "Unusable redirect to " + location);
        }
    }

    private void checkRobots(URI uri) throws FetchException {
        String pathAndQuery = (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        if (!robotsFor(uri).allows(pathAndQuery)) {
            throw new FetchException("robots", "Disallowed by robots.txt: " + pathAndQuery);
        }
    }

    /** The site's robots.txt rules, fetched once a day per site; a missing file (4xx) allows everything. */
    private RobotsRules robotsFor(URI uri) throws FetchException {
        String site = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority().toLowerCase(Locale.ROOT);
        CachedRobots cached = robots.get(site);
        if (cached != null && cached.fetchedAt().plus(ROBOTS_TTL).isAfter(Instant.now())) {
            return cached.rules();
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(site + "/robots.txt")).timeout(config.timeout())
                .header("User-Agent", config.userAgent()).GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            RobotsRules rules;
            try (InputStream body = response.body()) {
                if (response.statusCode() == 200) {
                    String text = new String(body.readNBytes(MAX_ROBOTS_BYTES), StandardCharsets.UTF_8);
                    rules = RobotsRules.parse(text, config.userAgent().split("/")[0]);
                } else if (response.statusCode() >= 400 && response.statusCode() < 500) {
                    rules = RobotsRules.allowAll();
                } else {
                    // RFC 9309: a server error means the site may not be crawled for now.
                    throw new FetchException("robots.txt answered HTTP " + response.statusCode());
                }
            }
            robots.put(site, new CachedRobots(rules, Instant.now()));
            return rules;
        } catch (IOException e) {
            throw new FetchException("robots.txt unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException("Interrupted");
        }
    }

    /** Per-host politeness: at most one feed request per host every {@code vigil.fetch.per-host-delay}. */
    private void reserveHostSlot(String host) throws TooSoonException {
        Instant now = Instant.now();
        Instant[] previous = new Instant[1];
        lastRequestByHost.compute(host, (key, last) -> {
            if (last != null && last.plus(config.perHostDelay()).isAfter(now)) {
                previous[0] = last;
                return last;
            }
            return now;
        });
        if (previous[0] != null) {
            throw new TooSoonException(Duration.between(now, previous[0].plus(config.perHostDelay())));
        }
    }

    private record CachedRobots(RobotsRules rules, Instant fetchedAt) {
    }

    private void checkAllowed(URI uri) throws FetchException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new FetchException("invalid-url", "Only absolute http(s) URLs are fetched");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        List<String> allowed = config.allow().orElse(List.of());
        if (allowed.stream().anyMatch(pattern -> matches(host, pattern.strip().toLowerCase(Locale.ROOT)))) {
            return;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                        || address.isAnyLocalAddress() || address.isMulticastAddress()) {
                    throw new FetchException("refused", "Refusing to fetch from the internal address " + address.getHostAddress()
                            + " (allow it with VIGIL_FETCH_ALLOW)");
                }
            }
        } catch (UnknownHostException e) {
            throw new FetchException("unreachable", "Unknown host " + host);
        }
    }

    private static boolean matches(String host, String pattern) {
        return pattern.startsWith("*.") ? host.endsWith(pattern.substring(1)) : host.equals(pattern);
    }
}
