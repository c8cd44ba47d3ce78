package io.vigil.ingest.rest;

import static io.vigil.ingest.rest.ItemsIngest.count;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vigil.ingest.ArchiveImport;
import io.vigil.ingest.ArchiveImport.ImportedFile;
import io.vigil.ingest.config.IngestConfig;
import io.vigil.ingest.rest.ItemsIngest.ItemResult;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/imports")
@Tag(name = "imports", description = "Bulk import of article files")
@Produces(MediaType.APPLICATION_JSON)
public class ImportResource {

    private static final String PATH = "/api/imports";

    private final ItemsIngest itemsIngest;
    private final ArchiveImport archiveImport;

    public ImportResource(ItemsIngest itemsIngest, ObjectMapper objectMapper, IngestConfig config) {
        this.itemsIngest = itemsIngest;
        this.archiveImport = new ArchiveImport(objectMapper, config.ingest().maxImportFiles(),
                config.ingest().maxImportInflatedBytes());
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FileResult(String name, String problem, List<ItemResult> items) {
    }

    public record ImportAnswer(int accepted, int duplicate, int invalid, List<FileResult> files) {
    }

    @POST
    @Consumes("application/zip")
    @SecurityRequirement(name = "adminKey")
    @Operation(summary = "Import a zip of article files",
            description = ".txt (first non-empty line is the title), .html (text extracted), .json (an article or "
                    + "an array of them), .jsonl (one article per line); a result per file and per article.")
    @APIResponse(responseCode = "200", description = "One result per file")
    @APIResponse(responseCode = "400", description = "Not a readable zip, or one with too many files or bytes")
    @APIResponse(responseCode = "401", description = "Missing or wrong admin key")
    @APIResponse(responseCode = "415", description = "Not sent as application/zip")
    public ImportAnswer importArchive(InputStream zip, @HeaderParam("X-Request-Id") String requestId) {
        List<ImportedFile> files = archiveImport.read(zip);
        List<JsonNode> articles = new ArrayList<>();
        List<String> instances = new ArrayList<>();
        for (ImportedFile file : files) {
            for (int i = 0; i < file.articles().size(); i++) {
                articles.add(file.articles().get(i));
                instances.add(PATH + "#/" + file.name() + "/" + i);
            }
        }
        List<ItemResult> results = itemsIngest.ingest(articles, instances, requestId);
        List<FileResult> fileResults = new ArrayList<>();
        int next = 0;
        for (ImportedFile file : files) {
            List<ItemResult> fileItems = new ArrayList<>();
            for (int i = 0; i < file.articles().size(); i++) {
                ItemResult result = results.get(next++);
                fileItems.add(new ItemResult(i, result.status(), result.id(), result.version(), result.problem()));
            }
            fileResults.add(new FileResult(file.name(), file.problem(), fileItems));
        }
        int unreadable = (int) files.stream().filter(file -> file.problem() != null).count();
        return new ImportAnswer(count(results, "accepted"), count(results, "duplicate"),
                count(results, "invalid") + unreadable, fileResults);
    }
}
