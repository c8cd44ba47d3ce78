package io.vigil.alert;

import java.io.IOException;

import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.monitor.CustomQueryHandler;
import org.apache.lucene.monitor.QueryTree;
import org.apache.lucene.monitor.TermWeightor;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.WildcardQuery;

/**
 * Lets the Monitor's presearcher pick prefix and wildcard queries ({@code Київ*}, {@code kiber*hücum}) by their
 * leading letters. Without it the presearcher cannot tell which articles they may match and runs every one of
 * them for every article. A query is filed under the first {@value #LENGTH} letters of its literal prefix; an
 * article offers, beside each of its terms, that term's first one to {@value #LENGTH} letters.
 */
final class PrefixQueryHandler implements CustomQueryHandler {

    static final int LENGTH = 4;
    /** Keeps the filed prefixes apart from whole words. */
    private static final String MARK = "\u0001";

    @Override
    public QueryTree handleQuery(Query query, TermWeightor weightor) {
        Term term;
        if (query instanceof PrefixQuery prefixQuery) {
            term = prefixQuery.getPrefix();
        } else if (query instanceof WildcardQuery wildcardQuery) {
            term = wildcardQuery.getTerm();
        } else {
            return null;
        }
        String text = literalPrefix(term.text());
        if (text.isEmpty()) {
            return null;
        }
        return QueryTree.term(new Term(term.field(), leading(text) + MARK), weightor);
    }

    @Override
    public TokenStream wrapTermStream(String field, TokenStream terms) {
        return new LeadingLetters(terms);
    }

    private static String literalPrefix(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == WildcardQuery.WILDCARD_STRING || c == WildcardQuery.WILDCARD_CHAR
                    || c == WildcardQuery.WILDCARD_ESCAPE) {
                return pattern.substring(0, i);
            }
        }
        return pattern;
    }

    private static String leading(String text) {
        return text.substring(0, text.offsetByCodePoints(0, Math.min(LENGTH, text.codePointCount(0, text.length()))));
    }

    /** Each term, followed by its first 1 to {@value #LENGTH} letters, marked. */
    private static final class LeadingLetters extends TokenFilter {
        private final CharTermAttribute termAttribute = addAttribute(CharTermAttribute.class);
        /** Set on every token: the presearcher's filter downstream adds skipped increments to this attribute. */
        private final PositionIncrementAttribute positionIncrement = addAttribute(PositionIncrementAttribute.class);
        private String term;
        private int letters;
        private int emitted;

        LeadingLetters(TokenStream input) {
            super(input);
        }

        @Override
        public boolean incrementToken() throws IOException {
            if (term != null && emitted < letters) {
                emitted++;
                termAttribute.setEmpty().append(term, 0, term.offsetByCodePoints(0, emitted)).append(MARK);
                positionIncrement.setPositionIncrement(0);
                return true;
            }
            if (!input.incrementToken()) {
                return false;
            }
            term = termAttribute.toString();
            letters = Math.min(LENGTH, term.codePointCount(0, term.length()));
            emitted = 0;
            positionIncrement.setPositionIncrement(1);
            return true;
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            term = null;
        }
    }
}
