package io.vigil.classify.rest;

import java.util.List;

/** The topic ids with their descriptions and the partnership frameworks with their countries. */
public record TaxonomyView(List<Topic> topics, List<Framework> frameworks) {

    public record Topic(String id, String description) {
    }

    public record Framework(String id, List<String> countries) {
    }
}
