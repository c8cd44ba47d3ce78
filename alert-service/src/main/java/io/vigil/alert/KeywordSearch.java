package io.vigil.alert;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.Query;

/**
 * Keyword queries in Lucene syntax over an article's title and text. The article is indexed once in memory
 * and every subscription's query runs against that index.
 */
public final class KeywordSearch {

    public static final int MAX_QUERY_LENGTH = 1000;
    static final String FIELD = "text";
    static final Analyzer ANALYZER = new StandardAnalyzer();
    private static final Map<String, Query> PARSED = new ConcurrentHashMap<>();

    private final String title;
    private final String text;
    private MemoryIndex index;

    public KeywordSearch(String title, String text) {
        this.title = title == null ? "" : title;
        this.text = text == null ? "" : text;
    }

    /** @throws IllegalArgumentException with the parser's explanation when the query is not valid */
    public static Query parse(String query) {
        if (query.length() > MAX_QUERY_LENGTH) {
            throw new IllegalArgumentException("query is longer than " + MAX_QUERY_LENGTH + " characters");
        }
        try {
            QueryParser parser = new QueryParser(FIELD, ANALYZER);
            parser.setDefaultOperator(QueryParser.Operator.AND);
            return parser.parse(query);
        } catch (ParseException | RuntimeException e) {
            throw new IllegalArgumentException(firstLine(e.getMessage()), e);
        }
    }

    public boolean matches(String query) {
        if (index == null) {
            index = new MemoryIndex();
            index.addField(FIELD, content(title, text), ANALYZER);
        }
        return index.search(PARSED.computeIfAbsent(query, KeywordSearch::parse)) > 0.0f;
    }

    /** The one field queries run over, for {@link KeywordQueries} as for this in-memory index. */
    static String content(String title, String text) {
        return (title == null ? "" : title) + "\n" + (text == null ? "" : text);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid query";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
