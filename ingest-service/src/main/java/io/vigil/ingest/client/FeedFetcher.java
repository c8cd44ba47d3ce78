package io.vigil.ingest.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import io.vigil.ingest.RobotsRules;
import io.vigil.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Fetches feeds and article pages over HTTP, both through one path: robots.txt honoured, redirects followed hop by
 * hop, a size cap, a total time limit per request, and a refusal to reach
 * private, loopback or link-local addresses unless the host is allow-listed (VIGIL_FETCH_ALLOW), so a
 * source URL or a link in a feed cannot be used to probe the internal network. Feeds are asked for with a
 * conditional GET (ETag / Last-Modified).
 */
@ApplicationScoped
public class FeedFetcher {

    private static final Duration ROBOTS_TTL = Duration.ofHours(24);
    private static final int MAX_ROBOTS_BYTES = 512 * 1024;
    private static final int MAX_REDIRECTS = 5;
    private static final String FEED_TYPES =
            "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5";
    private static final String PAGE_TYPES = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1";

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
    public record Fetched(int status, byte[] body, String etag, String lastModified, String contentType) {

        public boolean notModified() {
            return status == 304;
        }
    }

    /** An article page as finally served, after any redirects, with the headers that tell how to read it. */
    public record Page(URI url, byte[] body, String contentType, String contentLanguage) {
    }

    /**
     * A failed fetch; {@code reason} is a short stable code for metrics and operators, the same for feeds and
     * pages (timeout, too-large, http-status, robots, refused-address...).
     */
    public static class FetchException extends Exception {
        private final String reason;

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
        URI uri = target(url);
        reserveHostSlot(uri.getHost().toLowerCase(Locale.ROOT));
        return feed(follow(uri, Wanted.feed(etag, lastModified, config.maxBytes())), etag, lastModified);
    }

    /**
     * Like {@link #fetch}, but waits for the host's turn instead of refusing: for documents a poll needs now
     * (the sitemaps an index points at, a poll an operator asked for).
     */
    public Fetched fetchWaitingForHost(String url, String etag, String lastModified) throws FetchException {
        URI uri = target(url);
        waitForHostSlot(uri.getHost().toLowerCase(Locale.ROOT));
        return feed(follow(uri, Wanted.feed(etag, lastModified, config.maxBytes())), etag, lastModified);
    }

