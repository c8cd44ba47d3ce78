package io.vigil.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

class KeywordQueriesTest {

    private final KeywordQueries<String> queries = new KeywordQueries<>();

    /** What {@link KeywordSearch}, the reference, says of each query for this article. */
    private static Set<String> reference(List<String> texts, String title, String text) {
        KeywordSearch search = new KeywordSearch(title, text);
        Set<String> matching = new TreeSet<>();
        for (String query : texts) {
            if (search.matches(query)) {
                matching.add(query);
            }
        }
        return matching;
    }

    private Set<String> presearched(String title, String text) {
        List<String> matching = queries.matching(title, text);
        assertEquals(Set.copyOf(matching).size(), matching.size(), "a query reported twice");
        return new TreeSet<>(matching);
    }

    private void register(List<String> texts) {
        for (String text : texts) {
            queries.add(text, KeywordSearch.parse(text));
        }
    }

    private void assertAgrees(List<String> texts, String title, String text) {
        assertEquals(reference(texts, title, text), presearched(title, text), title + " / " + text);
    }

    @Test
    void conjunctionMatchesOnlyWithEveryTerm() {
        List<String> texts = List.of("pipeline explosion", "+pipeline +kiberhücum", "(pipeline OR drill) explosion");
        register(texts);
        assertEquals(Set.of("pipeline explosion", "(pipeline OR drill) explosion"),
                presearched("Pipeline", "An explosion hit it."));
        assertEquals(Set.of(), presearched("Pipeline", "Nothing else happened."), "the longest term alone is not enough");
        assertAgrees(texts, "drill", "explosion at the drill site");
        assertAgrees(texts, "", "kiberhücum pipeline");
    }

    @Test
    void disjunctionMatchesOnAnyBranch() {
        List<String> texts = List.of("هجوم OR انفجار", "ceasefire OR (pipeline AND drill)", "sərhəd OR Київ*");
        register(texts);
        assertEquals(Set.of("هجوم OR انفجار"), presearched("", "وقع انفجار قرب مضيق هرمز"));
        assertEquals(Set.of("ceasefire OR (pipeline AND drill)"), presearched("", "a drill on the pipeline"));
        assertEquals(Set.of(), presearched("", "a drill only"));
        assertEquals(Set.of("sərhəd OR Київ*"), presearched("", "Київської області"));
        assertAgrees(texts, "Ceasefire", "sərhəd");
    }

    @Test
    void negationExcludesButNeverSelects() {
        List<String> texts = List.of("ransomware -exercise", "ransomware NOT (exercise OR drill)", "-exercise",
                "ransomware -exerc*");
        register(texts);
        assertEquals(Set.of("ransomware -exercise", "ransomware NOT (exercise OR drill)", "ransomware -exerc*"),
                presearched("Ransomware", "A gang hit the port."));
        assertEquals(Set.of(), presearched("Ransomware", "A ransomware exercise at the port."));
        assertEquals(Set.of("ransomware -exercise", "ransomware -exerc*"),
                presearched("Ransomware", "A drill at the port."));
        assertEquals(Set.of(), presearched("", "nothing at all"), "a query of prohibited clauses only matches nothing");
        assertAgrees(texts, "Ransomware", "exercised");
    }

    @Test
    void phraseNeedsItsTermsInOrder() {
        List<String> texts = List.of("\"Azərbaycan Respublikası\"", "\"cyber attack\"~2", "\"pipeline drill\" OR summit",
                "\"drill drill\"", "\"a b c\" -\"b c\"");
        register(texts);
        assertEquals(Set.of("\"Azərbaycan Respublikası\""), presearched("Azərbaycan Respublikası və NATO", ""));
        assertEquals(Set.of(), presearched("Respublikası Azərbaycan", ""), "both terms, wrong order");
        assertEquals(Set.of("\"cyber attack\"~2"), presearched("", "a cyber and attack"));
        assertEquals(Set.of(), presearched("", "a cyber one two three attack"));
        assertEquals(Set.of("\"pipeline drill\" OR summit"), presearched("", "a pipeline drill"));
        assertAgrees(texts, "drill pipeline", "summit");
        assertEquals(Set.of(), presearched("drill", "pipeline x drill"), "the same term twice, not side by side");
        assertEquals(Set.of("\"drill drill\""), presearched("", "drill drill"));
        assertAgrees(texts, "a b c", "b c a b c");
        assertAgrees(texts, "a b x c", "c b a");
    }

