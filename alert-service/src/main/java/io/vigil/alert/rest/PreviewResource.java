package io.vigil.alert.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.vigil.alert.KeywordSearch;
import io.vigil.alert.Match;
import io.vigil.alert.RecentArticles;
import io.vigil.alert.SubscriptionCriteria;
import io.vigil.alert.SubscriptionMatcher;
import io.vigil.alert.SubscriptionValidator;
import io.vigil.alert.messaging.ClassifiedArticleEvent;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/subscriptions:preview")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Subscriptions")
@SecurityRequirement(name = "bearer")
public class PreviewResource {

    private static final int MAX_SHOWN = 50;

    private final RecentArticles recentArticles;
    private final SubscriptionValidator validator = new SubscriptionValidator();
    private final SubscriptionMatcher matcher = new SubscriptionMatcher();

    public PreviewResource(RecentArticles recentArticles) {
        this.recentArticles = recentArticles;
    }

    public record PreviewMatch(String articleId, String title, String url, String publishedAt, Match matched) {
    }

    public record Preview(int examined, int matching, List<PreviewMatch> matches) {
    }

    @POST
    @Operation(summary = "Which recent articles would a draft subscription have matched? Nothing is stored")
    public Preview preview(SubscriptionRequest request) {
        if (request == null) {
            throw new ProblemException(400, "missing-body", "Missing body", "A JSON subscription is required",
                    Map.of());
        }
        SubscriptionCriteria criteria = validator.criteria(request.topics(), request.topicsMode(), request.countries(),
                request.frameworks(), request.focusOnly(), request.languages(), request.minScore(), request.query());
        List<ClassifiedArticleEvent> articles = recentArticles.newest();
        List<PreviewMatch> matches = new ArrayList<>();
        int matching = 0;
        for (ClassifiedArticleEvent article : articles) {
            Optional<Match> match = matcher.match(criteria, article,
                    new KeywordSearch(article.title(), article.text()));
            if (match.isPresent()) {
                matching++;
                if (matches.size() < MAX_SHOWN) {
                    matches.add(new PreviewMatch(article.id(), article.title(), article.url(), article.publishedAt(),
                            match.get()));
                }
            }
        }
        return new Preview(articles.size(), matching, matches);
    }
}
