package io.vigil.alert;

import java.io.Closeable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.apache.lucene.search.Query;

import io.vigil.alert.messaging.ClassifiedArticleEvent;

/**
 * Finds the subscriptions an article matches without looking at the others. Gives exactly the answer of
 * {@link SubscriptionMatcher} applied to every unmuted subscription.
 * <p>
 * A subscription without a keyword query is filed in postings under every (place, topic, language) that an
 * article must have for it to match: its countries (else its frameworks), each of its topics (the first of an
 * all-topics subscription), each of its languages, or "none" where it has no such criterion. Topic postings are sorted by minimum score. An article
 * walks only the postings of its own places, topics and language, and within a topic only the subscriptions
 * whose minimum score its topic reaches, so the subscriptions it visits are nearly all matches; what is left
 * (mute, the other topics of an all-topics subscription, frameworks beside countries) is bit tests. Keyword
 * subscriptions are grouped by query text and the distinct queries live in {@link KeywordQueries}, which picks
 * the few that can match from the article's terms and decides or runs only those; the structured criteria of
 * their subscriptions are then checked the same way.
 * <p>
 * A posting holds, beside each subscription's ordinal and minimum score, its entry, flags, and the few criteria
 * its key may leave open, side by side in primitive arrays: the usual visit is a sequential read, and a run of
 * subscriptions without flags is copied to the result at once. Only a subscription filed under several keys is
 * looked up in a per-article bitset by ordinal (so it is reported once), and only one with a criterion its key
 * does not settle (a mute, the other topics of an all-topics subscription, frameworks beside countries) is
 * tested, from the posting's own arrays. Subscriptions with a keyword query that ask for nothing else are
 * appended as soon as their query matches.
 * <p>
 * Matching takes a read lock, changes a write lock: {@link #putAll} and {@link #remove} may run while articles
 * are matched.
 *
 * @param <K> the subscription key
 */
public final class SubscriptionIndex<K> implements Closeable {

    /** A subscription as indexed: what it asks for and until when it is muted (null: not muted). */
    public record Entry<K>(K key, SubscriptionCriteria criteria, Instant mutedUntil) {
    }

    /** Where a subscription is filed: under its countries, else its frameworks, else nowhere in particular. */
    private static final int NO_PLACE = 0;
    private static final int COUNTRY_NAMED = 1;
    private static final int COUNTRY_FOCUS = 2;
    private static final int FRAMEWORK_NAMED = 3;
    private static final int FRAMEWORK_FOCUS = 4;
    private static final int PLACE_KINDS = 5;
    private static final int NO_TOPIC = 0;
    private static final int ANY_LANGUAGE = 0;
    /** Posting flags: the subscription may be met again under another of the article's keys. */
    private static final byte FILED_MORE_THAN_ONCE = 1;
    /** Posting flags: muted until some time, which may be after the article's. */
    private static final byte MUTED = 2;
    /** Posting flags: all of several topics are asked for, and the key is the first one only. */
    private static final byte OTHER_TOPICS = 4;
    /** Posting flags: frameworks are asked for beside the countries of the key. */
    private static final byte FRAMEWORKS = 8;
    /** Posting flags: those frameworks must be the article focus's. */
    private static final byte FOCUS_FRAMEWORKS = 16;

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<K, Integer> ordinals = new HashMap<>();
    private final List<Compiled<K>> compiled = new ArrayList<>();
    private final IntStack freeOrdinals = new IntStack();
    private final PostingTable postings = new PostingTable();
    /** Per-article buffers, one per concurrent {@link #match}. */
    private final Queue<Scratch> scratches = new ConcurrentLinkedQueue<>();
    private final Dictionary topics = new Dictionary(Long.SIZE);
    private final Dictionary countries = new Dictionary(Integer.MAX_VALUE);
    private final Dictionary frameworks = new Dictionary(Integer.SIZE);
    private final Dictionary languages = new Dictionary(Integer.MAX_VALUE);
    private final Map<String, QueryGroup> queriesByText = new HashMap<>();
    private final KeywordQueries<QueryGroup> queries = new KeywordQueries<>();

