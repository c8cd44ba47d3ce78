package io.vigil.classify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The NATO partnership frameworks of {@code frameworks.tsv} ({@code PFP<TAB>AM AT AZ ...}), per TAXONOMY.md. */
public final class Frameworks {

    private final Map<String, List<String>> countriesByFramework;
    private final Map<String, List<String>> frameworksByCountry;

    private Frameworks(Map<String, List<String>> countriesByFramework) {
        this.countriesByFramework = countriesByFramework;
        Map<String, List<String>> byCountry = new TreeMap<>();
        countriesByFramework.forEach((framework, codes) ->
                codes.forEach(code -> byCountry.computeIfAbsent(code, k -> new ArrayList<>()).add(framework)));
        byCountry.replaceAll((code, frameworks) -> List.copyOf(frameworks));
        this.frameworksByCountry = Map.copyOf(byCountry);
    }

    public static Frameworks parse(String file, List<String> lines, Set<String> regionCodes) {
        Map<String, List<String>> countriesByFramework = new LinkedHashMap<>();
        for (int n = 1; n <= lines.size(); n++) {
            String line = DataFiles.stripComment(lines.get(n - 1));
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\t");
            if (fields.length != 2 || fields[0].isBlank()) {
                throw new ClassifierDataException(file, n, "expected <framework id><TAB><ISO code> <ISO code> ...");
            }
            List<String> codes = new ArrayList<>();
            for (String code : fields[1].strip().split("\\s+")) {
                if (!regionCodes.contains(code)) {
                    throw new ClassifierDataException(file, n, "unknown country code '" + code + "'");
                }
                codes.add(code);
            }
            if (countriesByFramework.put(fields[0].strip(), List.copyOf(codes)) != null) {
                throw new ClassifierDataException(file, n, "second line for framework " + fields[0].strip());
            }
        }
        return new Frameworks(countriesByFramework);
    }

    /** The frameworks a country belongs to, in the order of the file. */
    public List<String> of(String code) {
        return frameworksByCountry.getOrDefault(code, List.of());
    }

    public Map<String, List<String>> countriesByFramework() {
        return countriesByFramework;
    }
}