    /** The article is read in chunks of a few thousand chars: words and phrases across their edges. */
    @Test
    void longArticlesAreReadWhole() {
        List<String> texts = List.of("\"Azərbaycan Respublikası\"", "pipeline", "\"pipeline drill\"", "ceasefire",
                "summit*", "\"title end\"");
        register(texts);
        for (int filler = 4070; filler < 4100; filler++) {
            String text = "x".repeat(filler) + " pipeline drill " + "y ".repeat(filler) + "Azərbaycan Respublikası";
            assertAgrees(texts, "Summit", text);
            assertAgrees(texts, "title", "end " + text);
            assertAgrees(texts, "z ".repeat(filler / 2) + "title", "end " + text);
        }
    }

    @Test
    void prefixAndWildcardQueriesByTheirLeadingLetters() {
        List<String> texts = List.of("Київ*", "kib*", "kiber*hücum", "transformat*", "te?t");
        register(texts);
        assertEquals(Set.of("Київ*"), presearched("", "У київському штабі"));
        assertEquals(Set.of("kib*", "kiber*hücum"), presearched("", "kiberhücum"));
        assertEquals(Set.of("kib*"), presearched("", "kiberhücumlar"), "the leading letters but not the pattern");
        assertEquals(Set.of(), presearched("", "transform"), "the first four letters but not the whole prefix");
        assertEquals(Set.of("transformat*"), presearched("", "transformation"));
        assertAgrees(texts, "test", "text tent");
    }

    @Test
    void queriesWithoutTermsAreTriedForEveryArticle() {
        List<String> texts = List.of("pipelin~1", "/kiber.*/", "[aaa TO abz]", "pipeline^0", "pipeline^2 drill");
        register(texts);
        assertEquals(Set.of("pipelin~1"), presearched("", "a pipeline"), "a zero boost scores nothing");
        assertEquals(Set.of("/kiber.*/"), presearched("", "kiberhücum"));
        assertEquals(Set.of("[aaa TO abz]"), presearched("", "abc"));
        assertEquals(Set.of("pipelin~1", "pipeline^2 drill"), presearched("", "pipeline drill"));
        assertEquals(Set.of(), presearched("", "nothing here"));
    }

    @Test
    void otherFieldsMatchNothingAsInTheReference() {
        List<String> texts = List.of("title:pipeline", "pipeline OR title:drill", "text:pipeline");
        register(texts);
        assertAgrees(texts, "pipeline", "drill");
        assertEquals(Set.of("pipeline OR title:drill", "text:pipeline"), presearched("pipeline", "drill"));
    }

