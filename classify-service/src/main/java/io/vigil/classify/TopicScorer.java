package io.vigil.classify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.vigil.classify.Classification.Evidence;
import io.vigil.classify.Classification.TopicTag;

/**
 * Scores an article of one language against that language's topic rules (Europe Media Monitor style): raw = Σ weight
 * × 2 in the title, each distinct term counted at most {@value #MAX_COUNT_PER_TERM} times; score = raw / (raw +
 * threshold), so 0.5 means exactly at the threshold.
 */
public final class TopicScorer {

    static final int MAX_COUNT_PER_TERM = 3;
    static final int MAX_EVIDENCE = 10;
    private static final double TITLE_FACTOR = 2.0;

    private record CompiledTerm(int topic, double weight, int[][] parts) {
    }

    /** Where a part of a term starts: term index and part index. */
    private record PartRef(int term, int part) {
    }

    private final Lexicon lexicon;
    private final List<String> topics;
    private final double[] thresholds;
    private final List<CompiledTerm> terms;
    /** By word id: the term parts that start with that word. */
    private final PartRef[][] partsByFirstWord;

    private TopicScorer(Lexicon lexicon, List<String> topics, double[] thresholds, List<CompiledTerm> terms,
                        PartRef[][] partsByFirstWord) {
        this.lexicon = lexicon;
        this.topics = topics;
        this.thresholds = thresholds;
        this.terms = terms;
        this.partsByFirstWord = partsByFirstWord;
    }

    public static TopicScorer compile(TopicRules rules, Map<String, Morphology> morphologies) {
        Lexicon.Builder words = Lexicon.builder(morphologies);
        List<String> topics = new ArrayList<>();
        List<Double> thresholds = new ArrayList<>();
        List<CompiledTerm> terms = new ArrayList<>();
        Map<Integer, List<PartRef>> partsByFirstWord = new HashMap<>();
        for (TopicRules.Section section : rules.sections()) {
            int topic = topics.size();
            topics.add(section.topic());
            thresholds.add(section.threshold());
            for (TopicRules.Term term : section.terms()) {
                int[][] parts = new int[term.parts().size()][];
                for (int p = 0; p < parts.length; p++) {
                    parts[p] = term.parts().get(p).stream().mapToInt(words::add).toArray();
                    partsByFirstWord.computeIfAbsent(parts[p][0], k -> new ArrayList<>()).add(new PartRef(terms.size(), p));
                }
                terms.add(new CompiledTerm(topic, term.weight(), parts));
            }
        }
        Lexicon lexicon = words.build();
        PartRef[][] partsByWord = new PartRef[lexicon.size()][];
        partsByFirstWord.forEach((word, refs) -> partsByWord[word] = refs.toArray(PartRef[]::new));
        return new TopicScorer(lexicon, List.copyOf(topics),
                thresholds.stream().mapToDouble(Double::doubleValue).toArray(), List.copyOf(terms), partsByWord);
    }

