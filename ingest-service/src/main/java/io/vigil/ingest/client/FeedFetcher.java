package io.vigil.ingest.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.vigil.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Fetches feeds over HTTP: conditional GET (ETag / Last-Modified), a size cap, and a refusal to reach
 * private, loopback or link-local addresses unless the host is allow-listed (VIGIL_FETCH_ALLOW), so a
 * source URL cannot be used to probe the internal network.
 */
@ApplicationScoped
public class FeedFetcher {

    private final HttpClient http;
    private final IngestConfig.Fetch config;

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
        public FetchException(String message) {
            super(message);
        }
    }

    public Fetched fetch(String url, String etag, String lastModified) throws FetchException {
        URI uri = URI.create(url);
        checkAllowed(uri);
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

    private void checkAllowed(URI uri) throws FetchException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new FetchException("Only absolute http(s) URLs are fetched");
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
                    throw new FetchException("Refusing to fetch from the internal address " + address.getHostAddress()
                            + " (allow it with VIGIL_FETCH_ALLOW)");
                }
            }
        } catch (UnknownHostException e) {
            throw new FetchException("Unknown host " + host);
        }
    }

    private static boolean matches(String host, String pattern) {
        return pattern.startsWith("*.") ? host.endsWith(pattern.substring(1)) : host.equals(pattern);
    }
}
