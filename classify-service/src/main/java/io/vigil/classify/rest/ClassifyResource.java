package io.vigil.classify.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vigil.classify.Classification;
import io.vigil.classify.ClassificationService;
import io.vigil.classify.ClassifierModel;
import io.vigil.classify.Taxonomy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "classifier", description = "Language, security topics, countries and focus of articles")
public class ClassifyResource {

    private final ClassificationService service;

    public ClassifyResource(ClassificationService service) {
        this.service = service;
    }

    @POST
    @Path("/classify")
    @Consumes(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(summary = "Classify an article",
            description = "Detects the language and returns the security topics (with scores and evidence), the countries "
                    + "named (with mentions, frameworks and evidence) and the one to three focus countries. Evidence "
                    + "offsets index title + \"\\n\" + text. Writes nothing, so no key is needed.")
    @APIResponse(responseCode = "200", description = "The classification")
    @APIResponse(responseCode = "400", description = "Malformed JSON or missing text (problem+json)")
    @APIResponse(responseCode = "413", description = "Body too large (problem+json)")
    public Classification classify(@Valid @NotNull ClassifyRequest request) {
        return service.classify(request.title(), request.text(), request.lang());
    }

    @GET
    @Path("/taxonomy")
    @Operation(summary = "Topic ids and partnership frameworks",
            description = "The topic ids of TAXONOMY.md with their descriptions and the NATO partnership frameworks with their member countries.")
    public TaxonomyView taxonomy() {
        List<TaxonomyView.Topic> topics = Taxonomy.TOPIC_IDS.stream()
                .map(id -> new TaxonomyView.Topic(id, Taxonomy.TOPICS.get(id))).toList();
        List<TaxonomyView.Framework> frameworks = service.model().frameworks().countriesByFramework().entrySet().stream()
                .map(e -> new TaxonomyView.Framework(e.getKey(), e.getValue())).toList();
        return new TaxonomyView(topics, frameworks);
    }

    @POST
    @Path("/classifier:reload")
    @RunOnVirtualThread
    @Operation(summary = "Reload the classifier data files",
            description = "Reads countries/, suffixes/, topics/ and frameworks.tsv again from vigil.classifier.rules-dir "
                    + "(or the classpath) and swaps the new model in. On an error the previous model stays in use.")
    @APIResponse(responseCode = "200", description = "Reloaded; counts of what the new model holds")
    @APIResponse(responseCode = "401", description = "Missing or wrong admin key (problem+json)")
    @APIResponse(responseCode = "422", description = "A data file is invalid; file and line in the problem (problem+json)")
    public ClassifierModel.Counts reload() {
        return service.reload();
    }
}