    /** Adds or replaces subscriptions. */
    public void putAll(Collection<Entry<K>> entries) {
        lock.writeLock().lock();
        try {
            Map<K, Entry<K>> latest = new LinkedHashMap<>();
            entries.forEach(entry -> latest.put(entry.key(), entry));
            Set<QueryGroup> emptied = new LinkedHashSet<>();
            for (K key : latest.keySet()) {
                Integer known = ordinals.get(key);
                if (known != null) {
                    unfile(known, emptied);
                }
            }
            for (Entry<K> entry : latest.values()) {
                file(entry, emptied);
            }
            dropQueries(emptied);
        } finally {
            lock.writeLock().unlock();
        }
    }

    public void put(K key, SubscriptionCriteria criteria, Instant mutedUntil) {
        putAll(List.of(new Entry<>(key, criteria, mutedUntil)));
    }

    public void remove(K key) {
        removeAll(List.of(key));
    }

    public void removeAll(Collection<K> keys) {
        lock.writeLock().lock();
        try {
            Set<QueryGroup> emptied = new LinkedHashSet<>();
            for (K key : keys) {
                Integer ordinal = ordinals.get(key);
                if (ordinal != null) {
                    unfile(ordinal, emptied);
                }
            }
            dropQueries(emptied);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The indexed entry, or null. */
    public Entry<K> get(K key) {
        lock.readLock().lock();
        try {
            Integer ordinal = ordinals.get(key);
            return ordinal == null ? null : compiled.get(ordinal).entry;
        } finally {
            lock.readLock().unlock();
        }
    }

    public int size() {
        lock.readLock().lock();
        try {
            return ordinals.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The subscriptions the article matches, those muted at {@code now} left out; no particular order. */
    public List<Entry<K>> match(ClassifiedArticleEvent article, Instant now) {
        lock.readLock().lock();
        Scratch scratch = takeScratch();
        try {
            Probe probe = new Probe(article, now.toEpochMilli(), topics, countries, frameworks, languages);
            scratch.start(compiled.size());
            for (int kind = 0; kind < PLACE_KINDS; kind++) {
                int[] places = probe.places[kind];
                for (int i = 0; i < places.length; i++) {
                    for (int j = -1; j < probe.topics.length; j++) {
                        matchPostings(probe, kind, places[i], j, scratch);
                    }
                }
            }
            matchQueries(article, probe, scratch);
            return scratch.found();
        } finally {
            scratches.offer(scratch);
            lock.readLock().unlock();
        }
    }

    /** Forgets every subscription. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            removeAll(List.copyOf(ordinals.keySet()));
        } finally {
            lock.writeLock().unlock();
        }
    }

    // ---- matching

    /** The subscriptions filed under one of the article's places and its {@code j}-th topic (none when negative). */
    private void matchPostings(Probe probe, int kind, int place, int j, Scratch scratch) {
        int topicSlot = j < 0 ? NO_TOPIC : probe.topics[j] + 1;
        for (int languageSlot : probe.languageSlots) {
            Posting posting = postings.get(postingKey(kind, place, topicSlot, languageSlot));
            if (posting == null) {
                continue;
            }
            byte[] flags = posting.flags;
            Object[] entries = posting.entries;
            int end = j < 0 ? posting.size : posting.countUpTo(probe.scores[j]);
            for (int p = 0; p < end; p++) {
                int run = p;
                while (p < end && flags[p] == 0) {
                    p++;
                }
                scratch.addAll(entries, run, p - run);
                if (p < end) {
                    int flag = flags[p];
                    if (posting.holds(p, flag, probe) && ((flag & FILED_MORE_THAN_ONCE) == 0
                            || scratch.firstVisit(posting.ordinals[p]))) {
                        scratch.add(entries[p]);
                    }
                }
            }
        }
    }

    private void matchQueries(ClassifiedArticleEvent article, Probe probe, Scratch scratch) {
        if (queries.isEmpty()) {
            return;
        }
        for (QueryGroup group : queries.matching(article.title(), article.text())) {
            for (int g = 0; g < group.size; g++) {
                if (group.queryOnly[g] || group.holds(g, probe)) {
                    scratch.add(group.entries[g]);
                }
            }
        }
    }

    private Scratch takeScratch() {
        Scratch scratch = scratches.poll();
        return scratch == null ? new Scratch() : scratch;
    }

    // ---- maintenance

    private void file(Entry<K> entry, Set<QueryGroup> emptied) {
        int ordinal = freeOrdinals.isEmpty() ? compiled.size() : freeOrdinals.pop();
        Compiled<K> subscription = compile(entry);
        if (ordinal == compiled.size()) {
            compiled.add(subscription);
        } else {
            compiled.set(ordinal, subscription);
        }
        ordinals.put(entry.key(), ordinal);
        SubscriptionCriteria criteria = entry.criteria();
        if (criteria.query() != null) {
            Query query = parsedOrNull(criteria.query());
            if (query != null) {
                QueryGroup group = queriesByText.get(criteria.query());
                if (group == null) {
                    group = new QueryGroup(criteria.query());
                    queriesByText.put(group.text, group);
                    queries.add(group, query);
                }
                emptied.remove(group);
                group.add(ordinal, subscription);
                subscription.queryGroup = group;
            }
            return;
        }
        subscription.postingKeys = anchorKeys(subscription, criteria);
        byte flags = postingFlags(subscription);
        long otherTopics = (flags & OTHER_TOPICS) != 0 ? subscription.topics : 0;
        for (long key : subscription.postingKeys) {
            postings.getOrAdd(key).add(ordinal, subscription.minScore, subscription.entry, flags,
                    subscription.mutedUntil, otherTopics, subscription.frameworks);
        }
    }

    /** A stored query the parser no longer accepts can match nothing, as it would fail for every article. */
    private static Query parsedOrNull(String query) {
        try {
            return KeywordSearch.parse(query);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** What the matching loop must do beyond appending the entry when it meets this subscription in a posting. */
    private static byte postingFlags(Compiled<?> subscription) {
        int flags = subscription.postingKeys.length > 1 ? FILED_MORE_THAN_ONCE : 0;
        if (subscription.mutedUntil != Long.MIN_VALUE) {
            flags |= MUTED;
        }
        if (subscription.allTopics && Long.bitCount(subscription.topics) > 1) {
            flags |= OTHER_TOPICS;
        }
        if (subscription.countries.length > 0 && subscription.frameworks != 0) {
            flags |= subscription.focusOnly ? FRAMEWORKS | FOCUS_FRAMEWORKS : FRAMEWORKS;
        }
        return (byte) flags;
    }

    /** Filed under every (place, topic, language) that must be among the article's for it to match. */
    private long[] anchorKeys(Compiled<K> subscription, SubscriptionCriteria criteria) {
        int kind;
        int[] places;
        if (subscription.countries.length > 0) {
            kind = subscription.focusOnly ? COUNTRY_FOCUS : COUNTRY_NAMED;
            places = subscription.countries;
        } else if (subscription.frameworks != 0) {
            kind = subscription.focusOnly ? FRAMEWORK_FOCUS : FRAMEWORK_NAMED;
            places = bits(subscription.frameworks);
        } else {
            kind = NO_PLACE;
            places = new int[] {0};
        }
        int[] topicSlots;
        if (subscription.topics == 0) {
            topicSlots = new int[] {NO_TOPIC};
        } else if (subscription.allTopics) {
            topicSlots = new int[] {topics.ordinal(criteria.topics().getFirst()) + 1};
        } else {
            topicSlots = Arrays.stream(bits(subscription.topics)).map(topic -> topic + 1).toArray();
        }
        int[] languageSlots = subscription.languages.length == 0
                ? new int[] {ANY_LANGUAGE}
                : Arrays.stream(subscription.languages).map(language -> language + 1).toArray();
        long[] keys = new long[places.length * topicSlots.length * languageSlots.length];
        int k = 0;
        for (int place : places) {
            for (int topicSlot : topicSlots) {
                for (int languageSlot : languageSlots) {
                    keys[k++] = postingKey(kind, place, topicSlot, languageSlot);
                }
            }
        }
        return keys;
    }

    private void unfile(int ordinal, Set<QueryGroup> emptied) {
        Compiled<K> subscription = compiled.get(ordinal);
        for (long key : subscription.postingKeys) {
            postings.get(key).remove(ordinal);
        }
        QueryGroup group = subscription.queryGroup;
        if (group != null) {
            group.remove(ordinal);
            if (group.size == 0) {
                emptied.add(group);
            }
        }
        ordinals.remove(subscription.entry.key());
        compiled.set(ordinal, null);
        freeOrdinals.push(ordinal);
    }

    private void dropQueries(Set<QueryGroup> emptied) {
        for (QueryGroup group : emptied) {
            queriesByText.remove(group.text);
            queries.remove(group);
        }
    }

    private Compiled<K> compile(Entry<K> entry) {
        SubscriptionCriteria criteria = entry.criteria();
        Compiled<K> subscription = new Compiled<>(entry);
        for (String topic : criteria.topics()) {
            subscription.topics |= 1L << topics.ordinal(topic);
        }
        subscription.allTopics = criteria.topicsMode() == TopicsMode.ALL;
        subscription.minScore = criteria.minScore();
        subscription.countries = criteria.countries().stream().distinct().mapToInt(countries::ordinal).toArray();
        for (String framework : criteria.frameworks()) {
            subscription.frameworks |= 1 << frameworks.ordinal(framework);
        }
        subscription.focusOnly = criteria.focusOnly();
        subscription.languages = criteria.languages().stream().distinct().mapToInt(languages::ordinal).toArray();
        subscription.mutedUntil = entry.mutedUntil() == null ? Long.MIN_VALUE : entry.mutedUntil().toEpochMilli();
        return subscription;
    }

    private static long postingKey(int kind, int place, int topicSlot, int languageSlot) {
        return ((long) kind << 60) | ((long) place << 36) | ((long) topicSlot << 28) | languageSlot;
    }

    private static int[] bits(long mask) {
        int[] bits = new int[Long.bitCount(mask)];
        int b = 0;
        for (long rest = mask; rest != 0; rest &= rest - 1) {
            bits[b++] = Long.numberOfTrailingZeros(rest);
        }
        return bits;
    }

    /** One subscription in the shape the matching loop tests: masks and small ordinal arrays. */
    private static final class Compiled<K> {
        final Entry<K> entry;
        long topics;
        boolean allTopics;
        double minScore;
        int[] countries;
        int frameworks;
        boolean focusOnly;
        int[] languages;
        long mutedUntil;
        long[] postingKeys = new long[0];
        QueryGroup queryGroup;

        Compiled(Entry<K> entry) {
            this.entry = entry;
        }

        boolean asksOnlyForItsQuery() {
            return mutedUntil == Long.MIN_VALUE && topics == 0 && countries.length == 0 && frameworks == 0
                    && languages.length == 0;
        }
    }

    /** The article translated into the index's ordinals, once per match. */
    private static final class Probe {
        final long nowMillis;
        final int[] topics;
        final double[] scores;
        final int[] named;
        final int[] focus;
        final int namedFrameworks;
        final int focusFrameworks;
        final int language;
        /** The article's values per place kind, in the order postings are visited. */
        final int[][] places = new int[PLACE_KINDS][];
        /** Subscriptions without a language, and those in the article's. */
        final int[] languageSlots;

        private final Dictionary countries;
        private final Dictionary frameworks;

        Probe(ClassifiedArticleEvent article, long nowMillis, Dictionary topicOrdinals, Dictionary countryOrdinals,
                Dictionary frameworkOrdinals, Dictionary languageOrdinals) {
            this.nowMillis = nowMillis;
            this.countries = countryOrdinals;
            this.frameworks = frameworkOrdinals;
            Map<Integer, Double> best = new LinkedHashMap<>();
            for (ClassifiedArticleEvent.Topic topic : article.topics()) {
                int ordinal = topicOrdinals.find(topic.id());
                if (ordinal >= 0) {
                    best.merge(ordinal, topic.score(), Math::max);
                }
            }
            topics = best.keySet().stream().mapToInt(Integer::intValue).toArray();
            scores = best.values().stream().mapToDouble(Double::doubleValue).toArray();
            List<String> namedCodes = article.countries().stream().map(ClassifiedArticleEvent.Country::code).toList();
            named = knownCountries(namedCodes);
            focus = knownCountries(article.focus());
            namedFrameworks = frameworksOf(article, namedCodes);
            focusFrameworks = frameworksOf(article, article.focus());
            language = article.lang() == null ? -1 : languageOrdinals.find(article.lang().toLowerCase(Locale.ROOT));
            languageSlots = language < 0 ? new int[] {ANY_LANGUAGE} : new int[] {ANY_LANGUAGE, language + 1};
            places[NO_PLACE] = new int[] {0};
            places[COUNTRY_NAMED] = named;
            places[COUNTRY_FOCUS] = focus;
            places[FRAMEWORK_NAMED] = bits(namedFrameworks);
            places[FRAMEWORK_FOCUS] = bits(focusFrameworks);
        }

        long topicsAtLeast(double minScore) {
            long mask = 0;
            for (int i = 0; i < topics.length; i++) {
                if (scores[i] >= minScore) {
                    mask |= 1L << topics[i];
                }
            }
            return mask;
        }

        private int[] knownCountries(List<String> codes) {
            return codes.stream().mapToInt(countries::find).filter(ordinal -> ordinal >= 0).distinct().toArray();
        }

        /** As {@link SubscriptionMatcher}: the membership table, plus what the classifier attached to them. */
        private int frameworksOf(ClassifiedArticleEvent article, List<String> codes) {
            int mask = 0;
            for (String code : codes) {
                for (String framework : Taxonomy.frameworksOf(code)) {
                    mask |= frameworkBit(framework);
                }
            }
            for (ClassifiedArticleEvent.Country country : article.countries()) {
                if (codes.contains(country.code())) {
                    for (String framework : country.frameworks()) {
                        mask |= frameworkBit(framework);
                    }
                }
            }
            return mask;
        }

        private int frameworkBit(String framework) {
            int ordinal = frameworks.find(framework);
            return ordinal < 0 ? 0 : 1 << ordinal;
        }
    }

    /**
     * The subscriptions under one posting key, ascending by minimum score: their ordinals, entries and posting
     * flags side by side, so that the matching loop reads them in sequence. Minimum scores take few distinct
     * values: where each value's run ends is kept apart, so that finding how many an article's score reaches
     * searches a few values in one cache line rather than every subscription's.
     */
    private static final class Posting {
        int[] ordinals = new int[4];
        double[] minScores = new double[4];
        Object[] entries = new Object[4];
        byte[] flags = new byte[4];
        /** The criteria the key leaves open, read only where the flags say they are there. */
        long[] mutedUntil = new long[4];
        long[] allTopics = new long[4];
        int[] frameworks = new int[4];
        int size;
        /** The distinct minimum scores ascending, and the count of entries asking for at most each. */
        private double[] steps = new double[0];
        private int[] stepEnds = new int[0];

        void add(int ordinal, double minScore, Object entry, byte flag, long muted, long topics, int framework) {
            if (size == ordinals.length) {
                int capacity = size * 2;
                ordinals = Arrays.copyOf(ordinals, capacity);
                minScores = Arrays.copyOf(minScores, capacity);
                entries = Arrays.copyOf(entries, capacity);
                flags = Arrays.copyOf(flags, capacity);
                mutedUntil = Arrays.copyOf(mutedUntil, capacity);
                allTopics = Arrays.copyOf(allTopics, capacity);
                frameworks = Arrays.copyOf(frameworks, capacity);
            }
            int at = countUpTo(minScore);
            shift(at + 1, at);
            ordinals[at] = ordinal;
            minScores[at] = minScore;
            entries[at] = entry;
            flags[at] = flag;
            mutedUntil[at] = muted;
            allTopics[at] = topics;
            frameworks[at] = framework;
            size++;
            indexSteps();
        }

        void remove(int ordinal) {
            for (int i = 0; i < size; i++) {
                if (ordinals[i] == ordinal) {
                    shift(i, i + 1);
                    size--;
                    entries[size] = null;
                    indexSteps();
                    return;
                }
            }
        }

        /** Moves the entries from {@code from} to the end to {@code to}. */
        private void shift(int to, int from) {
            int length = size - from;
            System.arraycopy(ordinals, from, ordinals, to, length);
            System.arraycopy(minScores, from, minScores, to, length);
            System.arraycopy(entries, from, entries, to, length);
            System.arraycopy(flags, from, flags, to, length);
            System.arraycopy(mutedUntil, from, mutedUntil, to, length);
            System.arraycopy(allTopics, from, allTopics, to, length);
            System.arraycopy(frameworks, from, frameworks, to, length);
        }

        /** The criteria the flags of entry {@code p} say its key leaves open. */
        boolean holds(int p, int flag, Probe probe) {
            if ((flag & MUTED) != 0 && probe.nowMillis < mutedUntil[p]) {
                return false;
            }
            if ((flag & OTHER_TOPICS) != 0 && (probe.topicsAtLeast(minScores[p]) & allTopics[p]) != allTopics[p]) {
                return false;
            }
            return (flag & FRAMEWORKS) == 0 || (frameworks[p]
                    & ((flag & FOCUS_FRAMEWORKS) != 0 ? probe.focusFrameworks : probe.namedFrameworks)) != 0;
        }

        /** How many leading entries ask for at most {@code score}. */
        int countUpTo(double score) {
            int low = 0;
            int high = steps.length;
            while (low < high) {
                int middle = (low + high) >>> 1;
                if (steps[middle] <= score) {
                    low = middle + 1;
                } else {
                    high = middle;
                }
            }
            return low == 0 ? 0 : stepEnds[low - 1];
        }

        private void indexSteps() {
            int distinct = 0;
            for (int i = 0; i < size; i++) {
                if (i == size - 1 || minScores[i + 1] != minScores[i]) {
                    distinct++;
                }
            }
            double[] scores = new double[distinct];
            int[] ends = new int[distinct];
            int step = 0;
            for (int i = 0; i < size; i++) {
                if (i == size - 1 || minScores[i + 1] != minScores[i]) {
                    scores[step] = minScores[i];
                    ends[step++] = i + 1;
                }
            }
            steps = scores;
            stepEnds = ends;
        }
    }

    /**
     * Postings by key, open addressing on primitive keys: an article looks up a hundred or so keys. A posting
     * emptied by removals stays, as the keys are few (kinds x places x topics x languages in use).
     */
    private static final class PostingTable {
        private static final long EMPTY = 0;
        private static final long OCCUPIED = Long.MIN_VALUE;
        private long[] keys = new long[1024];
        private Posting[] values = new Posting[1024];
        private int size;

        /** Most keys an article looks up are absent: the key array alone tells, one cache line less. */
        Posting get(long key) {
            long stored = stored(key);
            int mask = keys.length - 1;
            for (int slot = slot(key, mask); ; slot = (slot + 1) & mask) {
                long at = keys[slot];
                if (at == stored) {
                    return values[slot];
                }
                if (at == EMPTY) {
                    return null;
                }
            }
        }

        Posting getOrAdd(long key) {
            Posting known = get(key);
            if (known != null) {
                return known;
            }
            if (2 * (size + 1) > keys.length) {
                grow();
            }
            Posting added = new Posting();
            insert(key, added);
            size++;
            return added;
        }

        private void insert(long key, Posting value) {
            int mask = keys.length - 1;
            int slot = slot(key, mask);
            while (keys[slot] != EMPTY) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = stored(key);
            values[slot] = value;
        }

        private void grow() {
            long[] oldKeys = keys;
            Posting[] oldValues = values;
            keys = new long[oldKeys.length * 2];
            values = new Posting[oldValues.length * 2];
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != EMPTY) {
                    insert(oldKeys[i] & ~OCCUPIED, oldValues[i]);
                }
            }
        }

        /** A key as stored: posting keys never use the sign bit, so a stored key is never {@link #EMPTY}. */
        private static long stored(long key) {
            return key | OCCUPIED;
        }

        private static int slot(long key, int mask) {
            long mixed = key * 0x9E3779B97F4A7C15L;
            return (int) (mixed ^ (mixed >>> 32)) & mask;
        }
    }

    /**
     * One match's buffers: the entries found so far, and a bit per subscription ordinal set when the article met
     * it under one of its keys, so a subscription filed under several of them is reported once.
     */
    private static final class Scratch {
        private long[] visited = new long[0];
        private Object[] found = new Object[256];
        private int size;

        void start(int ordinals) {
            int words = (ordinals + Long.SIZE - 1) / Long.SIZE;
            if (visited.length < words) {
                visited = new long[words];
            } else {
                Arrays.fill(visited, 0, words, 0L);
            }
            size = 0;
        }

        boolean firstVisit(int ordinal) {
            long bit = 1L << ordinal;
            long word = visited[ordinal >>> 6];
            visited[ordinal >>> 6] = word | bit;
            return (word & bit) == 0;
        }

        /** A run of entries that need no check, copied at once. */
        void addAll(Object[] entries, int from, int count) {
            if (size + count > found.length) {
                found = Arrays.copyOf(found, Math.max(size + count, found.length * 2));
            }
            System.arraycopy(entries, from, found, size, count);
            size += count;
        }

        void add(Object entry) {
            if (size == found.length) {
                found = Arrays.copyOf(found, size * 2);
            }
            found[size++] = entry;
        }

        @SuppressWarnings("unchecked")
        <K> List<Entry<K>> found() {
            // Not cleared: the next match overwrites them, and what they keep reachable is bounded by the
            // largest match.
            List<Object> copy = Arrays.asList(Arrays.copyOf(found, size));
            return (List<Entry<K>>) (List<?>) copy;
        }
    }

    /**
     * The subscriptions sharing one query text, whose query runs once per article: their ordinals and entries,
     * and their criteria side by side in primitive arrays, read in sequence rather than one object each (those
     * that ask for nothing else, nor are muted, have no criteria: they match with the query alone).
     */
    private static final class QueryGroup {
        private static final byte ALL_TOPICS = 1;
        private static final byte FOCUS_ONLY = 2;
        /** Up to three ordinals below 2^21 packed in a long, each plus one (0: no more); else -1 and an array. */
        private static final int PACKED_BITS = 21;
        private static final long PACKED_MASK = (1L << PACKED_BITS) - 1;
        private static final long UNPACKED = -1;

        final String text;
        int[] ordinals = new int[2];
        Object[] entries = new Object[2];
        boolean[] queryOnly = new boolean[2];
        long[] mutedUntil = new long[2];
        long[] topics = new long[2];
        double[] minScores = new double[2];
        byte[] modes = new byte[2];
        /** Packed, with the arrays only for the members whose values do not fit; 0: none asked for. */
        long[] countries = new long[2];
        int[][] manyCountries = new int[2][];
        int[] frameworks = new int[2];
        long[] languages = new long[2];
        int[][] manyLanguages = new int[2][];
        int size;

        QueryGroup(String text) {
            this.text = text;
        }

        void add(int ordinal, Compiled<?> subscription) {
            if (size == ordinals.length) {
                int capacity = size * 2;
                ordinals = Arrays.copyOf(ordinals, capacity);
                entries = Arrays.copyOf(entries, capacity);
                queryOnly = Arrays.copyOf(queryOnly, capacity);
                mutedUntil = Arrays.copyOf(mutedUntil, capacity);
                topics = Arrays.copyOf(topics, capacity);
                minScores = Arrays.copyOf(minScores, capacity);
                modes = Arrays.copyOf(modes, capacity);
                countries = Arrays.copyOf(countries, capacity);
                manyCountries = Arrays.copyOf(manyCountries, capacity);
                frameworks = Arrays.copyOf(frameworks, capacity);
                languages = Arrays.copyOf(languages, capacity);
                manyLanguages = Arrays.copyOf(manyLanguages, capacity);
            }
            ordinals[size] = ordinal;
            entries[size] = subscription.entry;
            queryOnly[size] = subscription.asksOnlyForItsQuery();
            mutedUntil[size] = subscription.mutedUntil;
            topics[size] = subscription.topics;
            minScores[size] = subscription.minScore;
            modes[size] = (byte) ((subscription.allTopics ? ALL_TOPICS : 0) | (subscription.focusOnly ? FOCUS_ONLY : 0));
            countries[size] = packed(subscription.countries);
            manyCountries[size] = countries[size] == UNPACKED ? subscription.countries : null;
            frameworks[size] = subscription.frameworks;
            languages[size] = packed(subscription.languages);
            manyLanguages[size] = languages[size] == UNPACKED ? subscription.languages : null;
            size++;
        }

        void remove(int ordinal) {
            for (int i = 0; i < size; i++) {
                if (ordinals[i] == ordinal) {
                    size--;
                    ordinals[i] = ordinals[size];
                    entries[i] = entries[size];
                    queryOnly[i] = queryOnly[size];
                    mutedUntil[i] = mutedUntil[size];
                    topics[i] = topics[size];
                    minScores[i] = minScores[size];
                    modes[i] = modes[size];
                    countries[i] = countries[size];
                    manyCountries[i] = manyCountries[size];
                    frameworks[i] = frameworks[size];
                    languages[i] = languages[size];
                    manyLanguages[i] = manyLanguages[size];
                    entries[size] = null;
                    manyCountries[size] = null;
                    manyLanguages[size] = null;
                    return;
                }
            }
        }

        /** Every structured criterion of member {@code g}; the keyword query is {@link KeywordQueries}'s part. */
        boolean holds(int g, Probe probe) {
            if (probe.nowMillis < mutedUntil[g]) {
                return false;
            }
            long wanted = topics[g];
            if (wanted != 0) {
                long passed = probe.topicsAtLeast(minScores[g]);
                if ((modes[g] & ALL_TOPICS) != 0 ? (passed & wanted) != wanted : (passed & wanted) == 0) {
                    return false;
                }
            }
            boolean focusOnly = (modes[g] & FOCUS_ONLY) != 0;
            long asked = countries[g];
            if (asked != 0 && !anyOf(asked, manyCountries[g], focusOnly ? probe.focus : probe.named)) {
                return false;
            }
            int framework = frameworks[g];
            if (framework != 0 && (framework & (focusOnly ? probe.focusFrameworks : probe.namedFrameworks)) == 0) {
                return false;
            }
            long spoken = languages[g];
            return spoken == 0 || contains(spoken, manyLanguages[g], probe.language);
        }

        /** A member's values read from its own slot: an array per member costs a cache miss each. */
        private static long packed(int[] values) {
            if (values.length > Long.SIZE / PACKED_BITS) {
                return UNPACKED;
            }
            long packed = 0;
            for (int i = 0; i < values.length; i++) {
                if (values[i] + 1L > PACKED_MASK) {
                    return UNPACKED;
                }
                packed |= (values[i] + 1L) << (i * PACKED_BITS);
            }
            return packed;
        }

        private static boolean anyOf(long asked, int[] unpacked, int[] present) {
            for (int value : present) {
                if (contains(asked, unpacked, value)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean contains(long asked, int[] unpacked, int value) {
            if (asked == UNPACKED) {
                for (int candidate : unpacked) {
                    if (candidate == value) {
                        return true;
                    }
                }
                return false;
            }
            for (long rest = asked; rest != 0; rest >>>= PACKED_BITS) {
                if ((rest & PACKED_MASK) == value + 1L) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Values seen in subscriptions, numbered from 0; an article's other values can match nothing. */
    private static final class Dictionary {
        private final Map<String, Integer> ordinals = new HashMap<>();
        private final int capacity;

        Dictionary(int capacity) {
            this.capacity = capacity;
        }

        int ordinal(String value) {
            Integer known = ordinals.get(value);
            if (known != null) {
                return known;
            }
            if (ordinals.size() == capacity) {
                throw new IllegalArgumentException("more than " + capacity + " distinct values, cannot index "
                        + value);
            }
            ordinals.put(value, ordinals.size());
            return ordinals.size() - 1;
        }

        int find(String value) {
            Integer known = value == null ? null : ordinals.get(value);
            return known == null ? -1 : known;
        }
    }

    private static final class IntStack {
        private int[] values = new int[8];
        private int size;

        boolean isEmpty() {
            return size == 0;
        }

        void push(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int pop() {
            return values[--size];
        }
    }
}