    /**
     * Fetches an article page under the same rules as a feed, with its own size cap; anything but HTML is refused
     * ({@code not-html}).
     */
    public Page fetchPage(String url, long maxBytes) throws FetchException, TooSoonException {
        URI uri = target(url);
        reserveHostSlot(uri.getHost().toLowerCase(Locale.ROOT));
        HttpResponse<byte[]> response = follow(uri,
                new Wanted(PAGE_TYPES, null, null, maxBytes, "vigil.pages.max-bytes"));
        if (response.statusCode() != 200) {
            throw new FetchException("http-status", "HTTP " + response.statusCode() + " from " + response.uri());
        }
        String contentType = response.headers().firstValue("Content-Type").orElse(null);
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).contains("html")) {
            throw new FetchException("not-html", "Not an HTML page: " + contentType);
        }
        return new Page(response.uri(), response.body(), contentType,
                response.headers().firstValue("Content-Language").orElse(null));
    }

    private static Fetched feed(HttpResponse<byte[]> response, String etag, String lastModified) {
        if (response.statusCode() == 304) {
            return new Fetched(304, new byte[0], etag, lastModified, null);
        }
        return new Fetched(200, response.body(), response.headers().firstValue("ETag").orElse(null),
                response.headers().firstValue("Last-Modified").orElse(null),
                response.headers().firstValue("Content-Type").orElse(null));
    }

    /**
     * How one kind of document is asked for, and how large it may be ({@code limitSetting} names the setting
     * an operator would raise).
     */
    private record Wanted(String accept, String etag, String lastModified, long maxBytes, String limitSetting) {

        static Wanted feed(String etag, String lastModified, long maxBytes) {
            return new Wanted(FEED_TYPES, etag, lastModified, maxBytes, "vigil.fetch.max-bytes");
        }
    }

    private static URI target(String url) throws FetchException {
        try {
            URI uri = new URI(url.strip());
            if (uri.getHost() == null) {
                throw new FetchException("bad-url", "Not an absolute http(s) URL: " + url);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new FetchException("bad-url", "Not a URL: " + e.getMessage());
        }
    }

    /**
     * Follows redirects itself, so that every hop passes the address check and robots.txt; a loop or more than
     * {@value #MAX_REDIRECTS} hops ends the fetch.
     *
     * @return the final answer: 200, or 304 to a conditional request
     */
    private HttpResponse<byte[]> follow(URI first, Wanted wanted) throws FetchException {
        List<URI> visited = new ArrayList<>();
        URI uri = first;
        while (true) {
            checkAllowed(uri);
            String pathAndQuery = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            if (!robotsFor(uri).allows(pathAndQuery)) {
                throw new FetchException("robots", "Disallowed by robots.txt: " + pathAndQuery);
            }
            visited.add(uri);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(config.timeout()).GET()
                    .header("User-Agent", config.userAgent())
                    .header("Accept", wanted.accept());
            Optional.ofNullable(wanted.etag()).ifPresent(value -> request.header("If-None-Match", value));
            Optional.ofNullable(wanted.lastModified()).ifPresent(value -> request.header("If-Modified-Since", value));
            HttpResponse<byte[]> response = exchange(request.build(), wanted.maxBytes(), wanted.limitSetting());
            int status = response.statusCode();
            if (isRedirect(status)) {
                uri = redirectTarget(response, visited);
                continue;
            }
            if (status != 200 && status != 304) {
                throw new FetchException("http-status", "HTTP " + status + (visited.size() > 1 ? " from " + uri : ""));
            }
            return response;
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URI redirectTarget(HttpResponse<?> response, List<URI> visited) throws FetchException {
        String location = response.headers().firstValue("Location").orElseThrow(() -> new FetchException(
                "http-status", "HTTP " + response.statusCode() + " without a Location header"));
        URI next;
        try {
            next = response.uri().resolve(new URI(location.strip()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new FetchException("bad-redirect", "Redirected to an invalid URL: " + location);
        }
        if (visited.contains(next)) {
            throw new FetchException("redirect-loop", "Redirect loop: " + String.join(" -> ",
                    visited.stream().map(URI::toString).toList()) + " -> " + next);
        }
        if (visited.size() > MAX_REDIRECTS) {
            throw new FetchException("too-many-redirects", "More than " + MAX_REDIRECTS + " redirects, the last to " + next);
        }
        return next;
    }

    /**
     * One request with a total time limit, from connecting to the body's last byte: a server that accepts
     * the connection and never answers, or trickles its body, cannot hold the poller.
     */
    private HttpResponse<byte[]> exchange(HttpRequest request, long maxBytes, String limitSetting)
            throws FetchException {
        AtomicReference<CappedBody> capped = new AtomicReference<>();
        CompletableFuture<HttpResponse<byte[]>> response = http.sendAsync(request, info -> {
            if (info.statusCode() != 200) {
                return HttpResponse.BodySubscribers.replacing(new byte[0]);
            }
            capped.set(new CappedBody(maxBytes, limitSetting,
                    info.headers().firstValueAsLong("Content-Length").orElse(-1)));
            return capped.get();
        });
        try {
            return response.get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            response.cancel(true);
            throw new FetchException("timeout", "No complete answer from " + request.uri().getHost() + " within "
                    + config.timeout().toMillis() / 1000.0 + " s");
        } catch (InterruptedException e) {
            response.cancel(true);
            Thread.currentThread().interrupt();
            throw new FetchException("interrupted", "Interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            // Stopping an oversized body cancels the stream, which the client may report first.
            if (capped.get() != null && capped.get().tooLarge() != null) {
                cause = capped.get().tooLarge();
            }
            throw switch (cause) {
                case ResponseTooLargeException tooLarge -> new FetchException("too-large", tooLarge.getMessage());
                case HttpTimeoutException timeout -> new FetchException("timeout", "No answer from "
                        + request.uri().getHost() + " within " + config.timeout().toMillis() / 1000.0 + " s");
                case ConnectException refused -> new FetchException("unreachable", "Cannot connect to "
                        + request.uri().getAuthority() + ": " + refused.getMessage());
                default -> new FetchException("network", "The connection failed before the response was complete ("
                        + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")");
            };
        }
    }

    /**
     * The site's robots.txt rules, fetched once a day per site (following up to {@value #MAX_REDIRECTS}
     * redirects); a missing file (4xx) allows everything.
     */
    private RobotsRules robotsFor(URI uri) throws FetchException {
        String site = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority().toLowerCase(Locale.ROOT);
        CachedRobots cached = robots.get(site);
        if (cached != null && cached.fetchedAt().plus(ROBOTS_TTL).isAfter(Instant.now())) {
            return cached.rules();
        }
        List<URI> visited = new ArrayList<>();
        URI location = URI.create(site + "/robots.txt");
        HttpResponse<byte[]> response;
        try {
            while (true) {
                visited.add(location);
                response = exchange(HttpRequest.newBuilder(location).timeout(config.timeout())
                        .header("User-Agent", config.userAgent()).GET().build(), MAX_ROBOTS_BYTES,
                        "the robots.txt limit");
                if (!isRedirect(response.statusCode())) {
                    break;
                }
                location = redirectTarget(response, visited);
                checkAllowed(location);
            }
        } catch (FetchException e) {
            throw new FetchException(e.reason(), "robots.txt: " + e.getMessage());
        }
        RobotsRules rules;
        if (response.statusCode() == 200) {
            String text = new String(response.body(), StandardCharsets.UTF_8);
            rules = RobotsRules.parse(text, config.userAgent().split("/")[0]);
        } else if (response.statusCode() >= 400 && response.statusCode() < 500) {
            rules = RobotsRules.allowAll();
        } else {
            // RFC 9309: a server error means the site may not be crawled for now.
            throw new FetchException("robots", "robots.txt answered HTTP " + response.statusCode());
        }
        robots.put(site, new CachedRobots(rules, Instant.now()));
        return rules;
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

    /** Takes the host's next free turn, in order of asking, and sleeps until it comes. */
    private void waitForHostSlot(String host) throws FetchException {
        Instant now = Instant.now();
        Instant slot = lastRequestByHost.compute(host, (key, last) ->
                last == null || !last.plus(config.perHostDelay()).isAfter(now) ? now : last.plus(config.perHostDelay()));
        Duration wait = Duration.between(now, slot);
        if (wait.isPositive()) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FetchException("interrupted", "Interrupted");
            }
        }
    }

    private record CachedRobots(RobotsRules rules, Instant fetchedAt) {
    }

    private void checkAllowed(URI uri) throws FetchException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new FetchException("refused-address", "Only absolute http(s) URLs are fetched");
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
                    throw new FetchException("refused-address", "Refusing to fetch from the internal address " + address.getHostAddress()
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

    private static class ResponseTooLargeException extends IOException {
        ResponseTooLargeException(String message) {
            super(message);
        }
    }

    /**
     * Collects a body up to a byte limit and gives up as soon as the limit is passed (or announced by
     * Content-Length), so an oversized answer costs at most the limit.
     */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

        private final long maxBytes;
        private final String limitSetting;
        private final long declaredLength;
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private volatile ResponseTooLargeException tooLarge;
        private Flow.Subscription subscription;

        CappedBody(long maxBytes, String limitSetting, long declaredLength) {
            this.maxBytes = maxBytes;
            this.limitSetting = limitSetting;
            this.declaredLength = declaredLength;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (declaredLength > maxBytes) {
                refuse(new ResponseTooLargeException("The response announces " + declaredLength
                        + " bytes, more than the limit of " + maxBytes + " (" + limitSetting + ")"));
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (received.size() + (long) buffer.remaining() > maxBytes) {
                    refuse(new ResponseTooLargeException("The response is larger than the limit of " + maxBytes
                            + " bytes (" + limitSetting + "); the fetch stopped there"));
                    return;
                }
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                received.writeBytes(bytes);
            }
            subscription.request(1);
        }

        private void refuse(ResponseTooLargeException reason) {
            tooLarge = reason;
            subscription.cancel();
            body.completeExceptionally(reason);
        }

        ResponseTooLargeException tooLarge() {
            return tooLarge;
        }

        @Override
        public void onError(Throwable throwable) {
            body.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            body.complete(received.toByteArray());
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }
    }
}

