package io.vigil.alert;

import java.util.List;

/** Why an article matched a subscription: the criteria values it satisfied. */
public record Match(List<String> topics, List<String> countries, List<String> frameworks) {
}
