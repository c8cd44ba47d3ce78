package io.vigil.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class FrameworksTest {

    @Test
    void shippedFileFollowsTheTaxonomy() {
        Frameworks frameworks = ClassifierModel.load(DataFiles.classpath()).frameworks();
        assertThat(frameworks.countriesByFramework()).containsOnlyKeys("PFP", "MD", "ICI", "PATG", "NATO");
        assertThat(frameworks.countriesByFramework().get("PFP")).hasSize(18).contains("AZ", "BY", "RU", "UA");
        assertThat(frameworks.countriesByFramework().get("MD")).containsExactly("DZ", "EG", "IL", "JO", "MA", "MR", "TN");
        assertThat(frameworks.countriesByFramework().get("ICI")).containsExactly("AE", "BH", "KW", "QA");
        assertThat(frameworks.countriesByFramework().get("PATG")).containsExactly("AU", "CO", "IQ", "JP", "KR", "MN", "NZ", "PK");
        assertThat(frameworks.countriesByFramework().get("NATO")).hasSize(32).contains("TR", "US", "SE", "FI");
        assertThat(frameworks.of("AZ")).containsExactly("PFP");
        assertThat(frameworks.of("IR")).isEmpty();
    }

    @Test
    void unknownCodesAreRejectedWithTheirLine() {
        assertThatThrownBy(() -> Frameworks.parse("frameworks.tsv", List.of("PFP\tAM AZ", "MD\tEG XX"),
                CountryGazetteer.regionCodes()))
                .isInstanceOf(ClassifierDataException.class).hasMessageContaining("frameworks.tsv:2").hasMessageContaining("XX");
    }
}