    /**
     * The topics whose score reaches {@code minScore}, best first.
     *
     * @param article  the words of {@code text} in this scorer's language
     * @param titleEnd index in {@code text} where the title ends (matches before it count double)
     */
    public List<TopicTag> score(ArticleWords article, String text, int titleEnd, double minScore) {
        List<Token> tokens = article.tokens();
        int[][] matches = lexicon.match(article);
        // Most terms never occur: keep start positions only for the parts that do, in the order terms are first met
        List<List<Integer>>[] starts = newStarts(terms.size());
        List<Integer> foundTerms = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            for (int word : matches[i]) {
                PartRef[] refs = partsByFirstWord[word];
                if (refs == null) {
                    continue;
                }
                for (PartRef ref : refs) {
                    CompiledTerm term = terms.get(ref.term());
                    if (!sequenceAt(term.parts()[ref.part()], matches, i)) {
                        continue;
                    }
                    if (starts[ref.term()] == null) {
                        starts[ref.term()] = emptyParts(term);
                        foundTerms.add(ref.term());
                    }
                    List<Integer> found = starts[ref.term()].get(ref.part());
                    if (found.isEmpty() || found.getLast() != i) {
                        found.add(i);
                    }
                }
            }
        }
        double[] raw = new double[topics.size()];
        List<List<Evidence>> evidence = new ArrayList<>();
        for (int t = 0; t < topics.size(); t++) {
            evidence.add(new ArrayList<>());
        }
        for (int termIndex : foundTerms) {
            CompiledTerm term = terms.get(termIndex);
            List<List<Integer>> found = starts[termIndex];
            if (!allPartsFound(found)) {
                continue;
            }
            for (List<int[]> occurrence : occurrences(term, found, tokens)) {
                boolean inTitle = tokens.get(occurrence.getFirst()[0]).start() < titleEnd;
                raw[term.topic()] += term.weight() * (inTitle ? TITLE_FACTOR : 1.0);
                if (term.weight() > 0) {
                    for (int[] span : occurrence) {
                        int start = tokens.get(span[0]).start();
                        int end = tokens.get(span[1] - 1).end();
                        evidence.get(term.topic()).add(new Evidence(text.substring(start, end), start, end));
                    }
                }
            }
        }
        List<TopicTag> tags = new ArrayList<>();
        for (int t = 0; t < topics.size(); t++) {
            double score = raw[t] <= 0 ? 0 : raw[t] / (raw[t] + thresholds[t]);
            if (score >= minScore && score > 0) {
                tags.add(new TopicTag(topics.get(t), Math.round(score * 1000) / 1000.0, distinctSorted(evidence.get(t))));
            }
        }
        tags.sort(Comparator.comparingDouble(TopicTag::score).reversed());
        return tags;
    }

    /**
     * The counted occurrences of a term, each as token spans {@code [from, to)}: a single part counts where it
     * occurs, several parts count once per sentence containing all of them; at most three per term.
     */
    private static List<List<int[]>> occurrences(CompiledTerm term, List<List<Integer>> starts, List<Token> tokens) {
        List<List<int[]>> occurrences = new ArrayList<>();
        if (term.parts().length == 1) {
            for (int start : starts.getFirst()) {
                if (occurrences.size() == MAX_COUNT_PER_TERM) {
                    break;
                }
                occurrences.add(List.of(new int[] {start, start + term.parts()[0].length}));
            }
            return occurrences;
        }
        Map<Integer, List<int[]>> bySentence = new TreeMap<>();
        for (int start : starts.getFirst()) {
            bySentence.putIfAbsent(tokens.get(start).sentence(),
                    new ArrayList<>(List.<int[]>of(new int[] {start, start + term.parts()[0].length})));
        }
        for (int p = 1; p < term.parts().length; p++) {
            Map<Integer, List<int[]>> next = new TreeMap<>();
            for (int start : starts.get(p)) {
                int sentence = tokens.get(start).sentence();
                List<int[]> spans = bySentence.get(sentence);
                if (spans != null && !next.containsKey(sentence)) {
                    List<int[]> extended = new ArrayList<>(spans);
                    extended.add(new int[] {start, start + term.parts()[p].length});
                    next.put(sentence, extended);
                }
            }
            bySentence = next;
        }
        for (List<int[]> spans : bySentence.values()) {
            if (occurrences.size() == MAX_COUNT_PER_TERM) {
                break;
            }
            occurrences.add(spans);
        }
        return occurrences;
    }

    @SuppressWarnings("unchecked")
    private static List<List<Integer>>[] newStarts(int terms) {
        return new List[terms];
    }

    private static boolean allPartsFound(List<List<Integer>> parts) {
        for (List<Integer> part : parts) {
            if (part.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static List<List<Integer>> emptyParts(CompiledTerm term) {
        List<List<Integer>> parts = new ArrayList<>(term.parts().length);
        for (int p = 0; p < term.parts().length; p++) {
            parts.add(new ArrayList<>(2));
        }
        return parts;
    }

    private static boolean sequenceAt(int[] sequence, int[][] matches, int start) {
        if (start + sequence.length > matches.length) {
            return false;
        }
        for (int j = 1; j < sequence.length; j++) {
            if (!Lexicon.contains(matches[start + j], sequence[j])) {
                return false;
            }
        }
        return true;
    }

    private static List<Evidence> distinctSorted(List<Evidence> evidence) {
        Map<Integer, Evidence> byStart = new TreeMap<>();
        for (Evidence e : evidence) {
            byStart.merge(e.start(), e, (a, b) -> a.end() >= b.end() ? a : b);
        }
        return byStart.values().stream().limit(MAX_EVIDENCE).toList();
    }

    void forgetMatches() {
        lexicon.forgetMatches();
    }

    public int termCount() {
        return terms.size();
    }
}
