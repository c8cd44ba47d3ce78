package io.vigil.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class MorphologyTest {

    private final Morphology azerbaijani = ClassifierModel.parseMorphology("az", "suffixes/az.txt",
            List.of("# comment", "lı", "li", "lar", "lər", "ın", "in", "da", "də", "-nın", "prefix:və"));

    @Test
    void chainsOfSuffixesAreRecognised() {
        // Tokens reach the morphology folded, dotless i included
        assertThat(azerbaijani.isSuffixChain(TextNormalizer.fold("lılar"))).isTrue();
        assertThat(azerbaijani.isSuffixChain(TextNormalizer.fold("lılarxyz"))).isFalse();
        assertThat(azerbaijani.isSuffixChain(TextNormalizer.fold("lılarin"))).isTrue();
        assertThat(azerbaijani.isSuffixChain("nin")).isTrue();
        assertThat(azerbaijani.isSuffixChain("xyz")).isFalse();
        assertThat(azerbaijani.isSuffixChain("")).isFalse();
        assertThat(azerbaijani.proclitics()).containsExactly("və");
    }

    @Test
    void aChainIsCheckedFromAnIndexOfTheToken() {
        assertThat(azerbaijani.isSuffixChain(TextNormalizer.fold("bakılılar"), 4)).isTrue();
        assertThat(azerbaijani.isSuffixChain(TextNormalizer.fold("bakılılar"), 3)).isFalse();
        assertThat(azerbaijani.isSuffixChain("baki", 4)).isFalse();
    }

    @Test
    void aSuffixLineWithSeveralWordsIsRejectedWithItsLine() {
        assertThatThrownBy(() -> ClassifierModel.parseMorphology("az", "suffixes/az.txt", List.of("lar", "two words")))
                .isInstanceOf(ClassifierDataException.class)
                .hasMessageContaining("suffixes/az.txt:2");
    }
}