    @Test
    void removedQueriesNoLongerMatchAndTheRestStillDo() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            texts.add("word" + i + " OR pref" + i + "*");
        }
        register(texts);
        for (int i = 0; i < 2_990; i++) {
            queries.remove(texts.get(i));
        }
        assertEquals(10, queries.size());
        assertEquals(Set.of(), presearched("", "word5 pref7x"));
        assertEquals(Set.of("word2995 OR pref2995*", "word2991 OR pref2991*"), presearched("", "word2995 pref2991x"));
        queries.add("word5 OR pref5*", KeywordSearch.parse("word5"));
        assertEquals(Set.of("word5 OR pref5*"), presearched("", "word5 pref7x"), "a value added again");
    }

    /** Random queries of every shape over a small vocabulary, so that candidates often fail and often match. */
    @Test
    void agreesWithTheReferenceOnRandomQueriesAndArticles() {
        Random random = new Random(7);
        List<String> words = List.of("pipeline", "pipe", "drill", "ceasefire", "кибератака", "кибер", "трубопровод",
                "هجوم", "انفجار", "Azərbaycan", "sərhəd", "summit", "a", "border");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            texts.add(randomQuery(random, words, 2));
        }
        List<String> valid = new ArrayList<>(new TreeSet<>(texts));
        register(valid);
        for (int a = 0; a < 200; a++) {
            StringBuilder text = new StringBuilder();
            for (int w = random.nextInt(12); w > 0; w--) {
                String word = words.get(random.nextInt(words.size()));
                text.append(random.nextInt(5) == 0 ? word + "s" : word).append(' ');
            }
            assertAgrees(valid, "", text.toString());
        }
    }

    /**
     * More articles than the per-article stamps have values, each with terms, prefixes and candidates the one
     * before had not: what an earlier article had must never count for a later one.
     */
    @Test
    void earlierArticlesNeverCountForLaterOnes() {
        List<String> texts = List.of("pipeline", "pipeline drill", "pipeline -drill", "\"drill border\"", "bord*",
                "кибератака OR هجوم");
        register(texts);
        List<String> articles = List.of("pipeline", "drill border", "borderline", "кибератака", "", "drill pipeline");
        for (int a = 0; a < 1_000; a++) {
            assertAgrees(texts, "", articles.get(a % articles.size()) + (a % 7 == 0 ? " هجوم" : ""));
        }
    }

    /**
     * Queries added and removed in bulk, so that vocabulary entries are freed, their numbers reused and the
     * lookup table rebuilt; prefixes shorter and longer than the lookup's gate of leading letters.
     */
    @Test
    void agreesWithTheReferenceThroughAdditionsAndRemovals() {
        Random random = new Random(11);
        List<String> words = List.of("pipeline", "pipe", "pi", "drill", "кибератака", "ки", "трубопровод", "هجوم",
                "ه", "Azərbaycan", "sərhəd", "a", "ab", "border", "borderline");
        List<String> live = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            for (int i = 0; i < 150; i++) {
                String word = words.get(random.nextInt(words.size()));
                String text = random.nextInt(3) == 0
                        ? word.substring(0, Math.min(word.length(), 1 + random.nextInt(4))) + "*"
                        : randomQuery(random, words, 2);
                if (!live.contains(text)) {
                    queries.add(text, KeywordSearch.parse(text));
                    live.add(text);
                }
            }
            for (int i = live.size() / 2; i > 0; i--) {
                queries.remove(live.remove(random.nextInt(live.size())));
            }
            assertEquals(live.size(), queries.size());
            for (int a = 0; a < 40; a++) {
                StringBuilder text = new StringBuilder();
                for (int w = random.nextInt(10); w > 0; w--) {
                    text.append(words.get(random.nextInt(words.size()))).append(random.nextInt(4) == 0 ? "s " : " ");
                }
                assertAgrees(live, "", text.toString());
            }
        }
    }

    private static String randomQuery(Random random, List<String> words, int depth) {
        String word = words.get(random.nextInt(words.size()));
        if (depth == 0) {
            return switch (random.nextInt(8)) {
                case 0 -> word.substring(0, Math.max(1, word.length() - 2)) + "*";
                case 1 -> "\"" + word + " " + words.get(random.nextInt(words.size())) + "\"";
                case 2 -> word + "~1";
                default -> word;
            };
        }
        String left = randomQuery(random, words, depth - 1);
        String right = randomQuery(random, words, depth - 1);
        return switch (random.nextInt(6)) {
            case 0 -> "(" + left + " OR " + right + ")";
            case 1 -> "(" + left + " " + right + ")";
            case 2 -> "(" + left + " -" + right + ")";
            case 3 -> "(" + left + " NOT " + right + ")";
            case 4 -> left;
            default -> "(" + left + " AND " + right + ")";
        };
    }
}
