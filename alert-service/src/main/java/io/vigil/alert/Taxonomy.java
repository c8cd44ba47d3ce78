package io.vigil.alert;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Topic ids, country codes and partnership frameworks of /work/shared/TAXONOMY.md. */
public final class Taxonomy {

    public static final List<String> TOPICS = List.of(
            "terrorism", "cyber", "energy-security", "maritime-security", "cbrn", "border-security",
            "mine-action", "crisis-management", "military-exercises", "defence-reform", "peace-operations",
            "partnership-diplomacy", "regional-conflict", "hybrid-disinformation");

    /** Framework membership; suspended partners stay listed because their articles still concern the framework. */
    public static final Map<String, Set<String>> FRAMEWORK_MEMBERS = frameworks();

    private static final Map<String, Set<String>> FRAMEWORKS_BY_COUNTRY = frameworksByCountry();

    public static final Set<String> COUNTRIES = countries();

    public static final Set<String> LANGUAGES = Set.copyOf(Arrays.asList(Locale.getISOLanguages()));

    private Taxonomy() {
    }

    /** Matching asks this for every subscription of every article, hence the precomputed table. */
    public static Set<String> frameworksOf(String countryCode) {
        return FRAMEWORKS_BY_COUNTRY.getOrDefault(countryCode, Set.of());
    }

    public static List<String> unknown(Collection<String> values, Collection<String> known) {
        return values.stream().filter(value -> !known.contains(value)).distinct().toList();
    }

    private static Map<String, Set<String>> frameworks() {
        Map<String, Set<String>> members = new LinkedHashMap<>();
        members.put("PFP", Set.of("AM", "AT", "AZ", "BA", "BY", "CH", "GE", "IE", "KG", "KZ", "MD", "MT", "RS", "RU",
                "TJ", "TM", "UA", "UZ"));
        members.put("MD", Set.of("DZ", "EG", "IL", "JO", "MA", "MR", "TN"));
        members.put("ICI", Set.of("AE", "BH", "KW", "QA", "SA", "OM"));
        members.put("PATG", Set.of("AU", "CO", "IQ", "JP", "KR", "MN", "NZ", "PK"));
        members.put("NATO", Set.of("AL", "BE", "BG", "CA", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GR", "HR",
                "HU", "IS", "IT", "LT", "LU", "LV", "ME", "MK", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK", "TR", "US"));
        return Map.copyOf(members);
    }

    private static Map<String, Set<String>> frameworksByCountry() {
        Map<String, Set<String>> byCountry = new LinkedHashMap<>();
        FRAMEWORK_MEMBERS.forEach((framework, members) -> members.forEach(country ->
                byCountry.computeIfAbsent(country, code -> new TreeSet<>()).add(framework)));
        return byCountry.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, entry -> Set.copyOf(entry.getValue())));
    }

    private static Set<String> countries() {
        Set<String> codes = new TreeSet<>(Arrays.asList(Locale.getISOCountries()));
        codes.add("XK");
        return Set.copyOf(codes);
    }
}
