package io.vigil.ingest.rest;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.ingest.Article;
import io.vigil.ingest.FieldError;
import io.vigil.ingest.ArticleSubmission;
import io.vigil.ingest.IngestArticles;
import io.vigil.ingest.IngestResult;
import io.vigil.ingest.InvalidSubmissionException;
import io.vigil.ingest.PagePosition;
import io.vigil.ingest.SubmissionTooLargeException;
import io.vigil.ingest.SubmissionValidator;
import io.vigil.ingest.config.IngestConfig;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/api/articles")
@Tag(name = "articles", description = "Submit and read ingested articles")
@Produces(MediaType.APPLICATION_JSON)
@SecurityScheme(securitySchemeName = "adminKey", type = SecuritySchemeType.HTTP, scheme = "bearer")
public class ArticleResource {

    private final IngestArticles ingestArticles;
    private final SubmissionValidator validator;
    private final IngestConfig.Ingest config;

    public ArticleResource(IngestArticles ingestArticles, IngestConfig config) {
        this.ingestArticles = ingestArticles;
        this.config = config.ingest();
        this.validator = new SubmissionValidator(this.config.maxTextLength(), this.config.maxUrlLength());
    }

    /** {@code version} is present when accepted: 1 for a new article, higher for a new text of a known URL. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SubmissionAnswer(UUID id, String status, Integer version) {
        static SubmissionAnswer of(IngestResult result) {
            return new SubmissionAnswer(result.id(), result.status().name().toLowerCase(Locale.ROOT),
                    result.version());
        }
    }

    public record ArticlePage(List<ArticleView> items, String next) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "adminKey")
    @Operation(summary = "Submit an article",
            description = "Stores the article and publishes vigil.article.ingested, unless the same canonical URL "
                    + "or the same normalised title and text was ingested before.")
    @APIResponse(responseCode = "202", description = "Accepted as a new article")
    @APIResponse(responseCode = "200", description = "Duplicate of the article whose id is returned")
    @APIResponse(responseCode = "400", description = "Malformed JSON or invalid fields (problem+json)")
    @APIResponse(responseCode = "401", description = "Missing or wrong admin key (problem+json)")
    @APIResponse(responseCode = "413", description = "Body or text too large (problem+json)")
    public Response submit(JsonNode body) {
        ArticleSubmission submission;
        try {
            submission = validator.validate(body);
        } catch (InvalidSubmissionException | SubmissionTooLargeException e) {
            ingestArticles.countRejected();
            throw e;
        }
        IngestResult result = ingestArticles.ingest(submission);
        return Response.status(result.accepted() ? Response.Status.ACCEPTED : Response.Status.OK)
                .entity(SubmissionAnswer.of(result)).build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read one article")
    @APIResponse(responseCode = "200", description = "The article")
    @APIResponse(responseCode = "404", description = "No such article (problem+json)")
    public ArticleView get(@PathParam("id") UUID id) {
        return Article.<Article>findByIdOptional(id).map(ArticleView::of)
                .orElseThrow(() -> new NotFoundException("No article " + id));
    }

    @GET
    @Operation(summary = "List articles, newest first",
            description = "Keyset pagination: pass the returned next cursor (or an article id) as before.")
    @APIResponse(responseCode = "200", description = "A page of articles and the cursor of the next page")
    @APIResponse(responseCode = "400", description = "Invalid limit or cursor (problem+json)")
    public ArticlePage list(
            @Parameter(description = "Page size, 1 to the configured maximum (500)") @QueryParam("limit") String limit,
            @Parameter(description = "Opaque cursor or article id; items strictly older are listed") @QueryParam("before") String before) {
        int pageSize = pageSize(limit);
        PagePosition position = before == null || before.isBlank() ? null : position(before);
        List<Article> articles = Article.page(position, pageSize);
        String next = articles.size() == pageSize ? PagePosition.of(articles.getLast()).toCursor() : null;
        return new ArticlePage(articles.stream().map(ArticleView::of).toList(), next);
    }

    private int pageSize(String limit) {
        if (limit == null || limit.isBlank()) {
            return config.defaultPageSize();
        }
        try {
            int pageSize = Integer.parseInt(limit.strip());
            if (pageSize >= 1 && pageSize <= config.maxPageSize()) {
                return pageSize;
            }
        } catch (NumberFormatException e) {
            // reported below like an out-of-range number
        }
        throw new InvalidQueryException(new FieldError("limit", "must be an integer from 1 to " + config.maxPageSize()));
    }

    private static PagePosition position(String before) {
        Optional<PagePosition> fromArticle = parseUuid(before)
                .flatMap(id -> Article.<Article>findByIdOptional(id).map(PagePosition::of));
        return fromArticle.or(() -> PagePosition.fromCursor(before))
                .orElseThrow(() -> new InvalidQueryException(new FieldError("before",
                        "must be a cursor returned as next, or the id of a stored article")));
    }

    private static Optional<UUID> parseUuid(String text) {
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
