package io.vigil.ingest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RobotsRulesTest {

    private static final String ROBOTS = """
            # comments are ignored
            User-agent: *
            Disallow: /private/
            Disallow: /*.pdf$
            Allow: /private/press/

            User-agent: OtherBot
            Disallow: /
            """;

    @Test
    void followsTheStarGroupWithLongestMatchAndWildcards() {
        RobotsRules rules = RobotsRules.parse(ROBOTS, "VigilBot");
        assertTrue(rules.allows("/news/1"));
        assertFalse(rules.allows("/private/feed.xml"));
        assertTrue(rules.allows("/private/press/feed.xml"));
        assertFalse(rules.allows("/files/report.pdf"));
        assertTrue(rules.allows("/files/report.pdf?download=1"));
    }

    @Test
    void aGroupNamingTheAgentReplacesTheStarGroup() {
        RobotsRules rules = RobotsRules.parse(ROBOTS + "\nUser-agent: vigilbot\nDisallow: /feeds/\n", "VigilBot");
        assertFalse(rules.allows("/feeds/rss.xml"));
        assertTrue(rules.allows("/private/feed.xml"));
        assertFalse(RobotsRules.parse(ROBOTS, "OtherBot").allows("/anything"));
    }

    @Test
    void emptyOrMissingRulesAllowEverything() {
        assertTrue(RobotsRules.parse("User-agent: *\nDisallow:\n", "VigilBot").allows("/x"));
        assertTrue(RobotsRules.allowAll().allows("/x"));
    }
}
