package io.vigil.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generated security-news texts in several scripts, as diverse as unrelated news articles: each text is about
 * one story (a topic, two actors and two places of its own, drawn from word lists) told in a handful of the
 * language's sentence templates and its topic's facts, filled with dates and figures, in random order and
 * number. Two texts of a language share about 5% of their word 3-shingles (what ingest-service's SimHash is
 * built from), so the near-duplicate lookup finds a few band candidates per article, as for real news, not
 * most of the stored articles; the topic words keep the texts realistic for the classifier. The same seed
 * gives the same texts.
 */
enum BenchTexts {
    AZ("az", "Latin", BenchVocabulary.AZ),
    RU("ru", "Cyrillic", BenchVocabulary.RU),
    FA("fa", "Arabic", BenchVocabulary.FA),
    HY("hy", "Armenian", BenchVocabulary.HY);

    private final String lang;
    private final String script;
    private final BenchVocabulary vocabulary;

    BenchTexts(String lang, String script, BenchVocabulary vocabulary) {
        this.lang = lang;
        this.script = script;
        this.vocabulary = vocabulary;
    }

    String lang() {
        return lang;
    }

    String script() {
        return script;
    }

    static BenchTexts ofLang(String lang) {
        for (BenchTexts texts : values()) {
            if (texts.lang.equals(lang)) {
                return texts;
            }
        }
        throw new IllegalArgumentException("no bench texts in " + lang + "; have az, ru, fa, hy");
    }

    /** A headline determined by the serial alone. */
    String title(long serial) {
        Random random = new Random(serial * 31 + ordinal());
        return sentence(random, Story.of(vocabulary, random)).replaceAll("[.։]$", "");
    }

    /** {@code count} distinct texts of exactly {@code chars} characters, the same for the same seed. */
    List<String> generate(int count, int chars, long seed) {
        Random random = new Random(seed);
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            texts.add(one(random, chars));
        }
        return texts;
    }

    /** One text of {@code chars} characters, determined by the serial alone. */
    String one(long serial, int chars) {
        return one(new Random(serial * 31 + ordinal()), chars);
    }

    private String one(Random random, int chars) {
        Story story = Story.of(vocabulary, random);
        StringBuilder text = new StringBuilder();
        // Paragraphs of two to six sentences, as news is laid out.
        int paragraphLeft = 2 + random.nextInt(5);
        while (text.length() < chars) {
            text.append(sentence(random, story));
            if (--paragraphLeft == 0) {
                text.append("\n\n");
                paragraphLeft = 2 + random.nextInt(5);
            } else {
                text.append(' ');
            }
        }
        return text.substring(0, chars);
    }

    /** A template with its slots filled: mostly from the story's own cast, sometimes from the whole lists. */
    private String sentence(Random random, Story story) {
        boolean fact = random.nextInt(3) == 0;
        String[] templates = fact ? story.topic.facts() : story.templates;
        String template = templates[random.nextInt(templates.length)];
        StringBuilder sentence = new StringBuilder(template.length() + 64);
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '{') {
                sentence.append(c);
                continue;
            }
            char slot = template.charAt(++i);
            i++; // the closing brace
            sentence.append(switch (slot) {
                case 'a' -> random.nextInt(4) == 0 ? pick(random, vocabulary.actors())
                        : story.actors[random.nextInt(2)];
                case 'p' -> random.nextInt(4) == 0 ? pick(random, vocabulary.places())
                        : story.places[random.nextInt(2)];
                case 'o' -> pick(random, story.topic.objects());
                case 'd' -> vocabulary.date(1 + random.nextInt(28), random.nextInt(12));
                case 'n' -> vocabulary.number(figure(random));
                case 'k' -> vocabulary.number(2 + random.nextInt(11));
                default -> throw new IllegalStateException("unknown slot {" + slot + "} in " + template);
            });
        }
        // A sentence may open with a slot, such as Russian "в Баку".
        sentence.setCharAt(0, Character.toUpperCase(sentence.charAt(0)));
        return sentence.toString();
    }

    /** Figures as news has them: mostly small, some large. */
    private static int figure(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> 2 + random.nextInt(20);
            case 1 -> 20 + random.nextInt(500);
            default -> 500 + random.nextInt(50_000);
        };
    }

    private static String pick(Random random, String[] words) {
        return words[random.nextInt(words.length)];
    }

    /**
     * What one article is about, and the few sentence forms its writer uses: with every text drawing on all
     * templates, all texts would share the templates' fixed word runs.
     */
    private record Story(BenchVocabulary.Topic topic, String[] actors, String[] places, String[] templates) {

        private static final int TEMPLATES_PER_STORY = 5;

        static Story of(BenchVocabulary vocabulary, Random random) {
            List<String> templates = new ArrayList<>(List.of(vocabulary.templates()));
            java.util.Collections.shuffle(templates, random);
            return new Story(vocabulary.topics()[random.nextInt(vocabulary.topics().length)],
                    new String[] {pick(random, vocabulary.actors()), pick(random, vocabulary.actors())},
                    new String[] {pick(random, vocabulary.places()), pick(random, vocabulary.places())},
                    templates.subList(0, TEMPLATES_PER_STORY).toArray(String[]::new));
        }
    }
}
